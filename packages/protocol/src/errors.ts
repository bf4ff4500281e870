import Type from 'typebox';

/**
 * Every error the API returns has this shape (docs/api.md, "Errors").
 * `code` is stable and meant for programs; `message` is for people and may change.
 */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Type.Static<typeof ErrorBody>;

/** The stable error codes and the HTTP status each one is sent with. */
export const ErrorStatus = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_csv: 400,
  tenant_required: 400,
  invalid_grant: 400,
  wecom_not_configured: 400,
  invalid_path: 400,
  invalid_subject: 400,
  invalid_sitemap: 400,
  token_missing: 401,
  token_invalid: 401,
  token_expired: 401,
  refresh_token_invalid: 401,
  refresh_token_expired: 401,
  refresh_token_reused: 401,
  admin_required: 403,
  manage_required: 403,
  invalid_signature: 403,
  origin_not_allowed: 403,
  user_inactive: 403,
  /** a token of one tenant sent for a site of another (reading events) */
  wrong_tenant: 403,
  not_found: 404,
  unknown_tenant: 404,
  unknown_site: 404,
  user_not_found: 404,
  conflict: 409,
  sync_running: 409,
  would_lock_out: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
  wecom_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ErrorStatus;
