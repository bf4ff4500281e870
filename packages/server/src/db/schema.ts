/**
 * Table types for kysely. Times are epoch milliseconds stored as bigint (PostgreSQL) or
 * integer (SQLite); flags are 0/1 integers so both dialects read them the same way.
 * Every table carries the tenant (docs/architecture.md).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface TenantsTable {
  id: string;
  name: string;
  corp_id: string;
  agent_id: string | null;
  time_zone: string;
  /** bumped by every change to the directory, grants or admins; caches are keyed by it */
  revision: number;
  /** JSON array of userids, as last configured */
  admins: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface SitesTable {
  id: string;
  tenant_id: string;
  name: string;
  /** JSON array of origins, e.g. ["https://docs.example.com"] */
  origins: string;
  default_policy: 'company' | 'private';
  protection: 'soft';
  drop_html_extension: number;
  created_at: number;
  updated_at: number;
  /** set when the site disappears from the configuration; its data is kept */
  archived_at: number | null;
  /** JSON array of userids, as last configured */
  admins: Generated<string>;
  /** bumped by every change to the site's catalogue */
  catalog_revision: Generated<number>;
}

export interface GrantsTable {
  id: string;
  tenant_id: string;
  site_id: string;
  /** normalized; a folder ends with / */
  path: string;
  subject: string;
  level: 'read' | 'manage';
  expires_at: number | null;
  /** a userid, or system:config for a site's default policy */
  created_by: string;
  created_at: number;
}

export interface RestrictionsTable {
  tenant_id: string;
  site_id: string;
  /** a folder */
  path: string;
  created_by: string;
  created_at: number;
}

export interface DocumentsTable {
  tenant_id: string;
  site_id: string;
  path: string;
  title: string | null;
  /** how we learnt of it: sitemap, list, view */
  source: string;
  created_at: number;
  updated_at: number;
}

export interface DepartmentsTable {
  tenant_id: string;
  id: number;
  name: string;
  name_en: string | null;
  parent_id: number | null;
  order_no: number;
  created_at: number;
  updated_at: number;
}

export interface MembersTable {
  tenant_id: string;
  userid: string;
  name: string;
  position: string;
  mobile: string | null;
  email: string | null;
  main_department: number | null;
  status: 'active' | 'disabled' | 'left';
  source: 'csv' | 'wecom' | 'demo';
  created_at: number;
  updated_at: number;
}

export interface MemberDepartmentsTable {
  tenant_id: string;
  userid: string;
  department_id: number;
  /** the department's place in the member's own list (0 = first) */
  position_no: number;
}

export interface TagsTable {
  tenant_id: string;
  id: number;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface TagMembersTable {
  tenant_id: string;
  tag_id: number;
  userid: string;
}

export interface TagDepartmentsTable {
  tenant_id: string;
  tag_id: number;
  department_id: number;
}

export interface SigningKeysTable {
  tenant_id: string;
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface RefreshTokensTable {
  /** SHA-256 of the token; the token itself is never stored */
  token_hash: string;
  tenant_id: string;
  family_id: string;
  userid: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  at: number;
  actor: string;
  action: string;
  site_id: string | null;
  target: string | null;
  /** JSON */
  before: string | null;
  /** JSON */
  after: string | null;
}

export interface PermissionChangesTable {
  tenant_id: string;
  revision: number;
  /** JSON: a PermissionChange (store/permission-changes.ts) */
  change: string;
  at: number;
}

export interface AuthStatesTable {
  id: string;
  tenant_id: string;
  site_id: string;
  return_to: string;
  code_challenge: string;
  mode: 'webview' | 'qr';
  expires_at: number;
  used_at: number | null;
}

export interface AuthCodesTable {
  code_hash: string;
  tenant_id: string;
  site_id: string;
  userid: string;
  code_challenge: string;
  expires_at: number;
  used_at: number | null;
}

export interface SyncJobsTable {
  id: string;
  tenant_id: string;
  trigger: 'api' | 'schedule' | 'cli';
  requested_by: string;
  state: 'running' | 'done' | 'failed';
  phase: string;
  done: number;
  total: number;
  added: number;
  updated: number;
  removed: number;
  /** JSON: WeCom calls by path */
  calls: string | null;
  error: string | null;
  started_at: number;
  heartbeat_at: number;
  finished_at: number | null;
}

export interface WecomEventsTable {
  tenant_id: string;
  event_key: string;
  received_at: number;
}

/**
 * One reading segment (reading-time.md): the values of its highest seq, after the server's
 * bounds (docs/api.md, "Clock and bounds"). Tenant, site, path, user, start and day are fixed
 * by the segment's first accepted event.
 */
export interface ReadingSegmentsTable {
  tenant_id: string;
  /** the client's random id */
  segment: string;
  site_id: string;
  /** normalized */
  path: string;
  userid: string;
  seq: number;
  /** epoch ms on the server's clock (the client's start corrected for its skew) */
  started_at: number;
  /** the local day of started_at in the tenant's time zone, as days since 1970-01-01 (reading/days.ts) */
  day: number;
  active_ms: number;
  visible_ms: number;
  /** 0..1 */
  max_depth: number;
  completed: number;
  /** when the server first accepted it */
  created_at: number;
  /** when the server accepted its latest values */
  updated_at: number;
}

/**
 * Rollups (docs/architecture.md, "Reading statistics"). They count views only (segments with
 * activeMs ≥ 1 s); `path` '' stands for the whole site. A row exists only while views > 0.
 */
export interface ReadingReadersTable {
  tenant_id: string;
  site_id: string;
  path: string;
  userid: string;
  views: number;
  active_ms: number;
  /** views that were completed */
  completed_views: number;
  max_depth: number;
  /** the earliest start among the views */
  first_at: number;
  /** the latest report of a view */
  last_at: number;
}

export interface ReadingReaderDaysTable extends ReadingReadersTable {
  day: number;
}

export interface ReadingDocDaysTable {
  tenant_id: string;
  site_id: string;
  day: number;
  path: string;
  views: number;
  /** members with a view on that day */
  readers: number;
  active_ms: number;
}

export interface ReadingDocsTable {
  tenant_id: string;
  site_id: string;
  path: string;
  views: number;
  readers: number;
  /** readers with a completed view */
  completed_readers: number;
  active_ms: number;
  last_at: number;
}

/**
 * A change of one segment's contribution to the rollups, written by the ingest and folded into
 * the rollups, then deleted, by reading/rollup-folder.ts.
 */
export interface ReadingRollupJournalTable {
  id: Generated<number>;
  tenant_id: string;
  site_id: string;
  path: string;
  userid: string;
  /** the segment's day and start (fixed by its first report) */
  day: number;
  started_at: number;
  /** differences: views -1, 0 or 1; active time; completed views -1, 0 or 1 */
  views: number;
  active_ms: number;
  completed_views: number;
  /** 1 when the segment is a view after the change */
  is_view: number;
  max_depth: number;
  /** when the server accepted the report */
  at: number;
}

export interface Schema {
  tenants: TenantsTable;
  sites: SitesTable;
  departments: DepartmentsTable;
  members: MembersTable;
  member_departments: MemberDepartmentsTable;
  tags: TagsTable;
  tag_members: TagMembersTable;
  tag_departments: TagDepartmentsTable;
  signing_keys: SigningKeysTable;
  refresh_tokens: RefreshTokensTable;
  audit_log: AuditLogTable;
  grants: GrantsTable;
  restrictions: RestrictionsTable;
  documents: DocumentsTable;
  permission_changes: PermissionChangesTable;
  auth_states: AuthStatesTable;
  auth_codes: AuthCodesTable;
  sync_jobs: SyncJobsTable;
  wecom_events: WecomEventsTable;
  reading_segments: ReadingSegmentsTable;
  reading_readers: ReadingReadersTable;
  reading_reader_days: ReadingReaderDaysTable;
  reading_doc_days: ReadingDocDaysTable;
  reading_docs: ReadingDocsTable;
  reading_rollup_journal: ReadingRollupJournalTable;
}

export type Member = Selectable<MembersTable>;
export type NewMember = Insertable<MembersTable>;
export type MemberUpdate = Updateable<MembersTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type SiteRow = Selectable<SitesTable>;
export type TenantRow = Selectable<TenantsTable>;
