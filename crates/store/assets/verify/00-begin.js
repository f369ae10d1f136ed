/*
 * Undersigned — offline verifier for signatory bundles.
 *
 * An independent implementation of docs/FORMAT.md (format "undersigned/1") in plain JavaScript,
 * written from the specification and not from the Rust code: strict JSON (§1), canonical JSON
 * (§2), the signed messages (§3.1), Ed25519 under the strict cofactored rule of §3.2 (in pure
 * JavaScript with BigInt: WebCrypto's Ed25519 follows another rule), SHA-256 and SHA-512, the
 * field rules (§5), the Merkle log (§9) and the checks of §10.2 and §10.3. It gives the same
 * verdict and the same error codes (§13) as `undersigned verify`.
 *
 * It runs in the page verify.html (no network, no external resource: the page's Content Security
 * Policy forbids them) and in Node (tests/browser/), where `module.exports` is the library.
 * Nothing from a bundle is ever put into the page as HTML: only as text.
 */
'use strict';

(function () {
