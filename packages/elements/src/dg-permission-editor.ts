import { define } from './internal/define.js';
import { DgPermissionEditor } from './permission-editor/permission-editor.js';

export { DgPermissionEditor };
export { DgGrantAddedEvent, DgGrantRemovedEvent, DgRestrictionChangedEvent } from './internal/events.js';

define('dg-permission-editor', DgPermissionEditor);

declare global {
  interface HTMLElementTagNameMap {
    'dg-permission-editor': DgPermissionEditor;
  }
}
