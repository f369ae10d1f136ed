// Loads the JavaScript verifier of verify.html as Node sees it: the files of
// crates/store/assets/verify/, concatenated in the order of their names (as the Rust side embeds
// them in the page), evaluated as one CommonJS module. Returns its `module.exports`.

import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import vm from 'node:vm';

export function verifierSource(root) {
  const dir = join(root, 'crates', 'store', 'assets', 'verify');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

export function loadVerifier(root) {
  const module = { exports: {} };
  const filename = resolve(root, 'crates', 'store', 'assets', 'verify', '(all).js');
  const wrapper = vm.compileFunction(verifierSource(root), ['module', 'exports', 'require'], { filename });
  wrapper(module, module.exports, createRequire(filename));
  return module.exports;
}
