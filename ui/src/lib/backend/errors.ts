import type { AppError } from './generated/AppError';
import { ERROR_CODES } from './generated/errorCodes';

// Generated from the Rust ErrorCode, as is the ErrorCode type: a code is added in Rust only.
const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e && typeof e.code === 'string' && CODES.has(e.code);
}

export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** A sentence for people, by code; the backend's message follows as the detail. */
export function explain(e: AppError): string {
  switch (e.code) {
    case 'wrong-passphrase':
      return 'That passphrase is not right. Check it and try again.';
    case 'locked':
      return 'Your key is locked. Enter your passphrase to continue.';
    case 'no-identity':
      return 'You need an identity first: open “Your identity” and create one.';
    case 'not-found':
      return `Not found: ${e.message}`;
    case 'invalid':
      return `Please check: ${e.message}`;
    case 'conflict':
      return e.message.charAt(0).toUpperCase() + e.message.slice(1);
    case 'key-file':
      return `This key file cannot be used: ${e.message}`;
    case 'newer-database':
      return e.message;
    case 'unreadable':
      return `This file cannot be read: ${e.message}`;
    case 'verification':
      return `This does not verify: ${e.message}`;
    case 'io':
      return `A file could not be read or written: ${e.message}`;
    case 'database':
      return `The store could not be updated: ${e.message}`;
    case 'internal':
      return `Something went wrong: ${e.message}`;
    default: {
      // Every code is handled above: a code added in Rust fails svelte-check here until it is.
      const unhandled: never = e.code;
      return `Something went wrong (${String(unhandled)}): ${e.message}`;
    }
  }
}
