// Small formatting helpers shared by the screens.
// Formatters are made once: making one per call is slow, and long lists call these per row.
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const NUMBER = new Intl.NumberFormat('en-GB');

export function shortDate(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts.length === 10 ? ts + 'T00:00:00Z' : ts);
  if (Number.isNaN(d.getTime())) return ts;
  return SHORT_DATE.format(d);
}

export function dateTime(ts: string | null | undefined): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${NUMBER.format(n)} ${n === 1 ? one : many}`;
}

export function num(n: number): string {
  return NUMBER.format(n);
}

/** A digest shown in groups of eight for reading aloud. */
export function groupHex(h: string, size = 8): string {
  return (h.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ');
}

export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Passphrase strength: 0 (weak) to 4 (strong), with a word for people. */
export function strength(p: string): { score: number; label: string; hint: string } {
  if (!p) return { score: 0, label: '', hint: 'Use four or more unrelated words, or 14+ characters.' };
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
  const label = ['Too weak', 'Weak', 'Fair', 'Good', 'Strong'][score];
  const hint = score < 3 ? 'Longer is better: four or more unrelated words, or 14+ characters.' : 'Keep it somewhere safe: it cannot be recovered.';
  return { score, label, hint };
}

/** A file name made from a person's or organization's name, for a save dialog's suggestion:
 *  only ASCII letters and digits survive (dashes between), so a name never becomes a path. */
export function fileNameFor(prefix: string, name: string, ext = 'json'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${prefix}-${slug || 'signed'}.${ext}`;
}
