// The languages' check (run by `npm test`): every language has exactly the English keys, with
// the same placeholders; every key is used by the UI; and no .svelte file shows people a
// literal string that does not go through the i18n library.
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'svelte/compiler';
import { getMessageFormatter } from 'svelte-i18n';
import { ERROR_CODES } from '../backend/generated/errorCodes';
import { REGIONS, VERIFICATION_CODES } from '../verdict';
import { PROGRESS_STAGES, PROGRESS_UNITS } from '../format';
import { LANGUAGES, MESSAGES } from './index.svelte';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

// The placeholders of an ICU message ({name}, {count, plural, ...}), nested ones included.
function argumentsOf(message: string, lang: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown): void => {
    if (!Array.isArray(nodes)) return;
    for (const n of nodes as { value?: unknown; type: number; options?: Record<string, { value: unknown }> }[]) {
      if (n.type !== 0 && typeof n.value === 'string') names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(getMessageFormatter(message, lang).getAst());
  return [...names].sort();
}

const sources = import.meta.glob(['/src/**/*.ts', '/src/**/*.svelte', '!/src/**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;
const en = flatten(MESSAGES.en as Tree);

// Keys made at run time from a list, by prefix: each prefix with every value it can take.
const DYNAMIC: Record<string, readonly string[]> = {
  errors: ERROR_CODES,
  codes: VERIFICATION_CODES,
  'verify.region': REGIONS,
  'progress.stage': PROGRESS_STAGES,
  'progress.unit': PROGRESS_UNITS,
};

describe('languages', () => {
  for (const { code, dir } of LANGUAGES) {
    const messages = flatten(MESSAGES[code] as Tree);
    it(`${code} has every English key and no other`, () => {
      expect(
        [...en.keys()].filter((k) => !messages.has(k)),
        `missing in ${code}`,
      ).toEqual([]);
      expect(
        [...messages.keys()].filter((k) => !en.has(k)),
        `in ${code} but not in English`,
      ).toEqual([]);
    });
    it(`${code}: every message is valid ICU with the English placeholders`, () => {
      const wrong: string[] = [];
      for (const [k, v] of messages) {
        if (!v.trim()) wrong.push(`${k}: empty`);
        else if (en.has(k) && argumentsOf(v, code).join() !== argumentsOf(en.get(k)!, 'en').join()) wrong.push(`${k}: ${argumentsOf(v, code).join()}`);
      }
      expect(wrong).toEqual([]);
    });
    if (dir === 'rtl') {
      it(`${code}: a file path, a name or a backend detail inside a sentence is isolated (FSI … PDI), so that it keeps its own direction`, () => {
        const bare: string[] = [];
        for (const [k, v] of messages) {
          for (const p of ['path', 'dir', 'file', 'detail', 'lead', 'name', 'fingerprint']) {
            if (v.split(`{${p}}`).length - 1 !== v.split(`\u2068{${p}}\u2069`).length - 1) bare.push(`${k}: {${p}}`);
          }
        }
        expect(bare).toEqual([]);
      });
    }
  }

  it('every key is used by the UI, and every key the UI uses exists', () => {
    const used = new Set<string>();
    const literal = /(['"])([a-z][\w-]*(?:\.[\w -]+)+)\1/g;
    const dynamic = /`([a-z][\w.]*)\.\$\{/g;
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(literal)) if (en.has(m[2])) used.add(m[2]);
      for (const m of text.matchAll(dynamic)) {
        expect(Object.keys(DYNAMIC), `${file}: keys built at run time from \`${m[1]}.\${…}\`: list their values in DYNAMIC`).toContain(m[1]);
      }
      // Keys asked for by name must exist.
      for (const m of text.matchAll(/(?:\$_|\bt)\(\s*(['"])([a-z][\w-]*(?:\.[\w -]+)+)\1/g)) expect(en.has(m[2]), `${file}: unknown key ${m[2]}`).toBe(true);
    }
    for (const [prefix, values] of Object.entries(DYNAMIC)) {
      for (const v of values) {
        expect(en.has(`${prefix}.${v}`), `no message for ${prefix}.${v}`).toBe(true);
        used.add(`${prefix}.${v}`);
      }
    }
    expect(
      [...en.keys()].filter((k) => !used.has(k)),
      'keys no source file uses',
    ).toEqual([]);
  });
});

// ----- No literal text for people in the markup -----

// Shown as they are in every language: the app's name, its logo letter, examples of codes.
const ALLOWED = new Set(['Undersigned', 'U', 'https://…', 'en', 'fr']);
const ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt']);
const hasWords = (s: string) => /\p{L}/u.test(s) && !ALLOWED.has(s.trim());
const isKey = (s: string) => /^[a-z][\w-]*(\.[\w -]+)+$/.test(s);

type Node = { type?: string; [k: string]: unknown };

// String literals and template text in an expression shown to people, except those compared
// (`x === 'open'`), used as keys, or passed to the library.
function literalsIn(expr: unknown, out: string[], parent: Node | null = null): void {
  if (!expr || typeof expr !== 'object') return;
  if (Array.isArray(expr)) {
    for (const e of expr) literalsIn(e, out, parent);
    return;
  }
  const n = expr as Node;
  if (n.type === 'Literal' && typeof n.value === 'string') {
    if (parent?.type !== 'BinaryExpression' && parent?.type !== 'Property' && hasWords(n.value) && !isKey(n.value)) out.push(n.value);
    return;
  }
  if (n.type === 'TemplateElement') {
    const raw = (n.value as { cooked?: string }).cooked ?? '';
    if (hasWords(raw)) out.push(raw);
    return;
  }
  if (n.type === 'CallExpression' && (n.callee as Node).type === 'Identifier' && ['$_', 't'].includes((n.callee as { name: string }).name)) return;
  if (n.type === 'MemberExpression') return literalsIn(n.object, out, n);
  for (const [k, v] of Object.entries(n)) if (k !== 'loc' && k !== 'start' && k !== 'end' && k !== 'metadata') literalsIn(v, out, n);
}

function literalText(source: string): string[] {
  const ast = parse(source, { modern: true });
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as Node;
    if (n.type === 'Text' && hasWords(String(n.data))) found.push(String(n.data).trim());
    if (n.type === 'ExpressionTag') literalsIn(n.expression, found);
    if (n.type === 'Attribute' && ATTRIBUTES.has(String(n.name)) && Array.isArray(n.value)) {
      for (const part of n.value as Node[]) {
        if (part.type === 'Text' && hasWords(String(part.data))) found.push(String(part.data).trim());
        if (part.type === 'ExpressionTag') literalsIn(part.expression, found);
      }
      return;
    }
    // Other attributes and directives (class:, style:, bind:) are not read as text.
    if (n.type === 'Attribute' || n.type === 'SpreadAttribute' || String(n.type).endsWith('Directive') || n.type === 'Script' || n.type === 'StyleSheet')
      return;
    for (const [k, v] of Object.entries(n)) if (k !== 'metadata') visit(v);
  };
  visit(ast.fragment);
  return found;
}

describe('markup', () => {
  it('the scanner finds literal text', () => {
    expect(literalText('<p>Hello <b>{name}</b></p>')).toEqual(['Hello']);
    expect(literalText('<input placeholder="Search" /><img alt="A cat" src="x" />')).toEqual(['Search', 'A cat']);
    expect(literalText("<p>{busy ? 'Saving…' : $_('save')}</p>")).toEqual(['Saving…']);
    expect(literalText('<p>{`${n} more`}</p>')).toEqual([' more']);
    expect(literalText("<p>{x === 'open' ? $_('a.b') : '—'} · {$_('c.d', { values: { n } })}</p>")).toEqual([]);
  });

  for (const [file, text] of Object.entries(sources)) {
    if (!file.endsWith('.svelte')) continue;
    it(`${file} shows no literal text`, () => {
      expect(literalText(text)).toEqual([]);
    });
  }
});

describe('choosing a language', () => {
  it('starts in the system language it has, changes live, sets lang and dir, and remembers', async () => {
    const { setLanguage, detectLanguage, t } = await import('./index.svelte');
    const { num, shortDate } = await import('../format');
    localStorage.clear();
    const nav = vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ar-EG', 'en']);
    expect(detectLanguage()).toBe('ar');
    nav.mockReturnValue(['de-DE']);
    expect(detectLanguage()).toBe('en');
    try {
      setLanguage('ar');
      expect(document.documentElement.dir).toBe('rtl');
      expect(document.documentElement.lang).toBe('ar');
      expect(t('nav.home')).toBe('الرئيسية');
      expect(detectLanguage()).toBe('ar');
      setLanguage('fr');
      expect(document.documentElement.dir).toBe('ltr');
      expect(t('collect.summary', { files: 2, accepted: 1, review: 1, rejected: 0 })).toMatch(/^2 fichiers/);
      expect(num(98000)).toBe(new Intl.NumberFormat('fr').format(98000));
      expect(shortDate('2026-03-05')).toBe('5 mars 2026');
    } finally {
      setLanguage('en');
      localStorage.clear();
      nav.mockRestore();
    }
    expect(t('nav.home')).toBe('Home');
    expect(document.documentElement.dir).toBe('ltr');
  });
});
