/**
 * A deterministic, realistic organisation: Chinese and English names, departments several
 * levels deep, some people in two departments. The same seed always gives the same company.
 * Used by the demo, the tests and the benchmarks (where it grows to 50 000 members).
 */

export interface OrgDepartment {
  id: number;
  name: string;
  parentId: number | null;
}

export interface OrgMember {
  userid: string;
  name: string;
  mobile: string;
  email: string;
  position: string;
  /** department ids, the main one first */
  departments: number[];
}

export interface Organisation {
  company: string;
  departments: OrgDepartment[];
  members: OrgMember[];
}

export interface OrgOptions {
  seed?: number;
  members: number;
  /** at least the built-in skeleton (19 departments, the root included) */
  departments: number;
  /** deepest level, the root being level 1 */
  maxDepth?: number;
  /** people the demo prints, placed first with fixed accounts */
  fixed?: Array<Omit<OrgMember, 'mobile' | 'email' | 'departments'> & { departmentPath: readonly string[] }>;
}

export const DEMO_COMPANY = '兰亭科技';

/** the top of the tree: [name, parent name, positions] */
const SKELETON: Array<[string, string | null, string[]]> = [
  [DEMO_COMPANY, null, ['总经理']],
  ['研发中心', DEMO_COMPANY, ['研发总监']],
  ['前端组', '研发中心', ['前端工程师', '高级前端工程师', 'Frontend Engineer']],
  ['后端组', '研发中心', ['后端工程师', '高级后端工程师', 'Backend Engineer']],
  ['测试组', '研发中心', ['测试工程师', 'QA Engineer']],
  ['运维组', '研发中心', ['运维工程师', 'SRE']],
  ['数据平台组', '研发中心', ['数据工程师', 'Data Engineer']],
  ['产品部', DEMO_COMPANY, ['产品经理', 'Product Manager']],
  ['用户体验组', '产品部', ['交互设计师', 'UX Designer']],
  ['销售部', DEMO_COMPANY, ['销售经理', '客户经理']],
  ['华东区', '销售部', ['客户经理', '销售代表']],
  ['华南区', '销售部', ['客户经理', '销售代表']],
  ['International Sales', '销售部', ['Account Executive', 'Sales Manager']],
  ['市场部', DEMO_COMPANY, ['市场专员', 'Marketing Manager']],
  ['客户成功部', DEMO_COMPANY, ['客户成功经理', 'Customer Success Manager']],
  ['人力资源部', DEMO_COMPANY, ['招聘专员', 'HRBP', '人力资源经理']],
  ['财务部', DEMO_COMPANY, ['会计', '财务分析师', '财务经理']],
  ['行政部', DEMO_COMPANY, ['行政专员', 'IT 管理员']],
  ['法务部', DEMO_COMPANY, ['法务专员', 'Legal Counsel']],
];

const SURNAMES: Array<[string, string]> = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['罗', 'luo'], ['高', 'gao'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['萧', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ['袁', 'yuan'], ['潘', 'pan'], ['蒋', 'jiang'], ['蔡', 'cai'], ['余', 'yu'], ['杜', 'du'], ['叶', 'ye'],
  ['程', 'cheng'], ['魏', 'wei'], ['苏', 'su'], ['吕', 'lv'], ['丁', 'ding'], ['沈', 'shen'], ['欧阳', 'ouyang'],
];
const GIVEN: Array<[string, string]> = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'],
  ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'], ['玉', 'yu'], ['文', 'wen'], ['建', 'jian'], ['国', 'guo'],
  ['晨', 'chen'], ['宇', 'yu'], ['浩', 'hao'], ['欣', 'xin'], ['怡', 'yi'], ['佳', 'jia'], ['子', 'zi'],
  ['轩', 'xuan'], ['雨', 'yu'], ['萱', 'xuan'], ['思', 'si'], ['博', 'bo'], ['涵', 'han'], ['瑶', 'yao'],
  ['嘉', 'jia'], ['琪', 'qi'], ['俊', 'jun'], ['婷', 'ting'], ['鹏', 'peng'], ['辉', 'hui'], ['晓', 'xiao'],
  ['琳', 'lin'], ['亮', 'liang'], ['慧', 'hui'], ['峰', 'feng'], ['岚', 'lan'], ['凯', 'kai'], ['悦', 'yue'],
];
const FIRST_NAMES = [
  'Emily', 'David', 'Sarah', 'Michael', 'Jessica', 'Daniel', 'Laura', 'James', 'Olivia', 'Kevin', 'Grace',
  'Ryan', 'Sophie', 'Eric', 'Hannah', 'Jason', 'Chloe', 'Tony', 'Amy', 'Vincent', 'Iris', 'Leo', 'Nina',
];
const LAST_NAMES = [
  'Chen', 'Wang', 'Li', 'Zhang', 'Lin', 'Miller', 'Smith', 'Brown', 'Wong', 'Ng', 'Tan', 'Lee', 'Müller',
  'Garcia', 'Kim', 'Park', 'Nguyen', 'Taylor', 'Martin', 'Ho',
];
const EXTRA_GROUPS = ['项目组', '小组', 'Squad', '支持组', '专项组', 'Team'];

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

export function generateOrganisation(options: OrgOptions): Organisation {
  const rnd = random(options.seed ?? 20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const maxDepth = options.maxDepth ?? 10;

  const departments: OrgDepartment[] = [];
  const depth = new Map<number, number>();
  const positions = new Map<number, string[]>();
  const byName = new Map<string, number>();
  for (const [name, parent, titles] of SKELETON) {
    const id = departments.length + 1;
    const parentId = parent === null ? null : byName.get(parent)!;
    departments.push({ id, name, parentId });
    byName.set(name, id);
    depth.set(id, parentId === null ? 1 : depth.get(parentId)! + 1);
    positions.set(id, titles);
  }
  // Grow the tree under random departments (never under the root, never deeper than allowed).
  const childCount = new Map<number, number>();
  while (departments.length < options.departments) {
    const parent = departments[1 + Math.floor(rnd() * (departments.length - 1))]!;
    const parentDepth = depth.get(parent.id)!;
    if (parentDepth >= maxDepth) continue;
    const n = (childCount.get(parent.id) ?? 0) + 1;
    childCount.set(parent.id, n);
    const id = departments.length + 1;
    departments.push({ id, name: `${pick(EXTRA_GROUPS)} ${n}`, parentId: parent.id });
    depth.set(id, parentDepth + 1);
    positions.set(id, positions.get(parent.id)!);
  }

  const members: OrgMember[] = [];
  const taken = new Set<string>();
  const pathToId = (path: readonly string[]) => {
    let id = byName.get(DEMO_COMPANY)!;
    for (const name of path) {
      const child = departments.find((d) => d.parentId === id && d.name === name);
      if (!child) throw new Error(`no department ${path.join('/')}`);
      id = child.id;
    }
    return id;
  };
  const contact = (userid: string) => ({
    mobile: `1${pick(['3', '5', '8'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
    email: `${userid}@lanting.example.com`,
  });
  for (const person of options.fixed ?? []) {
    taken.add(person.userid);
    members.push({
      userid: person.userid,
      name: person.name,
      position: person.position,
      departments: [pathToId(person.departmentPath)],
      ...contact(person.userid),
    });
  }
  // Everyone but the root belongs somewhere below it; leaf departments get more people.
  const placeable = departments.filter((d) => d.parentId !== null);
  while (members.length < options.members) {
    let name: string;
    let base: string;
    if (rnd() < 0.15) {
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      name = `${first} ${last}`;
      base = `${first}.${last}`.toLowerCase().replace('ü', 'u');
    } else {
      const [surname, surnamePinyin] = pick(SURNAMES);
      const given = rnd() < 0.6 ? [pick(GIVEN)] : [pick(GIVEN), pick(GIVEN)];
      name = surname + given.map((g) => g[0]).join('');
      base = surnamePinyin + given.map((g) => g[1]).join('');
    }
    let userid = base;
    for (let n = 2; taken.has(userid); n++) userid = `${base}${n}`;
    taken.add(userid);
    const main = pick(placeable);
    const ids = [main.id];
    if (rnd() < 0.05) {
      const second = pick(placeable);
      if (second.id !== main.id) ids.push(second.id);
    }
    members.push({ userid, name, position: pick(positions.get(main.id)!), departments: ids, ...contact(userid) });
  }
  return { company: DEMO_COMPANY, departments, members };
}

/** The path of names below the root, as WeCom's batch-import file writes it. */
export function departmentPath(org: Organisation, id: number): string[] {
  const byId = new Map(org.departments.map((d) => [d.id, d]));
  const path: string[] = [];
  for (let d = byId.get(id); d && d.parentId !== null; d = byId.get(d.parentId)) path.unshift(d.name);
  return path;
}

/** The organisation as a CSV file in WeCom's batch-import layout (UTF-8). */
export function organisationCsv(org: Organisation): string {
  const paths = new Map(org.departments.map((d) => [d.id, departmentPath(org, d.id).join('/')]));
  const lines = ['姓名,帐号,手机,邮箱,部门,职务'];
  for (const m of org.members) {
    const departments = m.departments.map((id) => paths.get(id) || org.company).join(';');
    lines.push([m.name, m.userid, m.mobile, m.email, departments, m.position].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
