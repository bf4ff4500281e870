import { ApiError } from '../errors.js';

/**
 * Cursors are opaque to clients: base64url of a small JSON value. A cursor that does not decode
 * is bad input (400), never a silent first page.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isValid(value)) throw new ApiError('invalid_request', 'the cursor is not valid; start again without one');
  return value;
}

/** A keyset cursor `{after: <last key of the previous page>}`. */
export function isAfterCursor(value: unknown): value is { after: string } {
  return typeof value === 'object' && value !== null && typeof (value as { after?: unknown }).after === 'string';
}
