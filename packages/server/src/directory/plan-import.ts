import type { DepartmentRecord, DirectoryChanges, DirectorySnapshot, MemberRecord } from '../store/directory.js';
import type { MemberCsvRow } from './member-csv.js';

export type ImportMode = 'merge' | 'full';

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  disabled: number;
  departmentsAdded: number;
  departmentsRemoved: number;
}

export interface ImportPlan {
  changes: DirectoryChanges;
  counts: ImportCounts;
}

/**
 * Compares a valid member list with the directory and says what to write. Pure: the same
 * snapshot and rows always give the same plan.
 *
 * Departments are matched by their path of names. A path may start with the company (the root
 * department's name), as WeCom's exports do, or below it. New departments get fresh ids after
 * the highest one and sort after their existing siblings.
 * In `full` mode, active members missing from the file become `disabled` (never deleted, so
 * statistics keep their names), and departments that end up with no member, no sub-department
 * and no tag are removed.
 */
export function planImport(
  snapshot: DirectorySnapshot,
  rows: readonly MemberCsvRow[],
  mode: ImportMode,
  companyName: string,
): ImportPlan {
  const newDepartments: DepartmentRecord[] = [];
  let nextId = Math.max(1, ...snapshot.departments.map((d) => d.id)) + 1;
  let root = snapshot.departments
    .filter((d) => d.parentId === null)
    .sort((a, b) => a.id - b.id)[0];
  if (!root) {
    root = { id: snapshot.departments.some((d) => d.id === 1) ? nextId++ : 1, name: companyName, nameEn: null, parentId: null, order: 0 };
    newDepartments.push(root);
  }
  const rootId = root.id;
  const childId = new Map<string, number>();
  const key = (parentId: number, name: string) => `${parentId}\u0000${name}`;
  for (const d of snapshot.departments) {
    if (d.parentId !== null) childId.set(key(d.parentId, d.name), d.id);
  }
  const resolve = (levels: string[]): number => {
    const path = levels[0] === root.name ? levels.slice(1) : levels;
    let parent = rootId;
    for (const name of path) {
      const k = key(parent, name);
      let id = childId.get(k);
      if (id === undefined) {
        id = nextId++;
        childId.set(k, id);
        newDepartments.push({ id, name, nameEn: null, parentId: parent, order: 0 });
      }
      parent = id;
    }
    return parent;
  };

  const upsertMembers: MemberRecord[] = [];
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0, disabled: 0, departmentsAdded: 0, departmentsRemoved: 0 };
  const inFile = new Set<string>();
  for (const row of rows) {
    inFile.add(row.userid);
    const departments = [...new Set(row.departments.map(resolve))];
    const desired: MemberRecord = {
      userid: row.userid,
      name: row.name,
      position: row.position,
      mobile: row.mobile,
      email: row.email,
      mainDepartment: departments[0] ?? null,
      status: 'active',
      source: 'csv',
      departments,
    };
    const existing = snapshot.members.get(row.userid);
    if (!existing) {
      counts.added++;
      upsertMembers.push(desired);
    } else if (sameMember(existing, desired)) {
      counts.unchanged++;
    } else {
      counts.updated++;
      upsertMembers.push(desired);
    }
  }

  const setStatus: DirectoryChanges['setStatus'] = [];
  const removeDepartments: number[] = [];
  if (mode === 'full') {
    const disabled = [...snapshot.members.values()]
      .filter((m) => m.status === 'active' && !inFile.has(m.userid))
      .map((m) => m.userid);
    counts.disabled = disabled.length;
    if (disabled.length) setStatus.push({ userids: disabled, status: 'disabled' });

    // A department stays when the root, a member (in the file or not) or a tag needs it, and so
    // do its ancestors.
    const parentOf = new Map<number, number | null>();
    for (const d of [...snapshot.departments, ...newDepartments]) parentOf.set(d.id, d.parentId);
    const kept = new Set<number>();
    const keep = (id: number) => {
      for (let at: number | null | undefined = id; at != null && !kept.has(at); at = parentOf.get(at)) kept.add(at);
    };
    keep(rootId);
    for (const row of rows) for (const levels of row.departments) keep(resolve(levels));
    for (const m of snapshot.members.values()) {
      if (!inFile.has(m.userid)) m.departments.forEach(keep);
    }
    snapshot.taggedDepartments.forEach(keep);
    for (const d of snapshot.departments) if (!kept.has(d.id)) removeDepartments.push(d.id);
  }
  counts.departmentsAdded = newDepartments.length;
  counts.departmentsRemoved = removeDepartments.length;
  return {
    changes: { upsertDepartments: newDepartments, removeDepartments, upsertMembers, setStatus },
    counts,
  };
}

/** Do two records say the same about a member (their source aside)? */
export function sameMember(a: MemberRecord, b: MemberRecord): boolean {
  return (
    a.name === b.name &&
    a.position === b.position &&
    a.mobile === b.mobile &&
    a.email === b.email &&
    a.mainDepartment === b.mainDepartment &&
    a.status === b.status &&
    a.departments.length === b.departments.length &&
    a.departments.every((id, i) => id === b.departments[i])
  );
}
