import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The migrations, in order. Each runs in one transaction (PostgreSQL) and is recorded in
 * `docgate_migration`; a migration is never edited once released, only followed by a new one.
 * They are written once for both dialects; where the dialects differ, `types` says how.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  const types = columnTypes(dialect);
  return {
    '0001_tenants_sites': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('tenants')
          .addColumn('id', types.key, (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('corp_id', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text')
          .addColumn('time_zone', 'text', (c) => c.notNull())
          .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sites')
          .addColumn('id', types.key, (c) => c.primaryKey())
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('origins', 'text', (c) => c.notNull())
          .addColumn('default_policy', 'text', (c) => c.notNull())
          .addColumn('protection', 'text', (c) => c.notNull())
          .addColumn('drop_html_extension', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('archived_at', 'bigint')
          .execute();
        await db.schema.createIndex('sites_tenant').on('sites').columns(['tenant_id']).execute();
      },
    },
    '0002_directory': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('departments')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('id', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_en', 'text')
          .addColumn('parent_id', 'bigint')
          .addColumn('order_no', 'bigint', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('departments_pk', ['tenant_id', 'id'])
          .execute();
        await db.schema.createIndex('departments_parent').on('departments').columns(['tenant_id', 'parent_id']).execute();

        await db.schema
          .createTable('members')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('userid', types.key, (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('mobile', 'text')
          .addColumn('email', 'text')
          .addColumn('main_department', 'bigint')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('members_pk', ['tenant_id', 'userid'])
          .execute();

        await db.schema
          .createTable('member_departments')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('userid', types.key, (c) => c.notNull())
          .addColumn('department_id', 'bigint', (c) => c.notNull())
          .addColumn('position_no', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('member_departments_pk', ['tenant_id', 'userid', 'department_id'])
          .execute();
        await db.schema
          .createIndex('member_departments_department')
          .on('member_departments')
          .columns(['tenant_id', 'department_id'])
          .execute();

        await db.schema
          .createTable('tags')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('id', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('tags_pk', ['tenant_id', 'id'])
          .execute();
        await db.schema
          .createTable('tag_members')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('tag_id', 'bigint', (c) => c.notNull())
          .addColumn('userid', types.key, (c) => c.notNull())
          .addPrimaryKeyConstraint('tag_members_pk', ['tenant_id', 'tag_id', 'userid'])
          .execute();
        await db.schema.createIndex('tag_members_user').on('tag_members').columns(['tenant_id', 'userid']).execute();
        await db.schema
          .createTable('tag_departments')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('tag_id', 'bigint', (c) => c.notNull())
          .addColumn('department_id', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('tag_departments_pk', ['tenant_id', 'tag_id', 'department_id'])
          .execute();
      },
    },
    '0003_tokens': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('signing_keys')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('kid', types.key, (c) => c.primaryKey())
          .addColumn('alg', 'text', (c) => c.notNull())
          .addColumn('public_jwk', 'text', (c) => c.notNull())
          .addColumn('private_jwk', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('retired_at', 'bigint')
          .execute();
        await db.schema.createIndex('signing_keys_tenant').on('signing_keys').columns(['tenant_id']).execute();

        await db.schema
          .createTable('refresh_tokens')
          .addColumn('token_hash', types.key, (c) => c.primaryKey())
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('family_id', types.key, (c) => c.notNull())
          .addColumn('userid', types.key, (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('used_at', 'bigint')
          .addColumn('revoked_at', 'bigint')
          .execute();
        await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').columns(['tenant_id', 'family_id']).execute();
        await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').columns(['tenant_id', 'userid']).execute();
        await db.schema.createIndex('refresh_tokens_expiry').on('refresh_tokens').columns(['expires_at']).execute();
      },
    },
    '0004_audit_log': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('audit_log')
          .addColumn('id', types.serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('site_id', types.key)
          .addColumn('target', 'text')
          .addColumn('before', 'text')
          .addColumn('after', 'text')
          .execute();
        await db.schema.createIndex('audit_log_tenant').on('audit_log').columns(['tenant_id', 'id']).execute();
      },
    },
    '0005_permissions': {
      async up(db: Kysely<any>) {
        // Admins come from the configuration; kept here so that a change can be audited.
        await db.schema.alterTable('tenants').addColumn('admins', 'text', (c) => c.notNull().defaultTo('[]')).execute();
        await db.schema.alterTable('sites').addColumn('admins', 'text', (c) => c.notNull().defaultTo('[]')).execute();
        // Bumped by catalogue changes, which do not touch permissions (no tenant revision bump).
        await db.schema.alterTable('sites').addColumn('catalog_revision', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

        await db.schema
          .createTable('grants')
          .addColumn('id', types.key, (c) => c.primaryKey())
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('site_id', types.key, (c) => c.notNull())
          .addColumn('path', types.key, (c) => c.notNull())
          .addColumn('subject', types.key, (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('grants_one_per_subject', ['site_id', 'path', 'subject'])
          .execute();
        await db.schema.createIndex('grants_tenant').on('grants').columns(['tenant_id', 'site_id']).execute();

        await db.schema
          .createTable('restrictions')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('site_id', types.key, (c) => c.notNull())
          .addColumn('path', types.key, (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('restrictions_pk', ['site_id', 'path'])
          .execute();
        await db.schema.createIndex('restrictions_tenant').on('restrictions').columns(['tenant_id']).execute();

        await db.schema
          .createTable('documents')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('site_id', types.key, (c) => c.notNull())
          .addColumn('path', types.key, (c) => c.notNull())
          .addColumn('title', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('documents_pk', ['site_id', 'path'])
          .execute();
        await db.schema.createIndex('documents_tenant').on('documents').columns(['tenant_id', 'site_id']).execute();
      },
    },
    '0006_permission_changes': {
      async up(db: Kysely<any>) {
        // One row per revision that changed grants or restrictions, written in the change's
        // transaction: caches that are a few revisions behind apply these instead of reloading.
        await db.schema
          .createTable('permission_changes')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('revision', 'bigint', (c) => c.notNull())
          .addColumn('change', 'text', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('permission_changes_pk', ['tenant_id', 'revision'])
          .execute();
        await db.schema.createIndex('permission_changes_at').on('permission_changes').columns(['at']).execute();
      },
    },
    '0007_wecom': {
      async up(db: Kysely<any>) {
        // Sign-in in flight: the state WeCom carries through its pages, bound to where we go back.
        await db.schema
          .createTable('auth_states')
          .addColumn('id', types.key, (c) => c.primaryKey())
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('site_id', types.key, (c) => c.notNull())
          .addColumn('return_to', 'text', (c) => c.notNull())
          .addColumn('code_challenge', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('used_at', 'bigint')
          .execute();
        // The one-time code the page exchanges, with its PKCE verifier, for tokens.
        await db.schema
          .createTable('auth_codes')
          .addColumn('code_hash', types.key, (c) => c.primaryKey())
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('site_id', types.key, (c) => c.notNull())
          .addColumn('userid', types.key, (c) => c.notNull())
          .addColumn('code_challenge', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('used_at', 'bigint')
          .execute();
        await db.schema
          .createTable('sync_jobs')
          .addColumn('id', types.key, (c) => c.primaryKey())
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('trigger', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('phase', 'text', (c) => c.notNull())
          .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('added', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('calls', 'text')
          .addColumn('error', 'text')
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
          .addColumn('finished_at', 'bigint')
          .execute();
        await db.schema.createIndex('sync_jobs_tenant').on('sync_jobs').columns(['tenant_id', 'started_at']).execute();
        // One running sync per tenant, whichever replica started it.
        await db.schema.createIndex('sync_jobs_one_running').unique().on('sync_jobs').column('tenant_id').where(sql.ref('state'), '=', 'running').execute();
        // WeCom retries a callback it thinks failed: each event is applied once.
        await db.schema
          .createTable('wecom_events')
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('event_key', types.key, (c) => c.notNull())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('wecom_events_pk', ['tenant_id', 'event_key'])
          .execute();
        await db.schema.createIndex('wecom_events_received').on('wecom_events').columns(['received_at']).execute();
      },
    },
    '0008_reading': {
      async up(db: Kysely<any>) {
        // Composite keys, rows read in key ranges: on SQLite the rows live in the key's b-tree.
        const clustered = (table: CreateTableBuilder<string, string>) => (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table);
        // Reading segments as the server holds them (docs/architecture.md, "Reading statistics"):
        // the values of each segment's highest seq, after the bounds. A segment's tenant, site,
        // path, user, start and day are fixed by its first accepted event.
        await clustered(
          db.schema
            .createTable('reading_segments')
            .addColumn('tenant_id', types.key, (c) => c.notNull())
            .addColumn('segment', types.key, (c) => c.notNull())
            .addColumn('site_id', types.key, (c) => c.notNull())
            .addColumn('path', types.key, (c) => c.notNull())
            .addColumn('userid', types.key, (c) => c.notNull())
            .addColumn('seq', 'bigint', (c) => c.notNull())
            .addColumn('started_at', 'bigint', (c) => c.notNull())
            .addColumn('day', 'integer', (c) => c.notNull())
            .addColumn('active_ms', 'bigint', (c) => c.notNull())
            .addColumn('visible_ms', 'bigint', (c) => c.notNull())
            .addColumn('max_depth', 'double precision', (c) => c.notNull())
            .addColumn('completed', 'integer', (c) => c.notNull())
            .addColumn('created_at', 'bigint', (c) => c.notNull())
            .addColumn('updated_at', 'bigint', (c) => c.notNull())
            // A reader's segments side by side: the reports of one request (one reader) change
            // a few pages, not one page per segment as a key led by the random id would.
            .addPrimaryKeyConstraint('reading_segments_pk', ['tenant_id', 'userid', 'segment']),
        ).execute();
        // A segment id is the tenant's, whoever sent it first: another reader cannot take it over.
        await db.schema.createIndex('reading_segments_id').unique().on('reading_segments').columns(['tenant_id', 'segment']).execute();

        // Rollups, kept in the ingest transaction from the segments' old and new values. Each
        // exists per document and, under the path '' (never a document's), for the whole site.
        // A row exists only while it counts at least one view.
        await clustered(
          db.schema
            .createTable('reading_readers')
            .addColumn('tenant_id', types.key, (c) => c.notNull())
            .addColumn('site_id', types.key, (c) => c.notNull())
            .addColumn('path', types.key, (c) => c.notNull())
            .addColumn('userid', types.key, (c) => c.notNull())
            .addColumn('views', 'bigint', (c) => c.notNull())
            .addColumn('active_ms', 'bigint', (c) => c.notNull())
            .addColumn('completed_views', 'bigint', (c) => c.notNull())
            .addColumn('max_depth', 'double precision', (c) => c.notNull())
            .addColumn('first_at', 'bigint', (c) => c.notNull())
            .addColumn('last_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('reading_readers_pk', ['site_id', 'path', 'userid']),
        ).execute();
        await clustered(
          db.schema
            .createTable('reading_reader_days')
            .addColumn('tenant_id', types.key, (c) => c.notNull())
            .addColumn('site_id', types.key, (c) => c.notNull())
            .addColumn('path', types.key, (c) => c.notNull())
            .addColumn('day', 'integer', (c) => c.notNull())
            .addColumn('userid', types.key, (c) => c.notNull())
            .addColumn('views', 'bigint', (c) => c.notNull())
            .addColumn('active_ms', 'bigint', (c) => c.notNull())
            .addColumn('completed_views', 'bigint', (c) => c.notNull())
            .addColumn('max_depth', 'double precision', (c) => c.notNull())
            .addColumn('first_at', 'bigint', (c) => c.notNull())
            .addColumn('last_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('reading_reader_days_pk', ['site_id', 'path', 'day', 'userid']),
        ).execute();
        // Keyed by day first: the top documents of a date range read one contiguous run.
        await clustered(
          db.schema
            .createTable('reading_doc_days')
            .addColumn('tenant_id', types.key, (c) => c.notNull())
            .addColumn('site_id', types.key, (c) => c.notNull())
            .addColumn('day', 'integer', (c) => c.notNull())
            .addColumn('path', types.key, (c) => c.notNull())
            .addColumn('views', 'bigint', (c) => c.notNull())
            .addColumn('readers', 'bigint', (c) => c.notNull())
            .addColumn('active_ms', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('reading_doc_days_pk', ['site_id', 'day', 'path']),
        ).execute();
        await db.schema.createIndex('reading_doc_days_path').on('reading_doc_days').columns(['site_id', 'path', 'day']).execute();
        await clustered(
          db.schema
            .createTable('reading_docs')
            .addColumn('tenant_id', types.key, (c) => c.notNull())
            .addColumn('site_id', types.key, (c) => c.notNull())
            .addColumn('path', types.key, (c) => c.notNull())
            .addColumn('views', 'bigint', (c) => c.notNull())
            .addColumn('readers', 'bigint', (c) => c.notNull())
            .addColumn('completed_readers', 'bigint', (c) => c.notNull())
            .addColumn('active_ms', 'bigint', (c) => c.notNull())
            .addColumn('last_at', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint('reading_docs_pk', ['site_id', 'path']),
        ).execute();
      },
    },
    '0009_reading_rollup_journal': {
      async up(db: Kysely<any>) {
        // What the ingest owes the rollups (docs/architecture.md, "Reading statistics"): one row
        // per change of a segment's contribution, appended in the ingest transaction and folded
        // into the rollups, then deleted, by reading/rollup-folder.ts. Appends land at the end of
        // the id's b-tree, so a transaction of hundreds of events writes a few pages here instead
        // of several random pages per event in the rollups. Ids need not grow forever (no
        // AUTOINCREMENT on SQLite): a row is claimed by the fold that deletes it, not by its id.
        await db.schema
          .createTable('reading_rollup_journal')
          .addColumn('id', types.serial, (c) => c.primaryKey())
          .addColumn('tenant_id', types.key, (c) => c.notNull())
          .addColumn('site_id', types.key, (c) => c.notNull())
          .addColumn('path', types.key, (c) => c.notNull())
          .addColumn('userid', types.key, (c) => c.notNull())
          .addColumn('day', 'integer', (c) => c.notNull())
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          // the change of the segment's contribution: -1, 0 or 1 view, its active time, completion
          .addColumn('views', 'integer', (c) => c.notNull())
          .addColumn('active_ms', 'bigint', (c) => c.notNull())
          .addColumn('completed_views', 'integer', (c) => c.notNull())
          // whether the segment is a view after the change, and its depth then
          .addColumn('is_view', 'integer', (c) => c.notNull())
          .addColumn('max_depth', 'double precision', (c) => c.notNull())
          // when the server accepted the report
          .addColumn('at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '0010_reading_segments_per_reader': {
      async up(db: Kysely<any>) {
        // A segment is looked up by its key (tenant, reader, id): the route knows the reader
        // from the token, and another reader's report cannot reach it whatever id it names.
        // The unique index on (tenant, id), which made an id the first sender's, cost a random
        // page of its own per new segment: half the pages of an ingest commit (docs/perf.md).
        await db.schema.dropIndex('reading_segments_id').execute();
      },
    },
    '0011_one_signing_key_per_tenant': {
      async up(db: Kysely<any>) {
        // Replicas starting together on an empty database each created a key, and each signed
        // with the one it saw first: tokens of one were refused by the other until it reloaded
        // its keys (replicas.test.ts, 1 run in 20). One unretired key per tenant, kept by the
        // database: the second insert does nothing and both read the same key. Keys made by
        // such a race before are retired (tokens they signed still verify), the oldest kept.
        await sql`update signing_keys set retired_at = created_at
          where retired_at is null and exists (
            select 1 from signing_keys older
            where older.tenant_id = signing_keys.tenant_id and older.retired_at is null
              and (older.created_at < signing_keys.created_at or (older.created_at = signing_keys.created_at and older.kid < signing_keys.kid)))`.execute(db);
        await db.schema.createIndex('signing_keys_one_active').on('signing_keys').column('tenant_id').unique().where(sql.ref('retired_at'), 'is', null).execute();
      },
    },
  };
}

function columnTypes(dialect: DialectName) {
  return dialect === 'postgres'
    ? {
        // Keys compare byte by byte on both databases, so ordering and keyset pagination give
        // the same pages on SQLite and on PostgreSQL whatever the server's locale.
        key: sql`text collate "C"`,
        serial: 'bigserial' as const,
      }
    : {
        key: 'text' as const,
        // SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
        serial: 'integer' as const,
      };
}
