// Verification results in words a journalist understands, by error code (FORMAT.md §13).
import type { Code } from './backend';

export const CODE_WORDS: Record<Code, string> = {
  malformed: 'The file is not a signatory list, or it is damaged.',
  'unsupported-format': 'The file is not an Undersigned signatory list of a version this app knows.',
  'too-large': 'The file is too large to be a signatory list.',
  'field-invalid': 'A value breaks the format’s rules (a name, a country, a date).',
  'key-invalid': 'A signing key is not a valid key.',
  'signature-invalid': 'A signature does not match: a name or text was changed after it was signed.',
  'digest-mismatch': 'The statement text was changed after the coalition fixed it.',
  'statement-mismatch': 'An entry was signed for another statement or version than this one.',
  'version-invalid': 'The statement versions listed do not match the ones carried.',
  'log-mismatch': 'The entries are not the ones the coalition signed: something was added, removed or reordered.',
  'counts-mismatch': 'The counts the coalition signed do not match the entries.',
  'duplicate-entry': 'The same endorsement appears twice.',
  'duplicate-signer': 'The same key signed twice.',
  'withdrawal-unmatched': 'A withdrawal names an endorsement that is not in the list.',
  'withdrawal-wrong-key': 'A withdrawal was not signed by the organization that signed the endorsement.',
  'withdrawal-duplicate': 'An endorsement is withdrawn twice.',
  'previous-mismatch': 'This release does not keep every entry of the previous one: something was dropped or altered.',
  'previous-invalid': 'The previous release you chose does not itself verify.',
};

export function where(at: string | null | undefined): string {
  if (!at) return '';
  const m = /^entries\[(\d+)\]$/.exec(at);
  if (m) return `entry ${Number(m[1]) + 1}`;
  const v = /^statement_versions\[(\d+)\]$/.exec(at);
  if (v) return `statement version ${Number(v[1]) + 1}`;
  return at === 'release' ? 'the release' : at;
}
