import { ErrorStatus, type ErrorCode } from '@docgate/protocol';

/**
 * An error the API reports to its caller: a stable `code`, a human `message`, optional
 * `details`, and the HTTP status that goes with the code (docs/api.md).
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.statusCode = ErrorStatus[code];
  }
}
