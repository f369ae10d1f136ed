  // ---------------------------------------------------------------------------------------------
  // Format 1.1: the well-known file (§14.7), as crates/core reads it (well_known.rs): what a
  // member serves on its website to show that it holds its key.
  // ---------------------------------------------------------------------------------------------

  S.wellKnown = shape({ format: str, type: str, name: str, keys: list(str), 'statements?': list(str) });

  /** 1 to `max` items, each of its form, none twice: null, or what is wrong. */
  function listRule(what, items, max, ok, form) {
    if (items.length < 1 || items.length > max) return `${what}: ${items.length} items, not 1 to ${max}`;
    const bad = items.findIndex((i) => !ok(i));
    if (bad >= 0) return `${what}[${bad}] is not ${form}`;
    if (items.some((a, i) => items.slice(0, i).includes(a))) return `${what}: an item appears twice`;
    return null;
  }

  /** The failures of a well-known file, read: each broken rule a field-invalid. */
  function verifyWellKnown(w) {
    const out = [];
    const add = (at, m) => m && out.push(failure('field-invalid', m, at));
    add('name', nameRule('name', w.name, 200));
    add('keys', listRule('keys', w.keys, 8, (k) => fromHex(k, 32) !== null, '64 lowercase hex digits'));
    if (w.statements !== undefined) {
      add('statements', listRule('statements', w.statements, 1000, (id) => fromHex(id, 16) !== null, '32 lowercase hex digits'));
    }
    return out;
  }
