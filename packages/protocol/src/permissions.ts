import Type from 'typebox';
import { DepartmentRef } from './identity.js';

export const Level = Type.Union([Type.Literal('read'), Type.Literal('manage')]);
export type Level = Type.Static<typeof Level>;

export const EffectiveLevel = Type.Union([Type.Literal('none'), Type.Literal('read'), Type.Literal('manage')]);
export type EffectiveLevel = Type.Static<typeof EffectiveLevel>;

/**
 * `user:<userid>`, `dept:<id>`, `dept:<id>/*`, `tag:<id>` or `everyone` (permission-model.md).
 * Ids are written canonically (no leading zeros): a subject is compared as text.
 */
export const SUBJECT_PATTERN = '^(user:[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}|dept:(0|[1-9][0-9]{0,17})(/\\*)?|tag:(0|[1-9][0-9]{0,17})|everyone)$';
export const Subject = Type.String({ pattern: SUBJECT_PATTERN });

const PathInput = Type.String({ minLength: 1, maxLength: 4096 });
const SiteId = Type.String({ minLength: 1, maxLength: 64 });
/** ISO 8601 date and time, e.g. "2027-01-31T16:00:00.000Z" */
const IsoTime = Type.String({ minLength: 10, maxLength: 40 });

export const CheckRequest = Type.Object({
  site: SiteId,
  path: PathInput,
  /** the page's title: registers the document in the catalogue on its first allowed view */
  title: Type.Optional(Type.String({ maxLength: 500 })),
});
export type CheckRequest = Type.Static<typeof CheckRequest>;

export const Contact = Type.Object({ id: Type.String(), name: Type.String() });
export type Contact = Type.Static<typeof Contact>;

export const CheckResponse = Type.Object({
  /** the normalized path */
  path: Type.String(),
  allowed: Type.Boolean(),
  level: EffectiveLevel,
  /** when not allowed: up to three people who manage this path, to ask for access */
  contacts: Type.Optional(Type.Array(Contact)),
});
export type CheckResponse = Type.Static<typeof CheckResponse>;

export const MAX_BATCH_PATHS = 500;

export const BatchCheckRequest = Type.Object({
  site: SiteId,
  paths: Type.Array(PathInput, { minItems: 1, maxItems: MAX_BATCH_PATHS }),
});
export type BatchCheckRequest = Type.Static<typeof BatchCheckRequest>;

export const BatchCheckResult = Type.Object({
  /** normalized, or as given when it could not be normalized */
  path: Type.String(),
  allowed: Type.Boolean(),
  level: EffectiveLevel,
  /** set when the path was refused (`invalid_path`); such a path is never allowed */
  error: Type.Optional(Type.String()),
});
export type BatchCheckResult = Type.Static<typeof BatchCheckResult>;
export const BatchCheckResponse = Type.Object({ results: Type.Array(BatchCheckResult) });
export type BatchCheckResponse = Type.Static<typeof BatchCheckResponse>;

export const ReadableQuery = Type.Object({
  prefix: Type.Optional(PathInput),
  cursor: Type.Optional(Type.String({ maxLength: 4200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type ReadableQuery = Type.Static<typeof ReadableQuery>;

export const CatalogDoc = Type.Object({ path: Type.String(), title: Type.Union([Type.String(), Type.Null()]) });
export type CatalogDoc = Type.Static<typeof CatalogDoc>;

export const ReadableResponse = Type.Object({
  docs: Type.Array(CatalogDoc),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type ReadableResponse = Type.Static<typeof ReadableResponse>;

export const Grant = Type.Object({
  id: Type.String(),
  site: Type.String(),
  path: Type.String(),
  subject: Type.String(),
  /** the member's, department's or tag's name; null when it is no longer in the directory */
  subjectName: Type.Union([Type.String(), Type.Null()]),
  level: Level,
  expiresAt: Type.Union([IsoTime, Type.Null()]),
  /** true once expiresAt has passed: the grant no longer counts */
  expired: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: IsoTime,
});
export type Grant = Type.Static<typeof Grant>;

export const InheritedGrant = Type.Intersect([Grant, Type.Object({ from: Type.String() })]);
export type InheritedGrant = Type.Static<typeof InheritedGrant>;

export const PathQuery = Type.Object({ path: PathInput });

export const GrantsResponse = Type.Object({
  path: Type.String(),
  /** grants on this path, expired ones included (marked) so they can be removed */
  direct: Type.Array(Grant),
  /** unexpired grants on folders above that reach this path, `from` the folder */
  inherited: Type.Array(InheritedGrant),
  /** this folder is restricted */
  restricted: Type.Boolean(),
  /** the restricted folder at or above this path where inheritance stops, if any */
  cutAt: Type.Union([Type.String(), Type.Null()]),
});
export type GrantsResponse = Type.Static<typeof GrantsResponse>;

export const CreateGrantRequest = Type.Object({
  path: PathInput,
  subject: Subject,
  level: Level,
  expiresAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
});
export type CreateGrantRequest = Type.Static<typeof CreateGrantRequest>;

export const RestrictionRequest = Type.Object({ path: PathInput, restricted: Type.Boolean() });
export type RestrictionRequest = Type.Static<typeof RestrictionRequest>;
export const RestrictionResponse = Type.Object({ path: Type.String(), restricted: Type.Boolean() });
export type RestrictionResponse = Type.Static<typeof RestrictionResponse>;

export const AccessVia = Type.Union([
  Type.Object({ kind: Type.Literal('grant'), grantId: Type.String(), subject: Type.String(), path: Type.String() }),
  Type.Object({ kind: Type.Literal('admin'), scope: Type.Union([Type.Literal('tenant'), Type.Literal('site')]) }),
]);
export type AccessVia = Type.Static<typeof AccessVia>;

export const AccessQuery = Type.Object({
  path: PathInput,
  q: Type.Optional(Type.String({ maxLength: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type AccessQuery = Type.Static<typeof AccessQuery>;

export const AccessUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  departments: Type.Array(DepartmentRef),
  level: Level,
  via: AccessVia,
});
export type AccessUser = Type.Static<typeof AccessUser>;

export const AccessResponse = Type.Object({
  path: Type.String(),
  /** everyone with access (the audience), before `q` */
  total: Type.Integer(),
  counts: Type.Object({ read: Type.Integer(), manage: Type.Integer() }),
  /** matching `q`, when given */
  matched: Type.Integer(),
  users: Type.Array(AccessUser),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type AccessResponse = Type.Static<typeof AccessResponse>;

export const ExplainQuery = Type.Object({ path: PathInput, user: Type.String({ minLength: 1, maxLength: 64 }) });
export type ExplainQuery = Type.Static<typeof ExplainQuery>;

export const ExplainResponse = Type.Object({
  path: Type.String(),
  user: Type.String(),
  level: EffectiveLevel,
  /** what decided: `grant`, `admin`, `no_grant`, `restricted` (inheritance was cut), `inactive`, `unknown_user` */
  code: Type.String(),
  decidedBy: Type.Union([Grant, Type.Null()]),
  /** the restricted folder where inheritance stopped, if one did */
  cutAt: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
});
export type ExplainResponse = Type.Static<typeof ExplainResponse>;

export const AuditQuery = Type.Object({
  site: Type.Optional(SiteId),
  since: Type.Optional(IsoTime),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
export type AuditQuery = Type.Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: IsoTime,
  actor: Type.String(),
  action: Type.String(),
  site: Type.Union([Type.String(), Type.Null()]),
  target: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Type.Static<typeof AuditEntry>;

export const AuditResponse = Type.Object({
  entries: Type.Array(AuditEntry),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type AuditResponse = Type.Static<typeof AuditResponse>;

export const MAX_CATALOG_DOCS = 50_000;

export const CatalogRequest = Type.Object({
  docs: Type.Array(Type.Object({ path: PathInput, title: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }), {
    minItems: 1,
    maxItems: MAX_CATALOG_DOCS,
  }),
});
export type CatalogRequest = Type.Static<typeof CatalogRequest>;

export const CatalogResponse = Type.Object({
  added: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  /** entries that were not documents of this site (folders, bad paths), with why */
  ignored: Type.Array(Type.Object({ path: Type.String(), reason: Type.String() })),
});
export type CatalogResponse = Type.Static<typeof CatalogResponse>;

export const SiteParams = Type.Object({ site: SiteId });
export const GrantParams = Type.Object({ site: SiteId, id: Type.String({ minLength: 1, maxLength: 64 }) });
