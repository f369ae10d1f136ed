// The UI's languages: svelte-i18n with ICU messages, all bundled (nothing is loaded from a
// network). In .svelte files use `$_('key', { values })`; in TypeScript modules use `t()`,
// which reads the current language as reactive state so that markup calling it follows a change.
import { addMessages, init, locale, format } from 'svelte-i18n';
import type { Readable } from 'svelte/store';
import en from './en.json';
import fr from './fr.json';
import es from './es.json';
import ar from './ar.json';

/** Each language named in itself, for the language menu. */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];
export const MESSAGES: Record<Lang, Record<string, unknown>> = { en, fr, es, ar };
const STORAGE_KEY = 'undersigned.language';

for (const l of LANGUAGES) addMessages(l.code, MESSAGES[l.code] as Record<string, string>);

const current = $state({ lang: 'en' as Lang });
type Formatter = typeof format extends Readable<infer F> ? F : never;
let fmt: Formatter = (id) => String(id);

export function isLang(l: string | null | undefined): l is Lang {
  return !!l && LANGUAGES.some((x) => x.code === l);
}

/** The remembered choice, else the first of the system's languages the app has, else English. */
export function detectLanguage(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* no storage: use the system's language */
  }
  const wanted = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
  for (const w of wanted) {
    const primary = (w ?? '').toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return 'en';
}

function apply(l: Lang) {
  current.lang = l;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = l;
    document.documentElement.dir = LANGUAGES.find((x) => x.code === l)?.dir ?? 'ltr';
  }
}

/** Starts the library, synchronously (every language is bundled). */
export function setupI18n(initial: Lang = detectLanguage()) {
  init({ fallbackLocale: 'en', initialLocale: initial });
  apply(initial);
}

/** Changes the language live and remembers it. */
export function setLanguage(l: Lang) {
  locale.set(l);
  apply(l);
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* not remembered: the next start follows the system again */
  }
}

locale.subscribe((l) => {
  const primary = (l ?? '').split('-')[0];
  if (isLang(primary) && primary !== current.lang) apply(primary);
});
format.subscribe((f) => (fmt = f));

/** The current language (reactive: markup and $derived reading it follow a change). */
export function lang(): Lang {
  return current.lang;
}

/** A message for TypeScript modules; `values` fill its ICU placeholders. */
export function t(id: string, values?: Record<string, string | number | boolean | Date | null | undefined>): string {
  void current.lang;
  return fmt(id, values ? { values } : undefined);
}
