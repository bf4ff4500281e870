import { trendWords } from '../internal/chart.messages.zh-CN.js';
import type { SiteStatsMessages } from './site-stats.messages.js';

const words: SiteStatsMessages = {
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
  chart: trendWords,
};

export default words;
