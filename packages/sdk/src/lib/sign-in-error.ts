/** A sign-in that did not end with tokens, with a stable `code` and a message for the reader. */
export class SignInError extends Error {
  override name = 'SignInError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
