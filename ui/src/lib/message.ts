// A message kept by its key and values, and translated where it is shown: a notice made in one
// language reads in the next one the person chooses (a string translated when the event happened
// would stay in the first).

export type Message = { key: string; values?: Record<string, string | number> };

/** The message `key` with `values`, in the shape `$_` takes (`m('k', { values: { n: 1 } })`). */
export function m(key: string, options?: { values?: Record<string, string | number> }): Message {
  return { key, values: options?.values };
}
