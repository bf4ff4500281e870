import type { TrendWords } from '../internal/chart.js';
import type { Loaders } from '../internal/words.js';

/** The words of <dg-doc-stats>, in `doc-stats.messages.<lang>.ts`, one module per language. */
export interface DocStatsMessages {
  title: string;
  noPath: string;
  summary: string;
  views: string;
  viewsHint: string;
  readers: string;
  readingTime: string;
  median: string;
  medianHint: string;
  completion: string;
  completionHint: string;
  audience: string;
  audienceHint: string;
  unread: string;
  unreadHint: string;
  trend: string;
  trendByDay: string;
  trendByWeek: string;
  noReading: string;
  readersTitle: string;
  readersCount: string;
  name: string;
  account: string;
  department: string;
  time: string;
  depth: string;
  completed: string;
  firstRead: string;
  lastRead: string;
  yes: string;
  no: string;
  status: Record<string, string>;
  shown: string;
  unreadTitle: string;
  unreadCount: string;
  everyoneRead: string;
  noAudience: string;
  listSeparator: string;
  /** the period picker's and the chart's (internal/chart.messages.<lang>.ts), as in the other statistics element */
  chart: TrendWords;
}

/** Only the page's language is loaded (internal/words.ts). */
export const messages: Loaders<DocStatsMessages> = {
  'zh-CN': () => import('./doc-stats.messages.zh-CN.js'),
  en: () => import('./doc-stats.messages.en.js'),
};
