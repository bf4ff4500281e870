import {
  FIRST_NAMES,
  GIVEN,
  LAST_NAMES,
  MAIL_DOMAIN,
  OFFICES,
  SKELETON,
  SURNAMES,
  TAG_NAMES,
  TEAM_KINDS,
  TEAM_WORDS,
  random,
} from './names.js';
import type { GenerateOptions, MockDepartment, MockOrganisation, MockTag, MockUser } from './types.js';

const ROOT = 1;
const HEX = '0123456789abcdef';
/** WeCom's own orders are large numbers; siblings created earlier sort first */
const FIRST_ORDER = 100_000_000;

/**
 * A deterministic, realistic WeCom directory: the built-in top of the tree, generated teams
 * below it, Chinese names with pinyin userids and about 15 % English names, a few people in two
 * departments, leaders, leavers and tags. Linear in members + departments: 100 000 members and
 * 10 000 departments take about a second.
 */
export function generateOrganisation(options: GenerateOptions): MockOrganisation {
  const members = wholeNumber(options.members, 'members', 0);
  const departmentCount = wholeNumber(options.departments, 'departments', 1);
  const maxDepth = wholeNumber(options.maxDepth ?? 10, 'maxDepth', 1);
  const tagCount = wholeNumber(options.tags ?? 5, 'tags', 0);
  const leavers = share(options.leavers ?? 0.01, 'leavers');
  const disabled = share(options.disabled ?? 0.01, 'disabled');
  const inactive = share(options.inactive ?? 0.01, 'inactive');
  const multiDepartment = share(options.multiDepartment ?? 0.05, 'multiDepartment');
  if (leavers + disabled + inactive > 1) throw new RangeError('leavers + disabled + inactive must not exceed 1');
  if (maxDepth === 1 && departmentCount > 1) throw new RangeError('maxDepth 1 leaves room for the root department only');

  const rnd = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const hex = () => {
    // 8 hex digits; by hand because toString(16) of numbers beyond 2^31 is slow
    let n = (rnd() * 0x1_0000_0000) >>> 0;
    let text = '';
    for (let i = 0; i < 8; i++, n >>>= 4) text = HEX[n & 15]! + text;
    return text;
  };

  // Departments: the skeleton (as deep as allowed), then teams under random non-root departments.
  const departments: MockDepartment[] = [];
  const depth = new Map<number, number>();
  const positions = new Map<number, readonly string[]>();
  const childNames = new Map<number, Set<string>>();
  const addDepartment = (name: string, nameEn: string, parentid: number, titles: readonly string[]) => {
    const id = departments.length + 1;
    const siblings = childNames.get(parentid) ?? new Set<string>();
    childNames.set(parentid, siblings);
    siblings.add(name);
    departments.push({ id, name, name_en: nameEn, department_leader: [], parentid, order: FIRST_ORDER - siblings.size * 1000 });
    depth.set(id, parentid === 0 ? 1 : depth.get(parentid)! + 1);
    positions.set(id, titles);
    return id;
  };
  const byName = new Map<string, number>();
  for (const [name, nameEn, parent, titles] of SKELETON) {
    if (departments.length >= departmentCount) break;
    if (parent === null) {
      byName.set(name, addDepartment(name, nameEn, 0, titles));
      departments[0]!.order = FIRST_ORDER;
      continue;
    }
    const parentId = byName.get(parent);
    if (parentId === undefined || depth.get(parentId)! >= maxDepth) continue;
    byName.set(name, addDepartment(name, nameEn, parentId, titles));
  }
  // Parents that can still take children; the root only when nothing else can.
  const parents = departments.filter((d) => d.id !== ROOT && depth.get(d.id)! < maxDepth).map((d) => d.id);
  while (departments.length < departmentCount) {
    const parentId = parents.length > 0 ? parents[Math.floor(rnd() * parents.length)]! : ROOT;
    const [word, wordEn] = pick(TEAM_WORDS);
    const [kind, kindEn] = pick(TEAM_KINDS);
    let name = `${word}${kind}`;
    let nameEn = `${wordEn} ${kindEn}`;
    const taken = childNames.get(parentId);
    if (taken?.has(name)) {
      let n = 2;
      while (taken.has(`${name} ${n}`)) n++;
      name = `${name} ${n}`;
      nameEn = `${nameEn} ${n}`;
    }
    const id = addDepartment(name, nameEn, parentId, positions.get(parentId)!);
    if (depth.get(id)! < maxDepth) parents.push(id);
  }

  // Members: the first one runs the company from the root, everyone else sits below it.
  const users: MockUser[] = [];
  const placeable = departments.length > 1 ? departments.slice(1) : departments;
  const nextSuffix = new Map<string, number>();
  const taken = new Set<string>();
  const mobileOffset = Math.floor(rnd() * 1e9);
  for (let i = 0; i < members; i++) {
    let name: string;
    let base: string;
    let gender: MockUser['gender'];
    let alias = '';
    if (rnd() < 0.15) {
      const [first, firstGender] = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      name = `${first} ${last}`;
      base = `${first}.${last}`.toLowerCase().replace('ü', 'u');
      gender = firstGender;
    } else {
      const [surname, surnamePinyin] = pick(SURNAMES);
      const given = rnd() < 0.6 ? [pick(GIVEN)] : [pick(GIVEN), pick(GIVEN)];
      name = surname + given.map((g) => g[0]).join('');
      base = surnamePinyin + given.map((g) => g[1]).join('');
      const hint = given[given.length - 1]![2];
      gender = rnd() < 0.03 ? '0' : hint === 0 ? (rnd() < 0.5 ? '1' : '2') : hint === 1 ? '1' : '2';
      if (rnd() < 0.1) alias = pick(FIRST_NAMES)[0];
    }
    // Bases never end in a digit, so base + counter cannot collide with another base.
    let userid = base;
    if (taken.has(userid)) {
      let n = nextSuffix.get(base) ?? 2;
      while (taken.has(`${base}${n}`)) n++;
      userid = `${base}${n}`;
      nextSuffix.set(base, n + 1);
    }
    taken.add(userid);

    const main = i === 0 ? departments[0]! : pick(placeable);
    const department = [main.id];
    if (i > 0 && rnd() < multiDepartment) {
      const second = pick(placeable);
      if (second.id !== main.id) department.push(second.id);
    }
    const roll = rnd();
    const status: MockUser['status'] =
      i === 0 ? 1 : roll < leavers ? 5 : roll < leavers + disabled ? 2 : roll < leavers + disabled + inactive ? 4 : 1;
    const picture = `${hex()}${hex()}${hex()}${hex()}`;
    // Mobiles are unique in a corp: a fixed step coprime with 10^9 walks all 9-digit suffixes.
    const mobileSuffix = String((mobileOffset + i * 7_919) % 1e9).padStart(9, '0');
    users.push({
      userid,
      name,
      department,
      order: department.map(() => 0),
      position: pick(positions.get(main.id)!),
      mobile: `1${pick(['3', '5', '7', '8'])}${mobileSuffix}`,
      gender,
      email: `${userid}@${MAIL_DOMAIN}`,
      biz_mail: `${userid}@mail.${MAIL_DOMAIN}`,
      is_leader_in_dept: department.map(() => 0),
      direct_leader: [],
      avatar: `https://wework.qpic.cn/wwpic/${picture}/0`,
      thumb_avatar: `https://wework.qpic.cn/wwpic/${picture}/100`,
      telephone: rnd() < 0.3 ? `021-6${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}` : '',
      alias,
      address: rnd() < 0.4 ? pick(OFFICES) : '',
      open_userid: `wo${hex()}${hex()}${hex()}${hex()}`.slice(0, 32),
      main_department: main.id,
      extattr: { attrs: [] },
      status,
      qr_code: `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc${hex()}${hex()}`,
      external_position: '',
    });
  }

  // Leaders: the first active member of most departments leads it.
  const byDepartment = new Map<number, MockUser[]>();
  for (const user of users) {
    for (const id of user.department) {
      const list = byDepartment.get(id);
      if (list) list.push(user);
      else byDepartment.set(id, [user]);
    }
  }
  const leaderOf = new Map<number, MockUser>();
  for (const department of departments) {
    const chance = department.id <= SKELETON.length ? 0.9 : 0.5;
    if (rnd() >= chance) continue;
    const leader = byDepartment.get(department.id)?.find((u) => u.status === 1);
    if (!leader) continue;
    leaderOf.set(department.id, leader);
    department.department_leader.push(leader.userid);
    leader.is_leader_in_dept[leader.department.indexOf(department.id)] = 1;
  }
  const byId = new Map(departments.map((d) => [d.id, d]));
  for (const user of users) {
    // The direct leader leads the main department, or the nearest department above it.
    for (let d = byId.get(user.main_department); d; d = byId.get(d.parentid)) {
      const leader = leaderOf.get(d.id);
      if (leader && leader !== user) {
        user.direct_leader.push(leader.userid);
        break;
      }
    }
  }

  const tags: MockTag[] = [];
  for (let i = 0; i < tagCount; i++) {
    const tagname = i < TAG_NAMES.length ? TAG_NAMES[i]! : `${TAG_NAMES[i % TAG_NAMES.length]} ${Math.floor(i / TAG_NAMES.length) + 1}`;
    const tagUsers = new Set<string>();
    const wanted = users.length === 0 ? 0 : 1 + Math.floor(rnd() * Math.min(40, Math.max(3, users.length / 10)));
    for (let n = 0; n < wanted; n++) tagUsers.add(pick(users).userid);
    const parties = new Set<number>();
    const wantedParties = placeable[0]!.id === ROOT ? 0 : 1 + Math.floor(rnd() * 2);
    for (let n = 0; n < wantedParties; n++) parties.add(pick(placeable).id);
    tags.push({ tagid: i + 1, tagname, users: [...tagUsers], parties: [...parties] });
  }
  return { departments, users, tags };
}


function wholeNumber(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number of at least ${min}`);
  return value;
}

function share(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
  return value;
}
