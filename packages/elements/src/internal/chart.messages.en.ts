import type { TrendWords } from './chart.js';

/** The period picker's and the chart's words, part of <dg-doc-stats>' and <dg-site-stats>' own. */
export const trendWords: TrendWords = {
  period: 'Period',
  periods: { '7': 'Last 7 days', '30': 'Last 30 days', '90': 'Last 90 days', all: 'All time' },
  between: '{from} – {to}',
  since: 'Since {from}',
  until: 'Until {to}',
  showNumbers: 'Show the numbers as a table',
  date: 'Date',
  weekOf: 'Week of {day}',
  inAll: '{label}: {total} in all, most on {day} ({peak}).',
  mostOn: '{label}: most on {day} ({peak}).',
  chartSummary: '{title}, {from} to {to}.',
};
