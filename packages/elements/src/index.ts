/**
 * All of docgate's elements, registered: `import '@docgate/elements'`. Import one element's file
 * (`@docgate/elements/dg-doc-stats.js`) to register only that one.
 */
export * from './dg-directory-sync.js';
export * from './dg-doc-stats.js';
export * from './dg-site-stats.js';
export * from './dg-permission-editor.js';
export type { Lang } from './internal/lang.js';
