import type { TrendWords } from './chart.js';

/** The period picker's and the chart's words, part of <dg-doc-stats>' and <dg-site-stats>' own. */
export const trendWords: TrendWords = {
  period: '时间范围',
  periods: { '7': '近 7 天', '30': '近 30 天', '90': '近 90 天', all: '全部时间' },
  between: '{from} 至 {to}',
  since: '{from} 起',
  until: '截至 {to}',
  showNumbers: '以表格查看数据',
  date: '日期',
  weekOf: '{day} 当周',
  inAll: '{label}：共 {total}，最多在 {day}（{peak}）。',
  mostOn: '{label}：最多在 {day}（{peak}）。',
  chartSummary: '{title}，{from} 至 {to}。',
};
