import type { Grant, ImportResult, SyncJob } from '@docgate/protocol';

/** A grant was added and the server kept it. */
export class DgGrantAddedEvent extends Event {
  constructor(readonly grant: Grant) {
    super('dg-grant-added', { bubbles: true, composed: true });
  }
}

/** A grant was removed and the server agreed. */
export class DgGrantRemovedEvent extends Event {
  constructor(readonly grant: Grant) {
    super('dg-grant-removed', { bubbles: true, composed: true });
  }
}

/** A folder was restricted or opened again. */
export class DgRestrictionChangedEvent extends Event {
  constructor(
    readonly path: string,
    readonly restricted: boolean,
  ) {
    super('dg-restriction-changed', { bubbles: true, composed: true });
  }
}

/** A directory sync that this element started or followed has finished (done or failed). */
export class DgSyncFinishedEvent extends Event {
  constructor(readonly job: SyncJob) {
    super('dg-sync-finished', { bubbles: true, composed: true });
  }
}

/** A CSV import was applied (not a dry run). */
export class DgImportDoneEvent extends Event {
  constructor(readonly result: ImportResult) {
    super('dg-import-done', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dg-grant-added': DgGrantAddedEvent;
    'dg-grant-removed': DgGrantRemovedEvent;
    'dg-restriction-changed': DgRestrictionChangedEvent;
    'dg-sync-finished': DgSyncFinishedEvent;
    'dg-import-done': DgImportDoneEvent;
  }
}
