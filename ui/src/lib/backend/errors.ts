import type { AppError } from './generated/AppError';
import { ERROR_CODES } from './generated/errorCodes';
import { t } from '../i18n/index.svelte';
import type { Message } from '../message';

// Generated from the Rust ErrorCode, as is the ErrorCode type: a code is added in Rust only.
const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e && typeof e.code === 'string' && CODES.has(e.code);
}

export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

/** A sentence for people, by code, in the UI's language (`errors.<code>`); the backend's message
 *  follows as the detail. */
export function explain(e: AppError): string {
  const { key, values } = explained(e);
  return t(key, values);
}

/** [`explain`] as a message, translated where it is shown (it follows a change of language). */
export function explained(e: AppError): Message {
  const detail = e.code === 'conflict' ? e.message.charAt(0).toUpperCase() + e.message.slice(1) : e.message;
  return { key: `errors.${e.code}`, values: { detail } };
}
