import { describe, expect, it } from 'vitest';
import { explain, isAppError, toAppError } from './errors';

describe('AppError', () => {
  it('recognizes the backend errors by code', () => {
    expect(isAppError({ code: 'locked', message: 'x' })).toBe(true);
    expect(isAppError({ code: 'nonsense', message: 'x' })).toBe(false);
    expect(isAppError('text')).toBe(false);
  });
  it('wraps anything else as internal', () => {
    expect(toAppError(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
  });
  it('explains by code, not by message', () => {
    expect(explain({ code: 'wrong-passphrase', message: 'anything' })).toMatch(/passphrase is not right/);
    expect(explain({ code: 'no-identity', message: 'anything' })).toMatch(/identity/);
  });
});
