// Small formatting helpers shared by the screens, in the UI's language (dates and numbers by
// Intl). Formatters are made once a language: making one per call is slow, and long lists call
// these per row.
import { lang, t } from './i18n/index.svelte';
import type { FileKind } from './backend';

const made = new Map<string, { shortDate: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat; number: Intl.NumberFormat }>();
function fmt() {
  const l = lang();
  let f = made.get(l);
  if (!f) {
    f = {
      shortDate: new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
      dateTime: new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
      number: new Intl.NumberFormat(l),
    };
    made.set(l, f);
  }
  return f;
}

/** A statement's title in the UI's language when it has one, else in its first language. */
export function titleOf(s: { title: string; titles: Record<string, string> }): string {
  return s.titles[lang()] ?? s.title;
}

export function shortDate(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts.length === 10 ? ts + 'T00:00:00Z' : ts);
  if (Number.isNaN(d.getTime())) return ts;
  return fmt().shortDate.format(d);
}

export function dateTime(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return fmt().dateTime.format(d) + ' UTC';
}

export function num(n: number): string {
  return fmt().number.format(n);
}

/** A number with exactly `digits` decimals, in the UI's language. */
export function decimal(n: number, digits: number): string {
  return new Intl.NumberFormat(lang(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** A digest shown in groups of eight for reading aloud. */
export function groupHex(h: string, size = 8): string {
  return (h.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ');
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Passphrase strength: 0 (weak) to 4 (strong), with a word for people (in the UI's language). */
export function strength(p: string): { score: number; label: string; hint: string } {
  if (!p) return { score: 0, label: '', hint: t('strength.hintEmpty') };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  const pool = [0, 26, 52, 62, 90][classes];
  let bits = Math.log2(pool) * p.length;
  const words = p
    .trim()
    .split(/\s+/)
    .filter((w) => w.length >= 3).length;
  if (words >= 4) bits = Math.max(bits, words * 11);
  if (/^(.)\1+$/.test(p) || /password|123456|qwerty|letmein/i.test(p)) bits = Math.min(bits, 10);
  const score = bits < 28 ? 0 : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  const label = t(['strength.tooWeak', 'strength.weak', 'strength.fair', 'strength.good', 'strength.strong'][score]);
  const hint = t(score < 3 ? 'strength.hintWeak' : 'strength.hintStrong');
  return { score, label, hint };
}

/** The extension each kind of file is written with (FORMAT.md); any extension is read, .json too,
 *  as the backend decides a file's kind by its content. */
export const EXTENSIONS = {
  invitation: 'undersigned-invitation',
  endorsement: 'undersigned-endorsement',
  withdrawal: 'undersigned-withdrawal',
  bundle: 'undersigned-bundle',
  key: 'undersigned-key',
} as const satisfies Record<Exclude<FileKind, 'newer' | 'unknown'>, string>;

/** A file name for a save dialog's suggestion: `name` (a title, a person's or organization's name)
 *  made safe, else `fallback`, with the extension of `kind`. Only ASCII letters and digits survive
 *  (dashes between), so a name never becomes a path. */
export function fileNameFor(kind: keyof typeof EXTENSIONS, name: string, fallback: string = kind): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || fallback}.${EXTENSIONS[kind]}`;
}

// Progress stages and units as the backend names them (crates/store), each with a message.
export const PROGRESS_STAGES = ['signing and importing', 'importing', 'verifying', 'checking', 'releasing', 'signing', 'writing', 'publishing'] as const;
export const PROGRESS_UNITS = ['files', 'entries', 'signatories'] as const;

/** "verifying bundle.json" in the UI's language: the known first words translated, the rest kept. */
export function stageWords(stage: string): string {
  const known = PROGRESS_STAGES.find((k) => stage === k || stage.startsWith(k + ' '));
  if (!known) return stage.charAt(0).toUpperCase() + stage.slice(1);
  return t(`progress.stage.${known}`) + stage.slice(known.length);
}

/** "files", "entries" for `count`, in the UI's language; an unknown unit as it is. */
export function unitWords(unit: string, count: number): string {
  return (PROGRESS_UNITS as readonly string[]).includes(unit) ? t(`progress.unit.${unit}`, { count }) : unit;
}
