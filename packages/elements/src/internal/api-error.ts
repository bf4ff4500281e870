/**
 * An error answer of the docgate API. The SDK throws its HttpError; but on a page with the script
 * tag, the client is docgate.js's own copy of the SDK, whose HttpError is another class than the
 * one this package would import — so errors are recognised by shape (name, status, code), never
 * with instanceof.
 */
export interface ApiFailure extends Error {
  status: number;
  code: string;
  details?: unknown;
}

export function apiError(error: unknown): ApiFailure | null {
  const candidate = error as Partial<ApiFailure> | null;
  return error instanceof Error && candidate!.name === 'HttpError' && typeof candidate!.status === 'number' && typeof candidate!.code === 'string'
    ? (error as ApiFailure)
    : null;
}

/** Is this the API's error `code`? */
export function isApiError(error: unknown, code: string): boolean {
  return apiError(error)?.code === code;
}

/** An API error made here (the CSV download, which fetches by itself), shaped like the SDK's. */
export function failureOf(status: number, code: string, message: string): ApiFailure {
  return Object.assign(new Error(message), { name: 'HttpError', status, code });
}
