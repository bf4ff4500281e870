export { createDocgate, type Docgate, type DocgateEvent, type DocgateOptions } from './create-docgate.js';
export { guardPage, type Guard, type GuardOptions } from './guard.js';
export { devSignIn, type DevSignInOptions } from './lib/dev-sign-in.js';
export { inWecom, wecomSignIn, type WecomSignInOptions } from './lib/wecom-sign-in.js';
export { SignInError } from './lib/sign-in-error.js';
export { HIDE_RULE } from './lib/styles.js';
export type { Lang } from './lib/messages.js';
export type { SignInContext, SignInStrategy } from './strategies.js';
export { HttpError, type RequestOptions } from './lib/http.js';
