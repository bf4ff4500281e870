import { trendWords } from '../internal/chart.messages.en.js';
import type { SiteStatsMessages } from './site-stats.messages.js';

const words: SiteStatsMessages = {
  title: 'Site reading statistics',
  under: 'Documents under {prefix}',
  wholeSite: 'The whole site',
  top: 'Top documents',
  rank: 'Rank',
  document: 'Document',
  views: 'Views',
  readers: 'Readers',
  readingTime: 'Reading time',
  topBy: 'Top by {metric}',
  noReading: 'No reading yet in this period.',
  departments: 'Departments compared',
  department: 'Department',
  audience: 'Audience',
  share: 'Have read',
  coverage: '{name}: {readers} of {audience} who may read have read ({share})',
  breadcrumb: 'Department levels',
  company: 'Whole company',
  openDepartment: 'Show the departments of {name}',
  noDepartments: 'No department has readers or an audience.',
  trend: 'Over time',
  trendByDay: 'Views, readers and reading time by day',
  trendByWeek: 'Views, readers and reading time by week',
  chart: trendWords,
};

export default words;
