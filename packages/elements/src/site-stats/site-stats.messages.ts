import type { TrendWords } from '../internal/chart.js';
import type { Loaders } from '../internal/words.js';

/** The words of <dg-site-stats>, in `site-stats.messages.<lang>.ts`, one module per language. */
export interface SiteStatsMessages {
  title: string;
  under: string;
  wholeSite: string;
  top: string;
  rank: string;
  document: string;
  views: string;
  readers: string;
  readingTime: string;
  topBy: string;
  noReading: string;
  departments: string;
  department: string;
  audience: string;
  share: string;
  coverage: string;
  breadcrumb: string;
  company: string;
  openDepartment: string;
  noDepartments: string;
  trend: string;
  trendByDay: string;
  trendByWeek: string;
  /** the period picker's and the chart's (internal/chart.messages.<lang>.ts), as in the other statistics element */
  chart: TrendWords;
}

/** Only the page's language is loaded (internal/words.ts). */
export const messages: Loaders<SiteStatsMessages> = {
  'zh-CN': () => import('./site-stats.messages.zh-CN.js'),
  en: () => import('./site-stats.messages.en.js'),
};
