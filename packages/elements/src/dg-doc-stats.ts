import { DgDocStats } from './doc-stats/doc-stats.js';
import { define } from './internal/define.js';

export { DgDocStats };

define('dg-doc-stats', DgDocStats);

declare global {
  interface HTMLElementTagNameMap {
    'dg-doc-stats': DgDocStats;
  }
}
