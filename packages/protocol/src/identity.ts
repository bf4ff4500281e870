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

/** POST /v1/auth/token. */
export const TokenRequest = RefreshTokenGrant;
export type TokenRequest = Type.Static<typeof TokenRequest>;

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
