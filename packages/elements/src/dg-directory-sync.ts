import { DgDirectorySync } from './directory-sync/directory-sync.js';
import { define } from './internal/define.js';

export { DgDirectorySync };
export { DgImportDoneEvent, DgSyncFinishedEvent } from './internal/events.js';

define('dg-directory-sync', DgDirectorySync);

declare global {
  interface HTMLElementTagNameMap {
    'dg-directory-sync': DgDirectorySync;
  }
}
