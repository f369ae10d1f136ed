// The verifier's own witnesses (FORMAT.md §14.8, last paragraph): keys this computer's user
// trusts to co-sign lists, each as `KEY_NAME,PUBLIC_KEY` or a C2SP verifier key, and how many of
// them must have co-signed. Remembered on this computer (like the language); the backend checks
// each key when it verifies. They never change a list's verdict: they are reported apart.

const STORAGE_KEY = 'undersigned.ownWitnesses';

export type OwnWitnesses = { keys: string[]; quorum: number | null };

export function loadOwnWitnesses(): OwnWitnesses {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (v && Array.isArray(v.keys) && v.keys.every((k: unknown) => typeof k === 'string')) {
      return { keys: v.keys, quorum: typeof v.quorum === 'number' ? v.quorum : null };
    }
  } catch {
    /* nothing remembered, or storage unavailable */
  }
  return { keys: [], quorum: null };
}

export function saveOwnWitnesses(o: OwnWitnesses) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(o));
  } catch {
    /* not remembered: they hold for this session */
  }
}

/** The name a key gives itself: the part before `,` or the first `+`. */
export function keyNameOf(key: string): string {
  return key.split(/[,+]/)[0].trim();
}
