import type { Dictionary } from '../internal/lang.js';

export const messages: Dictionary<{
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
}> = {
  'zh-CN': {
    title: '站点阅读统计',
    under: '{prefix} 下的文档',
    wholeSite: '整个站点',
    top: '热门文档',
    rank: '排名',
    document: '文档',
    views: '阅读次数',
    readers: '读者',
    readingTime: '阅读时长',
    topBy: '按{metric}排序',
    noReading: '此时间范围内还没有人阅读。',
    departments: '各部门阅读情况',
    department: '部门',
    audience: '可读人数',
    share: '已读比例',
    coverage: '{name}：{audience} 位可读的人中 {readers} 位读过（{share}）',
    breadcrumb: '部门层级',
    company: '全公司',
    openDepartment: '查看 {name} 的下级部门',
    noDepartments: '没有部门有读者或可读的人。',
    trend: '趋势',
    trendByDay: '每天的阅读次数、读者和阅读时长',
    trendByWeek: '每周的阅读次数、读者和阅读时长',
  },
  en: {
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
  },
};
