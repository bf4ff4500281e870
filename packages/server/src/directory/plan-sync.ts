import type { MemberStatus } from '@docgate/protocol';
import type { DepartmentRecord, DirectoryChanges, DirectorySnapshot, MemberRecord, TagInput } from '../store/directory.js';
import type { FetchedDirectory, WecomMember } from '../wecom/fetch-directory.js';
import { sameMember } from './plan-import.js';

export interface SyncCounts {
  /** members new to the directory */
  added: number;
  /** members whose details, departments or status changed */
  updated: number;
  /** members no longer in WeCom, now `left` (never deleted) */
  removed: number;
  departmentsAdded: number;
  departmentsUpdated: number;
  departmentsRemoved: number;
  tagsChanged: number;
}

export interface SyncPlan {
  changes: DirectoryChanges;
  tags: { upsert: TagInput[]; remove: number[] };
  counts: SyncCounts;
}

/** WeCom's user status (wecom.md) as docgate's: 2 disabled, 5 left; 1 and 4 (not activated yet) active. */
export function memberStatus(wecomStatus: number): MemberStatus {
  if (wecomStatus === 2) return 'disabled';
  if (wecomStatus === 5) return 'left';
  return 'active';
}

export function memberFromWecom(user: WecomMember, visibleDepartments?: ReadonlySet<number>): MemberRecord {
  const departments = visibleDepartments ? user.department.filter((d) => visibleDepartments.has(d)) : [...user.department];
  const main = user.main_department ?? user.department[0] ?? null;
  return {
    userid: user.userid,
    name: user.name,
    position: user.position,
    mobile: user.mobile,
    email: user.email,
    mainDepartment: main !== null && departments.includes(main) ? main : (departments[0] ?? null),
    status: memberStatus(user.status),
    source: 'wecom',
    departments,
  };
}

/**
 * What a full sync writes, from the directory as it is (snapshot, tags) and as WeCom has it.
 * Pure. WeCom is the truth for departments, members and tags; members missing from it become
 * `left`, never deleted (statistics keep their names), and keep their departments, which are
 * therefore kept too (for the names) even when WeCom no longer has them.
 */
export function planSync(snapshot: DirectorySnapshot, currentTags: TagInput[], fetched: FetchedDirectory): SyncPlan {
  const counts: SyncCounts = { added: 0, updated: 0, removed: 0, departmentsAdded: 0, departmentsUpdated: 0, departmentsRemoved: 0, tagsChanged: 0 };
  const existingDepartments = new Map(snapshot.departments.map((d) => [d.id, d]));
  const upsertDepartments: DepartmentRecord[] = [];
  for (const d of fetched.departments) {
    const wanted: DepartmentRecord = { id: d.id, name: d.name, nameEn: d.name_en, parentId: d.parentid === 0 ? null : d.parentid, order: d.order };
    const known = existingDepartments.get(d.id);
    if (!known) {
      counts.departmentsAdded++;
      upsertDepartments.push(wanted);
    } else if (known.name !== wanted.name || known.nameEn !== wanted.nameEn || known.parentId !== wanted.parentId || known.order !== wanted.order) {
      counts.departmentsUpdated++;
      upsertDepartments.push(wanted);
    }
  }

  // A member may also be in departments the app cannot see (outside its visible range): those
  // memberships are left out, as WeCom left out the departments.
  const visible = new Set(fetched.departments.map((d) => d.id));
  const upsertMembers: MemberRecord[] = [];
  for (const user of fetched.members.values()) {
    const wanted = memberFromWecom(user, visible);
    const known = snapshot.members.get(user.userid);
    if (!known) {
      counts.added++;
      upsertMembers.push(wanted);
    } else if (!sameMember(known, wanted)) {
      counts.updated++;
      upsertMembers.push(wanted);
    }
  }
  const gone = [...snapshot.members.values()].filter((m) => !fetched.members.has(m.userid) && m.status !== 'left').map((m) => m.userid);
  counts.removed = gone.length;

  // Departments WeCom no longer has go, unless a member who is not in WeCom any more was in one.
  const inWecom = new Set(fetched.departments.map((d) => d.id));
  const stillNeeded = new Set<number>();
  for (const m of snapshot.members.values()) if (!fetched.members.has(m.userid)) m.departments.forEach((d) => stillNeeded.add(d));
  const parentOf = new Map(snapshot.departments.map((d) => [d.id, d.parentId]));
  const keep = (id: number) => {
    for (let at: number | null | undefined = id; at != null && !inWecom.has(at); at = parentOf.get(at)) stillNeeded.add(at);
  };
  [...stillNeeded].forEach(keep);
  const removeDepartments = snapshot.departments.filter((d) => !inWecom.has(d.id) && !stillNeeded.has(d.id)).map((d) => d.id);
  counts.departmentsRemoved = removeDepartments.length;

  const existingTags = new Map(currentTags.map((t) => [t.id, t]));
  const upsertTags: TagInput[] = [];
  for (const t of fetched.tags) {
    const wanted: TagInput = { id: t.tagid, name: t.tagname, userids: [...new Set(t.users)].sort(), departmentIds: [...new Set(t.parties)].sort((a, b) => a - b) };
    const known = existingTags.get(t.tagid);
    const same =
      known &&
      known.name === wanted.name &&
      sameList([...known.userids].sort(), wanted.userids) &&
      sameList([...known.departmentIds].sort((a, b) => a - b), wanted.departmentIds);
    if (!same) upsertTags.push(wanted);
  }
  const fetchedTagIds = new Set(fetched.tags.map((t) => t.tagid));
  const removeTags = currentTags.filter((t) => !fetchedTagIds.has(t.id)).map((t) => t.id);
  counts.tagsChanged = upsertTags.length + removeTags.length;

  return {
    changes: { upsertDepartments, removeDepartments, upsertMembers, setStatus: gone.length ? [{ userids: gone, status: 'left' }] : [] },
    tags: { upsert: upsertTags, remove: removeTags },
    counts,
  };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
