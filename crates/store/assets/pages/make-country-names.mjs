// Writes country-names.tsv beside this file: each ISO 3166-1 code that core accepts
// (crates/core/src/country_list.rs), with its name in French, Spanish and Arabic, as CLDR gives
// them through Node's Intl.DisplayNames. The publication pages name countries with it (English
// names are core's). Run by `make country-names`; the file is committed, and its header records
// the ICU and CLDR versions it came from.
//
//   node crates/store/assets/pages/make-country-names.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const list = readFileSync(join(here, '..', '..', '..', 'core', 'src', 'country_list.rs'), 'utf8');
const codes = [...list.matchAll(/\("([A-Z]{2})", "/g)].map((m) => m[1]);
if (codes.length !== 249) throw new Error(`expected 249 codes, found ${codes.length}`);
const languages = ['fr', 'es', 'ar'];
const names = Object.fromEntries(languages.map((l) => [l, new Intl.DisplayNames([l], { type: 'region', fallback: 'none' })]));
const lines = [
  `# ISO 3166-1 code, then its name in ${languages.join(', ')} (CLDR ${process.versions.cldr}, ICU ${process.versions.icu}), tab-separated.`,
];
for (const code of codes) {
  const row = languages.map((l) => {
    const n = names[l].of(code);
    if (!n || /[\t\n]/.test(n)) throw new Error(`no usable ${l} name for ${code}: ${n}`);
    return n;
  });
  lines.push([code, ...row].join('\t'));
}
writeFileSync(join(here, 'country-names.tsv'), lines.join('\n') + '\n');
console.log(`country-names.tsv: ${codes.length} countries in ${languages.join(', ')}`);
