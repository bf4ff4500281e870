/**
 * Word lists and the PRNG of the generator. Copied from packages/server/src/demo/org.ts (the
 * mock must not depend on the server) and extended with English names, team words and tags.
 */

export const COMPANY = '兰亭科技';
export const COMPANY_EN = 'Lanting Technology';
export const MAIL_DOMAIN = 'lanting.example.com';

/** the top of the tree: [name, name_en, parent name, positions] */
export const SKELETON: ReadonlyArray<readonly [string, string, string | null, readonly string[]]> = [
  [COMPANY, COMPANY_EN, null, ['总经理']],
  ['研发中心', 'R&D Centre', COMPANY, ['研发总监']],
  ['前端组', 'Frontend', '研发中心', ['前端工程师', '高级前端工程师', 'Frontend Engineer']],
  ['后端组', 'Backend', '研发中心', ['后端工程师', '高级后端工程师', 'Backend Engineer']],
  ['测试组', 'QA', '研发中心', ['测试工程师', 'QA Engineer']],
  ['运维组', 'Operations', '研发中心', ['运维工程师', 'SRE']],
  ['数据平台组', 'Data Platform', '研发中心', ['数据工程师', 'Data Engineer']],
  ['产品部', 'Product', COMPANY, ['产品经理', 'Product Manager']],
  ['用户体验组', 'User Experience', '产品部', ['交互设计师', 'UX Designer']],
  ['销售部', 'Sales', COMPANY, ['销售经理', '客户经理']],
  ['华东区', 'East China', '销售部', ['客户经理', '销售代表']],
  ['华南区', 'South China', '销售部', ['客户经理', '销售代表']],
  ['International Sales', 'International Sales', '销售部', ['Account Executive', 'Sales Manager']],
  ['市场部', 'Marketing', COMPANY, ['市场专员', 'Marketing Manager']],
  ['客户成功部', 'Customer Success', COMPANY, ['客户成功经理', 'Customer Success Manager']],
  ['人力资源部', 'Human Resources', COMPANY, ['招聘专员', 'HRBP', '人力资源经理']],
  ['财务部', 'Finance', COMPANY, ['会计', '财务分析师', '财务经理']],
  ['行政部', 'Administration', COMPANY, ['行政专员', 'IT 管理员']],
  ['法务部', 'Legal', COMPANY, ['法务专员', 'Legal Counsel']],
];

/** generated departments below the skeleton: a word and a kind, e.g. 支付专项组 / Payments Task Force */
export const TEAM_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['平台', 'Platform'], ['增长', 'Growth'], ['交付', 'Delivery'], ['基础架构', 'Infrastructure'],
  ['移动端', 'Mobile'], ['支付', 'Payments'], ['搜索', 'Search'], ['推荐', 'Recommendations'],
  ['安全', 'Security'], ['华北', 'North China'], ['西南', 'Southwest'], ['海外', 'Overseas'],
  ['创新', 'Innovation'], ['质量', 'Quality'], ['运营', 'Operations'], ['合规', 'Compliance'],
  ['客户端', 'Client'], ['中台', 'Shared Services'], ['算法', 'Algorithms'], ['工具链', 'Tooling'],
  ['大客户', 'Key Accounts'], ['渠道', 'Channels'], ['培训', 'Training'], ['采购', 'Procurement'],
];
export const TEAM_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['项目组', 'Project'], ['小组', 'Group'], ['支持组', 'Support'], ['专项组', 'Task Force'],
  ['中心', 'Centre'], ['组', 'Team'], [' Squad', 'Squad'],
];

export const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['罗', 'luo'], ['高', 'gao'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['萧', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ['袁', 'yuan'], ['潘', 'pan'], ['蒋', 'jiang'], ['蔡', 'cai'], ['余', 'yu'], ['杜', 'du'], ['叶', 'ye'],
  ['程', 'cheng'], ['魏', 'wei'], ['苏', 'su'], ['吕', 'lv'], ['丁', 'ding'], ['沈', 'shen'], ['欧阳', 'ouyang'],
  ['任', 'ren'], ['姚', 'yao'], ['卢', 'lu'], ['傅', 'fu'], ['钟', 'zhong'], ['姜', 'jiang'], ['崔', 'cui'],
  ['谭', 'tan'], ['廖', 'liao'], ['范', 'fan'], ['汪', 'wang'], ['陆', 'lu'], ['金', 'jin'], ['石', 'shi'],
  ['戴', 'dai'], ['贾', 'jia'], ['韦', 'wei'], ['夏', 'xia'], ['邱', 'qiu'], ['方', 'fang'], ['侯', 'hou'],
  ['邹', 'zou'], ['熊', 'xiong'], ['孟', 'meng'], ['秦', 'qin'], ['白', 'bai'], ['江', 'jiang'], ['司马', 'sima'],
];
/** [character, pinyin, gender hint: 1 male, 2 female, 0 either] */
export const GIVEN: ReadonlyArray<readonly [string, string, 0 | 1 | 2]> = [
  ['伟', 'wei', 1], ['芳', 'fang', 2], ['娜', 'na', 2], ['敏', 'min', 0], ['静', 'jing', 2], ['丽', 'li', 2],
  ['强', 'qiang', 1], ['磊', 'lei', 1], ['军', 'jun', 1], ['洋', 'yang', 0], ['勇', 'yong', 1], ['艳', 'yan', 2],
  ['杰', 'jie', 1], ['娟', 'juan', 2], ['涛', 'tao', 1], ['明', 'ming', 0], ['超', 'chao', 1], ['秀', 'xiu', 2],
  ['霞', 'xia', 2], ['平', 'ping', 0], ['刚', 'gang', 1], ['桂', 'gui', 2], ['英', 'ying', 2], ['华', 'hua', 0],
  ['玉', 'yu', 2], ['文', 'wen', 0], ['建', 'jian', 1], ['国', 'guo', 1], ['晨', 'chen', 0], ['宇', 'yu', 1],
  ['浩', 'hao', 1], ['欣', 'xin', 2], ['怡', 'yi', 2], ['佳', 'jia', 0], ['子', 'zi', 0], ['轩', 'xuan', 1],
  ['雨', 'yu', 2], ['萱', 'xuan', 2], ['思', 'si', 0], ['博', 'bo', 1], ['涵', 'han', 0], ['瑶', 'yao', 2],
  ['嘉', 'jia', 0], ['琪', 'qi', 2], ['俊', 'jun', 1], ['婷', 'ting', 2], ['鹏', 'peng', 1], ['辉', 'hui', 1],
  ['晓', 'xiao', 0], ['琳', 'lin', 2], ['亮', 'liang', 1], ['慧', 'hui', 2], ['峰', 'feng', 1], ['岚', 'lan', 2],
  ['凯', 'kai', 1], ['悦', 'yue', 2], ['然', 'ran', 0], ['哲', 'zhe', 1], ['颖', 'ying', 2], ['航', 'hang', 1],
  ['琦', 'qi', 2], ['阳', 'yang', 1], ['帆', 'fan', 0], ['璐', 'lu', 2], ['彬', 'bin', 1], ['倩', 'qian', 2],
];
/** [first name, gender] */
export const FIRST_NAMES: ReadonlyArray<readonly [string, '1' | '2']> = [
  ['Emily', '2'], ['David', '1'], ['Sarah', '2'], ['Michael', '1'], ['Jessica', '2'], ['Daniel', '1'],
  ['Laura', '2'], ['James', '1'], ['Olivia', '2'], ['Kevin', '1'], ['Grace', '2'], ['Ryan', '1'],
  ['Sophie', '2'], ['Eric', '1'], ['Hannah', '2'], ['Jason', '1'], ['Chloe', '2'], ['Tony', '1'],
  ['Amy', '2'], ['Vincent', '1'], ['Iris', '2'], ['Leo', '1'], ['Nina', '2'], ['Oscar', '1'],
  ['Clara', '2'], ['Felix', '1'], ['Mia', '2'], ['Lucas', '1'], ['Zoe', '2'], ['Adam', '1'],
];
export const LAST_NAMES = [
  'Chen', 'Wang', 'Li', 'Zhang', 'Lin', 'Miller', 'Smith', 'Brown', 'Wong', 'Ng', 'Tan', 'Lee', 'Müller',
  'Garcia', 'Kim', 'Park', 'Nguyen', 'Taylor', 'Martin', 'Ho', 'Schmidt', 'Rossi', 'Dubois', 'Sato',
  'Suzuki', 'Singh', 'Khan', 'Silva', 'Novak', 'Jensen',
] as const;

export const OFFICES = [
  '上海市徐汇区漕河泾开发区宜山路 700 号 A 座 12 层',
  '深圳市南山区科技园科苑路 15 号 B 栋 8 楼',
  '北京市海淀区中关村大街 27 号 9 层',
  '杭州市西湖区文三路 478 号 6 楼',
  '1 Raffles Place #20-01, Singapore 048616',
] as const;

export const TAG_NAMES = [
  '管理层', '技术委员会', '新员工', '远程办公', '安全委员会', '项目经理', '内审小组', '值班', 'Mentors',
  '工会', '读书会', 'IT 资产管理员', '外包同事', '文档作者', 'Hackathon 2025', '校招面试官', '数据访问审批人',
] as const;

/** mulberry32: small, fast, and good enough for test data */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
