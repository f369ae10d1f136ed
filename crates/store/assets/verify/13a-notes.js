  // ---------------------------------------------------------------------------------------------
  // Format 1.1 (§14): C2SP signed notes and checkpoints (§14.8), consistency proofs (RFC 9162
  // §2.1.4) and equivocation proofs (§14.13), as crates/core reads them (base64.rs, note.rs,
  // checkpoint.rs, consistency.rs, equivocation.rs).
  // ---------------------------------------------------------------------------------------------

  const FORMAT_1_1 = 'undersigned/1.1';
  const NOTE_MAX_BYTES = 65536;
  const NOTE_MAX_LINES = 64;
  const NOTE_TYPE_ED25519 = 0x01;
  const EQUIVOCATION_MAX_PROOF = 63;
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64_VALUE = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i;

  /** Standard base64 with padding (RFC 4648 §4), canonical (no bits beyond the data); else null. */
  function base64Decode(text) {
    if (typeof text !== 'string' || text.length % 4 !== 0) return null;
    const out = [];
    const groups = text.length / 4;
    for (let g = 0; g < groups; g++) {
      const group = text.slice(4 * g, 4 * g + 4);
      const pad = group.endsWith('==') ? 2 : group.endsWith('=') ? 1 : 0;
      if (pad > 0 && g + 1 !== groups) return null;
      let n = 0;
      for (let i = 0; i < 4 - pad; i++) {
        const c = group.charCodeAt(i);
        const v = c < 128 ? B64_VALUE[c] : -1;
        if (v < 0) return null;
        n = n * 64 + v;
      }
      n *= 64 ** pad;
      const bytes = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
      const keep = 3 - pad;
      if (bytes.slice(keep).some((b) => b !== 0)) return null;
      out.push(...bytes.slice(0, keep));
    }
    return Uint8Array.from(out);
  }

  // A key name has no White_Space (09-unicode.js) and no `+` (§14.8).
  const keyNameOk = (name) => name.length > 0 && !Array.from(name).some((c) => isWhiteSpace(c.codePointAt(0)) || c === '+');

  /**
   * A note of §14.8's form: `{text, lines: [{name, keyId, signature}]}`, the text up to the line
   * feed before the last empty line; or `{error}` saying why it is not one.
   */
  function parseNote(note) {
    if (utf8.encode(note).length > NOTE_MAX_BYTES) return { error: `the note is larger than ${NOTE_MAX_BYTES} bytes` };
    for (let i = 0; i < note.length; i++) {
      const c = note.charCodeAt(i);
      if (c < 0x20 && c !== 0x0a) return { error: 'the note holds a control character other than a line feed' };
    }
    if (!note.endsWith('\n')) return { error: 'the note does not end with a line feed' };
    const split = note.lastIndexOf('\n\n');
    if (split < 0 || split + 2 === note.length) return { error: 'the note has no empty line before its signatures' };
    const text = note.slice(0, split + 1);
    const lines = [];
    const raw = note.slice(split + 2, -1).split('\n');
    for (let i = 0; i < raw.length; i++) {
      if (i >= NOTE_MAX_LINES) return { error: `the note has more than ${NOTE_MAX_LINES} signature lines` };
      const m = /^— ([^ ]*) (.*)$/s.exec(raw[i]);
      const bytes = m && base64Decode(m[2]);
      if (!m || !bytes || !keyNameOk(m[1]) || bytes.length < 4) return { error: `signature line ${i + 1} is not of the form "— name base64"` };
      lines.push({ name: m[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) });
    }
    return { text, lines };
  }

  /** The key id of a key named `name`, of signature type `type`: SHA-256(name ‖ 0x0A ‖ type ‖ key)[0..4]. */
  const noteKeyId = (name, type, key) => sha256(concatBytes([utf8.encode(name), Uint8Array.of(0x0a, type), key])).subarray(0, 4);

  /**
   * Whether the lead signed the note (§14.8 check 16; §14.13 check 2): at least one line of the
   * lead's (key name `origin`, the lead's key id), and every such line 64 signature bytes that
   * verify over the note's text.
   */
  function leadSigned(note, origin, leadKey) {
    const id = noteKeyId(origin, NOTE_TYPE_ED25519, leadKey);
    const mine = note.lines.filter((l) => l.name === origin && bytesEqual(l.keyId, id));
    const message = utf8.encode(note.text);
    return mine.length > 0 && mine.every((l) => l.signature.length === 64 && ed25519Verify(leadKey, l.signature, message) === null);
  }

  const nodeHash = (left, right) => sha256(concatBytes([Uint8Array.of(1), left, right]));

  /** RFC 9162 §2.1.4.2: whether `proof` shows the tree of m leaves (root `old`) a prefix of the tree of n (root `young`). */
  function consistencyVerifies(m, n, old, young, proof) {
    if (m > n) return false;
    if (m === 0) return proof.length === 0;
    if (m === n) return proof.length === 0 && bytesEqual(old, young);
    let fn = BigInt(m) - 1n;
    let sn = BigInt(n) - 1n;
    const path = (BigInt(m) & (BigInt(m) - 1n)) === 0n ? [old, ...proof] : [...proof];
    if (path.length === 0) return false;
    while ((fn & 1n) === 1n) {
      fn >>= 1n;
      sn >>= 1n;
    }
    let fr = path[0];
    let sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0n) return false;
      if ((fn & 1n) === 1n || fn === sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) {
            fn >>= 1n;
            sn >>= 1n;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    return bytesEqual(fr, old) && bytesEqual(sr, young) && sn === 0n;
  }

  /** A note whose text is a checkpoint text (§14.8): `{note, origin, leadKey, size, root}`, or `{error}`. */
  function checkpointSide(noteText) {
    const note = parseNote(noteText);
    if (note.error) return note;
    const lines = note.text.slice(0, -1).split('\n');
    if (lines.length !== 3) return { error: `its text has ${lines.length} lines, not the three of a checkpoint` };
    const [origin, size, root] = lines;
    const o = /^undersigned\/([0-9a-f]{64})\/([0-9a-f]{32})$/.exec(origin);
    if (!o) return { error: 'its origin is not undersigned/<64 hex digits>/<32 hex digits>' };
    if (!/^(0|[1-9][0-9]{0,15})$/.test(size) || Number(size) > MAX_INTEGER) {
      return { error: 'its size is not a decimal number without leading zeros, at most 2^53 − 1' };
    }
    const r = base64Decode(root);
    if (!r || r.length !== 32) return { error: 'its root is not the base64 of 32 bytes' };
    return { note, origin, leadKey: fromHex(o[1], 32), size: Number(size), root: r };
  }

  S.equivocationProof = shape({ format: str, type: str, a: str, b: str, 'consistency?': shape({ old_root: str, proof: list(str) }) });

  /** The format a 1.1 artefact claims that is not read here (§14.3 steps 3–4), when it does not parse. */
  function foreignFormat11(text) {
    let v;
    try {
      v = parseJson(text, false);
    } catch (e) {
      return null;
    }
    const own = v instanceof Map ? v.get('format') : undefined;
    if (typeof own === 'string' && own !== FORMAT_1_1) return own;
    return foreignIn(v, (f) => f === FORMAT || f === FORMAT_1_1);
  }

  /** The failures of an equivocation proof (§14.13), read: at most one, the first. */
  function verifyEquivocationProof(p) {
    const field = (at, message) => [failure('field-invalid', message, at)];
    const a = checkpointSide(p.a);
    if (a.error) return field('a', `note a: ${a.error}`);
    const b = checkpointSide(p.b);
    if (b.error) return field('b', `note b: ${b.error}`);
    if (a.origin !== b.origin) return field('b', 'the two checkpoints are of different logs (their origins differ)');
    if (a.size > b.size) return field('b', `checkpoint b (${b.size}) is smaller than checkpoint a (${a.size})`);
    const needed = a.size > 0 && a.size < b.size;
    if (needed && !p.consistency) return field('consistency', 'a consistency proof is needed when 0 < m < n');
    if (!needed && p.consistency) return field('consistency', 'a consistency proof is given only when 0 < m < n');
    let oldRoot = null;
    let hashes = [];
    if (p.consistency) {
      oldRoot = base64Decode(p.consistency.old_root);
      if (!oldRoot || oldRoot.length !== 32) return field('consistency', 'old_root is not the base64 of 32 bytes');
      if (p.consistency.proof.length > EQUIVOCATION_MAX_PROOF) return field('consistency', `the proof has more than ${EQUIVOCATION_MAX_PROOF} hashes`);
      hashes = p.consistency.proof.map(base64Decode);
      const bad = hashes.findIndex((h) => !h || h.length !== 32);
      if (bad >= 0) return field('consistency', `hash ${bad + 1} of the proof is not the base64 of 32 bytes`);
    }
    for (const [at, side] of [['a', a], ['b', b]]) {
      if (!leadSigned(side.note, side.origin, side.leadKey)) {
        return [failure('signature-invalid', `note ${at} has no signature of the lead key its origin names, or one that does not verify`, at)];
      }
    }
    const shown =
      a.size === b.size
        ? !bytesEqual(a.root, b.root)
        : a.size === 0
        ? !bytesEqual(a.root, sha256(new Uint8Array(0)))
        : consistencyVerifies(a.size, b.size, oldRoot, b.root, hashes) && !bytesEqual(oldRoot, a.root);
    return shown ? [] : [failure('equivocation-unproven', `the checkpoints of sizes ${a.size} and ${b.size} are consistent: they do not show an equivocation`)];
  }
