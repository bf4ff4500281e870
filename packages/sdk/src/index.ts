export { createDocgate, type Docgate, type DocgateEvent, type DocgateOptions } from './create-docgate.js';
export { guardPage, type Guard, type GuardOptions } from './guard.js';
export { devSignIn, type DevSignInOptions } from './lib/dev-sign-in.js';
export { HIDE_RULE } from './lib/styles.js';
export type { Lang } from './lib/messages.js';
export type { SignInContext, SignInStrategy } from './strategies.js';
export { HttpError, type RequestOptions } from './lib/http.js';
