import type { TrendWords } from '../internal/chart.js';
import type { Dictionary } from '../internal/lang.js';

/** The period picker's and the chart's words, shared by <dg-doc-stats> and <dg-site-stats>. */
export const trendWords: Dictionary<TrendWords> = {
  'zh-CN': {
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
  },
  en: {
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
  },
};

export const messages: Dictionary<{
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
}> = {
  'zh-CN': {
    title: '阅读统计',
    noPath: '请为组件设置 path 属性，指明要查看哪篇文档的统计。',
    summary: '概览',
    views: '阅读次数',
    viewsHint: '每次至少阅读 1 秒',
    readers: '读者',
    readingTime: '总阅读时长',
    median: '人均时长（中位数）',
    medianHint: '每位读者的总时长取中位数',
    completion: '读完率',
    completionHint: '{readers} 位读者中 {completed} 位读完',
    audience: '可读人数',
    audienceHint: '当前有权限阅读的人',
    unread: '未读人数',
    unreadHint: '可读的人中还没有读过的',
    trend: '趋势',
    trendByDay: '每天的阅读次数和阅读时长',
    trendByWeek: '每周的阅读次数和阅读时长',
    noReading: '此时间范围内还没有人阅读。',
    readersTitle: '谁读过',
    readersCount: '共 {count} 位',
    name: '姓名',
    account: '帐号',
    department: '部门',
    time: '阅读时长',
    depth: '阅读深度',
    completed: '读完',
    firstRead: '首次阅读',
    lastRead: '最近阅读',
    yes: '是',
    no: '否',
    status: { active: '在职', disabled: '已停用', left: '已离职' },
    shown: '已显示 {shown} / {total}',
    unreadTitle: '谁还没读',
    unreadCount: '共 {count} 位',
    everyoneRead: '所有可读的人都已读过。',
    noAudience: '目前没有人可以阅读此文档。',
    listSeparator: '、',
  },
  en: {
    title: 'Reading statistics',
    noPath: 'Set the element’s path attribute to the document whose statistics to show.',
    summary: 'Summary',
    views: 'Views',
    viewsHint: 'each at least 1 s of active reading',
    readers: 'Readers',
    readingTime: 'Reading time',
    median: 'Median per reader',
    medianHint: 'of each reader’s total time',
    completion: 'Read to the end',
    completionHint: '{completed} of {readers} readers',
    audience: 'Audience',
    audienceHint: 'people who may read it now',
    unread: 'Not read yet',
    unreadHint: 'of the audience, without a view',
    trend: 'Over time',
    trendByDay: 'Views and reading time by day',
    trendByWeek: 'Views and reading time by week',
    noReading: 'No reading yet in this period.',
    readersTitle: 'Who read it',
    readersCount: '{count} in all',
    name: 'Name',
    account: 'Account',
    department: 'Department',
    time: 'Reading time',
    depth: 'Depth',
    completed: 'Read to the end',
    firstRead: 'First read',
    lastRead: 'Last read',
    yes: 'Yes',
    no: 'No',
    status: { active: 'Active', disabled: 'Disabled', left: 'Left the company' },
    shown: '{shown} of {total} shown',
    unreadTitle: 'Who has not read it',
    unreadCount: '{count} in all',
    everyoneRead: 'Everyone who may read it has read it.',
    noAudience: 'Nobody may read this document now.',
    listSeparator: ', ',
  },
};
