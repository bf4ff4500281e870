import { createHash } from 'node:crypto';
import type { MockDepartment, MockOrganisation, MockTag, MockUser } from '../organisation/types.js';

export type VisibleRange = { departments?: number[]; users?: string[]; tags?: number[] } | null;

/** Who the app's visible range lets through; `null` everywhere means the whole corp. */
export interface Visibility {
  departments: Set<number>;
  users: Set<string>;
}

export type ChangeType = 'create_user' | 'update_user' | 'delete_user' | 'create_party' | 'update_party' | 'delete_party' | 'update_tag';

/** One element of a callback's plain XML: strings go in CDATA, numbers bare, as WeCom writes them. */
export type XmlField = readonly [name: string, value: string | number];

/** A directory change, ready to become a change_contact callback. */
export interface ContactChange {
  changeType: ChangeType;
  fields: XmlField[];
  /** what newer callback URLs receive: ids only */
  reduced: XmlField[];
}

/** Bad input to an admin change; `status` is the HTTP status the admin API answers. */
export class DirectoryError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

export type UserInput = Partial<MockUser> & { userid: string; name: string; department: number[] };
export type UserPatch = Partial<MockUser> & { new_userid?: string };
export interface DepartmentInput {
  id?: number;
  name: string;
  parentid: number;
  order?: number;
  name_en?: string;
}
export type DepartmentPatch = Partial<{ name: string; name_en: string; parentid: number; order: number }>;
export interface TagChange {
  tagname?: string;
  addUsers?: string[];
  delUsers?: string[];
  addParties?: number[];
  delParties?: number[];
}

const ROOT = 1;
const USERID = /^[A-Za-z0-9_\-@.]{1,64}$/;
/** user fields a callback reports, in WeCom's order, with how each is written */
const USER_XML: ReadonlyArray<readonly [keyof MockUser, string, (u: MockUser) => string | number]> = [
  ['name', 'Name', (u) => u.name],
  ['department', 'Department', (u) => u.department.join(',')],
  ['main_department', 'MainDepartment', (u) => u.main_department],
  ['is_leader_in_dept', 'IsLeaderInDept', (u) => u.is_leader_in_dept.join(',')],
  ['direct_leader', 'DirectLeader', (u) => u.direct_leader.join(',')],
  ['position', 'Position', (u) => u.position],
  ['mobile', 'Mobile', (u) => u.mobile],
  ['gender', 'Gender', (u) => Number(u.gender)],
  ['email', 'Email', (u) => u.email],
  ['biz_mail', 'BizMail', (u) => u.biz_mail],
  ['status', 'Status', (u) => u.status],
  ['avatar', 'Avatar', (u) => u.avatar],
  ['alias', 'Alias', (u) => u.alias],
  ['telephone', 'Telephone', (u) => u.telephone],
  ['address', 'Address', (u) => u.address],
];

/**
 * The corp's directory with the indexes the API needs (users by department, children by
 * parent), so that an answer costs what it contains, plus the visible range and the changes an
 * admin makes. `organisation` is the live data: its arrays and records are the ones answered.
 */
export class Directory {
  readonly organisation: MockOrganisation;
  private readonly users = new Map<string, MockUser>();
  private readonly departments = new Map<number, MockDepartment>();
  private readonly children = new Map<number, MockDepartment[]>();
  private readonly members = new Map<number, MockUser[]>();
  private readonly tags = new Map<number, MockTag>();
  /** creation sequence: organisation.users is kept in this order, list_id cursors point into it */
  private readonly sequence = new Map<MockUser, number>();
  private nextSequence = 0;
  private range: VisibleRange = null;
  private visibility: Visibility | null | undefined = null;

  constructor(organisation: MockOrganisation) {
    this.organisation = { departments: [], users: [], tags: [] };
    for (const department of organisation.departments) {
      const d = normaliseDepartment(department);
      if (this.departments.has(d.id)) throw new DirectoryError(`department ${d.id} appears twice`);
      this.departments.set(d.id, d);
      this.organisation.departments.push(d);
    }
    const root = this.departments.get(ROOT);
    if (!root || root.parentid !== 0) throw new DirectoryError('the organisation needs the root department: id 1 with parentid 0');
    for (const d of this.organisation.departments) {
      if (d.id === ROOT) continue;
      if (!this.departments.has(d.parentid)) throw new DirectoryError(`department ${d.id}: parent ${d.parentid} does not exist`);
      this.childList(d.parentid).push(d);
    }
    for (const list of this.children.values()) sortSiblings(list);
    if (this.subtree(ROOT).length !== this.departments.size) throw new DirectoryError('departments must form one tree under the root');
    for (const input of organisation.users) {
      const user = this.normaliseUser(input);
      if (this.users.has(user.userid)) throw new DirectoryError(`userid ${user.userid} appears twice`);
      this.insertUser(user);
    }
    for (const input of organisation.tags) {
      const tag: MockTag = { tagid: input.tagid, tagname: input.tagname, users: [...(input.users ?? [])], parties: [...(input.parties ?? [])] };
      if (!Number.isInteger(tag.tagid) || tag.tagid < 1 || this.tags.has(tag.tagid)) throw new DirectoryError(`tag ${tag.tagid} is invalid or appears twice`);
      for (const u of tag.users) if (!this.users.has(u)) throw new DirectoryError(`tag ${tag.tagid}: unknown user ${u}`);
      for (const p of tag.parties) if (!this.departments.has(p)) throw new DirectoryError(`tag ${tag.tagid}: unknown department ${p}`);
      this.tags.set(tag.tagid, tag);
      this.organisation.tags.push(tag);
    }
  }

  // ---- reading ----

  user(userid: string): MockUser | undefined {
    return this.users.get(userid);
  }

  department(id: number): MockDepartment | undefined {
    return this.departments.get(id);
  }

  tag(tagid: number): MockTag | undefined {
    return this.tags.get(tagid);
  }

  /** the department and everything below it, parents first, siblings by descending order */
  subtree(id: number): MockDepartment[] {
    const start = this.departments.get(id);
    if (!start) return [];
    const out: MockDepartment[] = [];
    const stack: MockDepartment[] = [start];
    while (stack.length > 0) {
      const d = stack.pop()!;
      out.push(d);
      const kids = this.children.get(d.id);
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    return out;
  }

  /** members placed directly in the department */
  membersOf(id: number): readonly MockUser[] {
    return this.members.get(id) ?? [];
  }

  /** members of the department and its sub-departments, each once */
  membersBelow(id: number): MockUser[] {
    const seen = new Set<MockUser>();
    for (const d of this.subtree(id)) for (const u of this.membersOf(d.id)) seen.add(u);
    return [...seen];
  }

  get visibleRange(): VisibleRange {
    return this.range;
  }

  setVisibleRange(range: VisibleRange): void {
    if (range !== null && (typeof range !== 'object' || Array.isArray(range))) throw new DirectoryError('visibleRange must be an object or null');
    this.range = range === null ? null : { departments: [...(range.departments ?? [])], users: [...(range.users ?? [])], tags: [...(range.tags ?? [])] };
    this.changed();
  }

  /** null when the whole corp is visible */
  visible(): Visibility | null {
    if (this.visibility !== undefined) return this.visibility;
    const range = this.range;
    if (range === null) return (this.visibility = null);
    const roots = new Set(range.departments ?? []);
    const users = new Set<string>();
    for (const u of range.users ?? []) if (this.users.has(u)) users.add(u);
    for (const tagid of range.tags ?? []) {
      const tag = this.tags.get(tagid);
      if (!tag) continue;
      for (const u of tag.users) users.add(u);
      for (const p of tag.parties) roots.add(p);
    }
    const departments = new Set<number>();
    for (const root of roots) {
      if (departments.has(root)) continue;
      for (const d of this.subtree(root)) departments.add(d.id);
    }
    return (this.visibility = { departments, users });
  }

  isUserVisible(user: MockUser, visibility = this.visible()): boolean {
    if (visibility === null) return true;
    if (visibility.users.has(user.userid)) return true;
    for (const d of user.department) if (visibility.departments.has(d)) return true;
    return false;
  }

  isDepartmentVisible(id: number, visibility = this.visible()): boolean {
    return visibility === null || visibility.departments.has(id);
  }

  /**
   * One page of user/list_id: a row per (user, department), in creation order. The cursor
   * names the next row by the user's creation number, so changes between pages neither repeat
   * nor skip the people who stay.
   */
  listIds(cursor: string, limit: number): { rows: Array<{ userid: string; department: number }>; next: string } | null {
    let fromSequence = 0;
    let fromDepartment = 0;
    if (cursor !== '') {
      const match = /^(\d+)\.(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
      if (!match) return null;
      fromSequence = Number(match[1]);
      fromDepartment = Number(match[2]);
    }
    const users = this.organisation.users;
    let lo = 0;
    let hi = users.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sequence.get(users[mid]!)! < fromSequence) lo = mid + 1;
      else hi = mid;
    }
    const rows: Array<{ userid: string; department: number }> = [];
    let j = lo < users.length && this.sequence.get(users[lo]!) === fromSequence ? fromDepartment : 0;
    for (let i = lo; i < users.length; i++, j = 0) {
      const user = users[i]!;
      for (; j < user.department.length; j++) {
        if (rows.length === limit) {
          return { rows, next: Buffer.from(`${this.sequence.get(user)}.${j}`, 'latin1').toString('base64url') };
        }
        rows.push({ userid: user.userid, department: user.department[j]! });
      }
    }
    return { rows, next: '' };
  }

  // ---- changes, as an admin makes them in the console ----

  createUser(input: UserInput): ContactChange {
    if (!input || typeof input !== 'object') throw new DirectoryError('a user needs userid, name and department');
    if (this.users.has(input.userid)) throw new DirectoryError(`userid ${input.userid} already exists`, 409);
    const user = this.normaliseUser(input);
    this.insertUser(user);
    for (const [i, d] of user.department.entries()) {
      if (user.is_leader_in_dept[i] === 1) this.department(d)!.department_leader.push(user.userid);
    }
    this.changed();
    const fields: XmlField[] = [['UserID', user.userid], ...USER_XML.map(([, tag, value]) => [tag, value(user)] as const)];
    return { changeType: 'create_user', fields, reduced: [['UserID', user.userid]] };
  }

  updateUser(userid: string, patch: UserPatch): ContactChange | null {
    const user = this.users.get(userid);
    if (!user) throw new DirectoryError(`no user ${userid}`, 404);
    if (!patch || typeof patch !== 'object') throw new DirectoryError('a user change must be an object');
    const { new_userid: newUserId, userid: _ignored, ...rest } = patch;
    if (newUserId !== undefined && newUserId !== userid) {
      if (!USERID.test(newUserId)) throw new DirectoryError(`invalid new_userid ${JSON.stringify(newUserId)}`);
      if (this.users.has(newUserId)) throw new DirectoryError(`userid ${newUserId} already exists`, 409);
    }
    const before = { ...user, department: [...user.department], is_leader_in_dept: [...user.is_leader_in_dept], direct_leader: [...user.direct_leader] };
    const next = this.normaliseUser({ ...user, ...rest, userid, department: rest.department ?? user.department }, user);

    // Re-place the user where the departments changed.
    this.removeFromIndexes(user);
    Object.assign(user, next);
    for (const d of user.department) this.memberList(d).push(user);
    for (const d of this.departments.values()) {
      const at = d.department_leader.indexOf(userid);
      const leads = user.is_leader_in_dept[user.department.indexOf(d.id)] === 1;
      if (at >= 0 && !leads) d.department_leader.splice(at, 1);
      else if (at < 0 && leads) d.department_leader.push(userid);
    }
    const renamed = newUserId !== undefined && newUserId !== userid;
    if (renamed) this.rename(user, newUserId);
    this.changed();

    const changedFields = USER_XML.filter(([key]) => JSON.stringify(before[key]) !== JSON.stringify(user[key]));
    const otherChange = (Object.keys(user) as Array<keyof MockUser>).some((k) => JSON.stringify(before[k]) !== JSON.stringify(user[k]));
    if (!renamed && !otherChange) return null;
    const ids: XmlField[] = [['UserID', userid], ...(renamed ? [['NewUserID', newUserId] as const] : [])];
    return {
      changeType: 'update_user',
      fields: [...ids, ...changedFields.map(([, tag, value]) => [tag, value(user)] as const)],
      reduced: ids,
    };
  }

  deleteUser(userid: string): ContactChange {
    const user = this.users.get(userid);
    if (!user) throw new DirectoryError(`no user ${userid}`, 404);
    this.removeFromIndexes(user);
    this.users.delete(userid);
    this.sequence.delete(user);
    this.organisation.users.splice(this.organisation.users.indexOf(user), 1);
    for (const tag of this.tags.values()) removeItem(tag.users, userid);
    for (const d of this.departments.values()) removeItem(d.department_leader, userid);
    for (const other of this.users.values()) removeItem(other.direct_leader, userid);
    this.changed();
    return { changeType: 'delete_user', fields: [['UserID', userid]], reduced: [['UserID', userid]] };
  }

  createDepartment(input: DepartmentInput): { id: number; change: ContactChange } {
    if (!input || typeof input !== 'object') throw new DirectoryError('a department needs name and parentid');
    const id = input.id ?? Math.max(0, ...this.departments.keys()) + 1;
    if (!Number.isInteger(id) || id < 1) throw new DirectoryError('id must be a positive whole number');
    if (this.departments.has(id)) throw new DirectoryError(`department ${id} already exists`, 409);
    if (!this.departments.has(input.parentid)) throw new DirectoryError(`parent department ${input.parentid} does not exist`, 404);
    const name = departmentName(input.name);
    this.assertUniqueName(input.parentid, name, id);
    const department: MockDepartment = {
      id,
      name,
      name_en: input.name_en ?? '',
      department_leader: [],
      parentid: input.parentid,
      order: input.order ?? 0,
    };
    this.departments.set(id, department);
    this.organisation.departments.push(department);
    this.childList(department.parentid).push(department);
    sortSiblings(this.childList(department.parentid));
    this.changed();
    const fields: XmlField[] = [['Id', id], ['Name', name], ['ParentId', department.parentid], ['Order', department.order]];
    return { id, change: { changeType: 'create_party', fields, reduced: [['Id', id]] } };
  }

  updateDepartment(id: number, patch: DepartmentPatch): ContactChange | null {
    const department = this.departments.get(id);
    if (!department) throw new DirectoryError(`no department ${id}`, 404);
    if (!patch || typeof patch !== 'object') throw new DirectoryError('a department change must be an object');
    const fields: XmlField[] = [['Id', id]];
    const name = patch.name === undefined ? department.name : departmentName(patch.name);
    const parentid = patch.parentid ?? department.parentid;
    if (parentid !== department.parentid) {
      if (id === ROOT) throw new DirectoryError('the root department cannot move');
      if (!this.departments.has(parentid)) throw new DirectoryError(`parent department ${parentid} does not exist`, 404);
      if (this.subtree(id).some((d) => d.id === parentid)) throw new DirectoryError('a department cannot move below itself');
    }
    if (name !== department.name || parentid !== department.parentid) this.assertUniqueName(parentid, name, id);
    if (patch.order !== undefined && !Number.isInteger(patch.order)) throw new DirectoryError('order must be a whole number');
    const changed =
      name !== department.name || parentid !== department.parentid || (patch.order ?? department.order) !== department.order || (patch.name_en ?? department.name_en) !== department.name_en;
    if (!changed) return null;
    if (name !== department.name) fields.push(['Name', name]);
    if (parentid !== department.parentid) {
      fields.push(['ParentId', parentid]);
      removeItem(this.childList(department.parentid), department);
      this.childList(parentid).push(department);
    }
    department.name = name;
    department.parentid = parentid;
    department.order = patch.order ?? department.order;
    department.name_en = patch.name_en ?? department.name_en;
    sortSiblings(this.childList(parentid));
    this.changed();
    return { changeType: 'update_party', fields, reduced: [['Id', id]] };
  }

  deleteDepartment(id: number): ContactChange {
    const department = this.departments.get(id);
    if (!department) throw new DirectoryError(`no department ${id}`, 404);
    // WeCom refuses these (60007, 60006, 60005).
    if (id === ROOT) throw new DirectoryError('the root department cannot be deleted');
    if ((this.children.get(id)?.length ?? 0) > 0) throw new DirectoryError(`department ${id} has sub-departments`);
    if (this.membersOf(id).length > 0) throw new DirectoryError(`department ${id} has members`);
    this.departments.delete(id);
    this.children.delete(id);
    this.members.delete(id);
    removeItem(this.childList(department.parentid), department);
    this.organisation.departments.splice(this.organisation.departments.indexOf(department), 1);
    for (const tag of this.tags.values()) removeItem(tag.parties, id);
    if (this.range?.departments) removeItem(this.range.departments, id);
    this.changed();
    return { changeType: 'delete_party', fields: [['Id', id]], reduced: [['Id', id]] };
  }

  createTag(input: { tagid?: number; tagname: string }): number {
    if (!input || typeof input !== 'object') throw new DirectoryError('a tag needs a tagname');
    const tagid = input.tagid ?? Math.max(0, ...this.tags.keys()) + 1;
    if (!Number.isInteger(tagid) || tagid < 1) throw new DirectoryError('tagid must be a positive whole number');
    if (this.tags.has(tagid)) throw new DirectoryError(`tag ${tagid} already exists`, 409);
    const tagname = tagName(input.tagname);
    if ([...this.tags.values()].some((t) => t.tagname === tagname)) throw new DirectoryError(`a tag named ${tagname} already exists`, 409);
    const tag: MockTag = { tagid, tagname, users: [], parties: [] };
    this.tags.set(tagid, tag);
    this.organisation.tags.push(tag);
    this.changed();
    return tagid;
  }

  updateTag(tagid: number, change: TagChange): ContactChange | null {
    const tag = this.tags.get(tagid);
    if (!tag) throw new DirectoryError(`no tag ${tagid}`, 404);
    if (!change || typeof change !== 'object') throw new DirectoryError('a tag change must be an object');
    const tagname = change.tagname === undefined ? tag.tagname : tagName(change.tagname);
    if (tagname !== tag.tagname && [...this.tags.values()].some((t) => t.tagname === tagname)) {
      throw new DirectoryError(`a tag named ${tagname} already exists`, 409);
    }
    for (const u of change.addUsers ?? []) if (!this.users.has(u)) throw new DirectoryError(`no user ${u}`, 404);
    for (const p of change.addParties ?? []) if (!this.departments.has(p)) throw new DirectoryError(`no department ${p}`, 404);
    const addUsers = unique(change.addUsers ?? []).filter((u) => !tag.users.includes(u));
    const delUsers = unique(change.delUsers ?? []).filter((u) => tag.users.includes(u));
    const addParties = unique(change.addParties ?? []).filter((p) => !tag.parties.includes(p));
    const delParties = unique(change.delParties ?? []).filter((p) => tag.parties.includes(p));
    const renamed = tagname !== tag.tagname;
    if (!renamed && addUsers.length + delUsers.length + addParties.length + delParties.length === 0) return null;
    tag.tagname = tagname;
    tag.users = [...tag.users.filter((u) => !delUsers.includes(u)), ...addUsers];
    tag.parties = [...tag.parties.filter((p) => !delParties.includes(p)), ...addParties];
    this.changed();
    const fields: XmlField[] = [['TagId', tagid]];
    if (addUsers.length > 0) fields.push(['AddUserItems', addUsers.join(',')]);
    if (delUsers.length > 0) fields.push(['DelUserItems', delUsers.join(',')]);
    if (addParties.length > 0) fields.push(['AddPartyItems', addParties.join(',')]);
    if (delParties.length > 0) fields.push(['DelPartyItems', delParties.join(',')]);
    return { changeType: 'update_tag', fields, reduced: [['TagId', tagid]] };
  }

  // ---- internals ----

  private changed(): void {
    this.visibility = undefined;
  }

  private childList(parentid: number): MockDepartment[] {
    let list = this.children.get(parentid);
    if (!list) this.children.set(parentid, (list = []));
    return list;
  }

  private memberList(id: number): MockUser[] {
    let list = this.members.get(id);
    if (!list) this.members.set(id, (list = []));
    return list;
  }

  private insertUser(user: MockUser): void {
    this.users.set(user.userid, user);
    this.sequence.set(user, this.nextSequence++);
    this.organisation.users.push(user);
    for (const d of user.department) this.memberList(d).push(user);
  }

  private removeFromIndexes(user: MockUser): void {
    for (const d of user.department) {
      const list = this.members.get(d);
      if (list) removeItem(list, user);
    }
  }

  private rename(user: MockUser, newUserId: string): void {
    const old = user.userid;
    this.users.delete(old);
    user.userid = newUserId;
    this.users.set(newUserId, user);
    const swap = (list: string[]) => {
      const at = list.indexOf(old);
      if (at >= 0) list[at] = newUserId;
    };
    for (const tag of this.tags.values()) swap(tag.users);
    for (const d of this.departments.values()) swap(d.department_leader);
    for (const other of this.users.values()) swap(other.direct_leader);
    if (this.range?.users) swap(this.range.users);
  }

  private assertUniqueName(parentid: number, name: string, id: number): void {
    if (this.children.get(parentid)?.some((d) => d.name === name && d.id !== id)) {
      throw new DirectoryError(`department ${parentid} already has a sub-department named ${name}`, 409);
    }
  }

  /** fills WeCom's defaults and checks what WeCom checks */
  private normaliseUser(input: Partial<MockUser>, existing?: MockUser): MockUser {
    const userid = input.userid;
    if (typeof userid !== 'string' || !USERID.test(userid)) throw new DirectoryError(`invalid userid ${JSON.stringify(userid)}: 1-64 letters, digits, _ - @ .`);
    if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 64) throw new DirectoryError(`user ${userid}: name must be 1-64 characters`);
    const department = input.department;
    if (!Array.isArray(department) || department.length === 0) throw new DirectoryError(`user ${userid}: department must list at least one department`);
    if (new Set(department).size !== department.length) throw new DirectoryError(`user ${userid}: department lists a department twice`);
    for (const d of department) if (!this.departments.has(d)) throw new DirectoryError(`user ${userid}: no department ${d}`, 404);
    const aligned = (values: number[] | undefined, previous: number[] | undefined): number[] => {
      if (values && values !== previous) {
        if (values.length !== department.length) throw new DirectoryError(`user ${userid}: order and is_leader_in_dept need one value per department`);
        return [...values];
      }
      // Keep each kept department's value, 0 for new ones.
      return department.map((d) => (existing && previous ? (previous[existing.department.indexOf(d)] ?? 0) : 0));
    };
    const gender = String(input.gender ?? '0');
    if (gender !== '0' && gender !== '1' && gender !== '2') throw new DirectoryError(`user ${userid}: gender must be '0', '1' or '2'`);
    const status = input.status ?? 1;
    if (![1, 2, 4, 5].includes(status)) throw new DirectoryError(`user ${userid}: status must be 1, 2, 4 or 5`);
    const main = input.main_department !== undefined && department.includes(input.main_department) ? input.main_department : department[0]!;
    if (input.main_department !== undefined && !department.includes(input.main_department) && input.main_department !== existing?.main_department) {
      throw new DirectoryError(`user ${userid}: main_department must be one of its departments`);
    }
    const digest = () => createHash('sha1').update(userid).digest('hex');
    return {
      userid,
      name: input.name,
      department: [...department],
      order: aligned(input.order, existing?.order),
      position: input.position ?? '',
      mobile: input.mobile ?? '',
      gender,
      email: input.email ?? '',
      biz_mail: input.biz_mail ?? '',
      is_leader_in_dept: aligned(input.is_leader_in_dept, existing?.is_leader_in_dept),
      direct_leader: [...(input.direct_leader ?? [])],
      avatar: input.avatar ?? '',
      thumb_avatar: input.thumb_avatar ?? '',
      telephone: input.telephone ?? '',
      alias: input.alias ?? '',
      address: input.address ?? '',
      open_userid: input.open_userid ?? `wo${digest().slice(0, 30)}`,
      main_department: main,
      extattr: { attrs: [...(input.extattr?.attrs ?? [])] },
      status,
      qr_code: input.qr_code ?? `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc${digest().slice(0, 16)}`,
      external_position: input.external_position ?? '',
    };
  }
}

function normaliseDepartment(input: Partial<MockDepartment>): MockDepartment {
  if (!Number.isInteger(input.id) || input.id! < 1) throw new DirectoryError(`invalid department id ${JSON.stringify(input.id)}`);
  return {
    id: input.id!,
    name: departmentName(input.name),
    name_en: input.name_en ?? '',
    department_leader: [...(input.department_leader ?? [])],
    parentid: input.parentid ?? (input.id === ROOT ? 0 : ROOT),
    order: input.order ?? 0,
  };
}

function departmentName(name: unknown): string {
  // WeCom: 1-64 characters, none of \ : * ? " < > | (60009)
  if (typeof name !== 'string' || name.trim() === '' || name.length > 64 || /[\\:*?"<>|]/.test(name)) {
    throw new DirectoryError(`invalid department name ${JSON.stringify(name)}`);
  }
  return name;
}

function tagName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 32) throw new DirectoryError(`invalid tag name ${JSON.stringify(name)}: 1-32 characters`);
  return name;
}

function sortSiblings(list: MockDepartment[]): MockDepartment[] {
  return list.sort((a, b) => b.order - a.order || a.id - b.id);
}

function removeItem<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
