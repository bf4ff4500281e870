import { DgSiteStats } from './site-stats/site-stats.js';
import { define } from './internal/define.js';

export { DgSiteStats };

define('dg-site-stats', DgSiteStats);

declare global {
  interface HTMLElementTagNameMap {
    'dg-site-stats': DgSiteStats;
  }
}
