import Type from 'typebox';

export const DepartmentRef = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
});
export type DepartmentRef = Type.Static<typeof DepartmentRef>;

/** The signed-in member as the token endpoints describe them. */
export const SessionUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  departments: Type.Array(DepartmentRef),
});
export type SessionUser = Type.Static<typeof SessionUser>;

export const RefreshTokenGrant = Type.Object({
  grant_type: Type.Literal('refresh_token'),
  refresh_token: Type.String({ minLength: 1, maxLength: 200 }),
});
export type RefreshTokenGrant = Type.Static<typeof RefreshTokenGrant>;

export const AuthorizationCodeGrant = Type.Object({
  grant_type: Type.Literal('authorization_code'),
  /** the one-time code the sign-in put in the page's fragment (#dg_code=…) */
  code: Type.String({ minLength: 1, maxLength: 200 }),
  /** the PKCE verifier whose S256 challenge started the sign-in */
  code_verifier: Type.String({ minLength: 43, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' }),
});
export type AuthorizationCodeGrant = Type.Static<typeof AuthorizationCodeGrant>;

/**
 * POST /v1/auth/token: a refresh, or the exchange that ends a WeCom sign-in. One flat object
 * (not a union) so that a missing field gets a plain message; the route checks which fields
 * the grant needs.
 */
export const TokenRequest = Type.Object({
  grant_type: Type.Union([Type.Literal('refresh_token'), Type.Literal('authorization_code')]),
  refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  code_verifier: Type.Optional(Type.String({ minLength: 43, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' })),
});
export type TokenRequest = RefreshTokenGrant | AuthorizationCodeGrant;

/** GET /v1/auth/wecom/start: where the SDK sends the reader to sign in with WeCom. */
export const WecomStartQuery = Type.Object({
  site: Type.String({ minLength: 1, maxLength: 64 }),
  /** the page to come back to: on one of the site's origins */
  return_to: Type.String({ minLength: 1, maxLength: 2048 }),
  /** base64url(SHA-256(code_verifier)) (PKCE, S256) */
  code_challenge: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
  /** webview: silent inside WeCom (snsapi_base); qr: the QR code page outside it */
  mode: Type.Optional(Type.Union([Type.Literal('webview'), Type.Literal('qr')])),
  lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
});
export type WecomStartQuery = Type.Static<typeof WecomStartQuery>;

export const WecomCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 512 })),
  state: Type.Optional(Type.String({ maxLength: 128 })),
});
export type WecomCallbackQuery = Type.Static<typeof WecomCallbackQuery>;

/**
 * Why a sign-in came back without a code (`#dg_error=…` in the page's fragment), for the SDK
 * to explain in the reader's language.
 */
export const SIGN_IN_ERRORS = [
  'user_not_found',
  'user_inactive',
  'not_a_member',
  'wecom_code_invalid',
  'wecom_unavailable',
  'wecom_not_configured',
  'sign_in_expired',
] as const;
export type SignInErrorCode = (typeof SIGN_IN_ERRORS)[number];

/** Answer of POST /v1/auth/token and POST /v1/auth/dev-login. */
export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds until the access token expires' }),
  refresh_token: Type.String(),
  user: SessionUser,
});
export type TokenResponse = Type.Static<typeof TokenResponse>;

/**
 * POST /v1/auth/dev-login (demo and tests only). `tenant` may be left out when the server
 * has exactly one tenant; `site` may be given instead and names the site's tenant.
 */
export const DevLoginRequest = Type.Object({
  userid: Type.String({ minLength: 1, maxLength: 64 }),
  tenant: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  site: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type DevLoginRequest = Type.Static<typeof DevLoginRequest>;

export const LogoutRequest = Type.Object({
  refresh_token: Type.String({ minLength: 1, maxLength: 200 }),
});
export type LogoutRequest = Type.Static<typeof LogoutRequest>;

/** Claims of an access token (a JWT signed with EdDSA). */
export interface AccessTokenClaims {
  /** the member's userid */
  sub: string;
  /** the tenant id */
  tid: string;
  aud: string;
  iss: string;
  iat: number;
  exp: number;
  jti: string;
}
