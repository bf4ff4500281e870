import type { ImportResult } from '@docgate/protocol';
import type { Database } from '../db/database.js';
import { ApiError } from '../errors.js';
import { appendAudit } from '../store/audit.js';
import { applyDirectoryChanges, loadDirectorySnapshot } from '../store/directory.js';
import { bumpRevision } from '../store/tenants.js';
import { parseMemberCsv } from './member-csv.js';
import { planImport, type ImportMode } from './plan-import.js';

/** At most this many line errors are listed; `errorCount` says how many there were. */
export const MAX_LISTED_ERRORS = 500;

export interface ImportOptions {
  tenantId: string;
  /** the root department's name when the directory is still empty */
  companyName: string;
  mode: ImportMode;
  dryRun: boolean;
  /** who imports, for the audit log */
  actor: string;
  /** reports the phase of a long import (the CLI prints it) */
  onPhase?: (phase: 'reading' | 'comparing' | 'writing', detail?: string) => void;
}

/**
 * Imports a member list (CSV, see member-csv.ts) into a tenant's directory: all or nothing.
 * A file with any bad row changes nothing and fails with `invalid_csv`, listing every bad line.
 */
export async function importMembersCsv(database: Database, bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
  options.onPhase?.('reading');
  const parsed = parseMemberCsv(bytes);
  if (parsed.errors.length) {
    const count = parsed.errors.length;
    throw new ApiError(
      'invalid_csv',
      `${count} ${count === 1 ? 'problem' : 'problems'} in the file (first on line ${parsed.errors[0]!.line}); nothing was imported`,
      { errors: parsed.errors.slice(0, MAX_LISTED_ERRORS), errorCount: count },
    );
  }
  options.onPhase?.('comparing', `${parsed.rows.length} members`);
  const run = async (db: Database['db']) => {
    if (!options.dryRun) await bumpRevision(db, options.tenantId);
    const snapshot = await loadDirectorySnapshot(db, options.tenantId);
    const plan = planImport(snapshot, parsed.rows, options.mode, options.companyName);
    if (!options.dryRun) {
      options.onPhase?.('writing', `${plan.changes.upsertMembers.length} members to write`);
      await applyDirectoryChanges(db, options.tenantId, plan.changes);
      await appendAudit(db, {
        tenantId: options.tenantId,
        actor: options.actor,
        action: 'directory.import',
        after: { mode: options.mode, encoding: parsed.encoding, rows: parsed.rows.length, ...plan.counts },
      });
    }
    return plan;
  };
  // The revision bump comes first in the transaction: its row lock (the write lock on SQLite)
  // keeps two imports or syncs of one tenant from interleaving.
  const plan = options.dryRun ? await run(database.db) : await database.db.transaction().execute((trx) => run(trx));
  return {
    mode: options.mode,
    dryRun: options.dryRun,
    encoding: parsed.encoding,
    rows: parsed.rows.length,
    ...plan.counts,
    errors: [],
  };
}
