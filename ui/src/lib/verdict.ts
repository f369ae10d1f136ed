// Verification results in words a journalist understands, by error code (FORMAT.md §13).
import type { Code } from './backend';
import { t } from './i18n/index.svelte';

// Every code, checked complete by the type: each has a message `codes.<code>` in every language.
const ALL: Record<Code, true> = {
  malformed: true,
  'unsupported-format': true,
  'too-large': true,
  'field-invalid': true,
  'key-invalid': true,
  'signature-invalid': true,
  'digest-mismatch': true,
  'statement-mismatch': true,
  'version-invalid': true,
  'log-mismatch': true,
  'counts-mismatch': true,
  'duplicate-entry': true,
  'duplicate-signer': true,
  'withdrawal-unmatched': true,
  'withdrawal-wrong-key': true,
  'withdrawal-duplicate': true,
  'previous-mismatch': true,
  'previous-invalid': true,
  'time-order': true,
  'equivocation-unproven': true,
  'evidence-invalid': true,
  'attestation-invalid': true,
  'checkpoint-mismatch': true,
  'cosignature-invalid': true,
  'quorum-not-met': true,
  'commitment-mismatch': true,
  'vouch-invalid': true,
  'reveal-unmatched': true,
  'reveal-duplicate': true,
};
export const VERIFICATION_CODES = Object.keys(ALL) as Code[];

export function codeWords(code: Code): string {
  return t(`codes.${code}`);
}

export function where(at: string | null | undefined): string {
  if (!at) return '';
  const m = /^entries\[(\d+)\]$/.exec(at);
  if (m) return t('where.entry', { n: Number(m[1]) + 1 });
  const v = /^statement_versions\[(\d+)\]$/.exec(at);
  if (v) return t('where.version', { n: Number(v[1]) + 1 });
  return at === 'release' ? t('where.release') : at;
}

// The regions a signatory not named may give (FORMAT.md §14.9), and "not stated": each has a
// message `verify.region.<region>` in every language.
export const REGIONS = ['africa', 'americas', 'asia', 'europe', 'oceania', 'not-stated'] as const;
