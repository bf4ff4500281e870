import type { SecretKind, WecomClient } from './client.js';

/** A member as we keep them from WeCom (what user/list gives that docgate uses). */
export interface WecomMember {
  userid: string;
  name: string;
  department: number[];
  main_department: number | null;
  position: string;
  mobile: string | null;
  email: string | null;
  /** 1 active, 2 disabled, 4 not activated, 5 left the company */
  status: number;
}

export interface WecomDepartment {
  id: number;
  name: string;
  name_en: string | null;
  parentid: number;
  order: number;
}

export interface WecomTag {
  tagid: number;
  tagname: string;
  users: string[];
  parties: number[];
}

export interface FetchedDirectory {
  departments: WecomDepartment[];
  members: Map<string, WecomMember>;
  tags: WecomTag[];
}

export type FetchProgress = (phase: 'departments' | 'members' | 'tags', done: number, total: number) => void;

const CONCURRENCY = 8;

/**
 * Reads the whole directory from WeCom into memory, with close to the fewest calls the API
 * allows: department/list once; with the contacts-sync secret, user/list_id (10 000 rows a call)
 * to learn which departments have members, then user/list for those departments only; tag/list
 * and one tag/get per tag. Without the contacts-sync secret, user/list for every department in
 * the app's visible range. Throws on the first call that fails for good: nothing is applied
 * from a partial read.
 */
export async function fetchDirectory(client: WecomClient, progress: FetchProgress = () => {}): Promise<FetchedDirectory> {
  const kind: SecretKind = client.has('contacts') ? 'contacts' : 'app';
  progress('departments', 0, 1);
  const { department } = await client.get<{ department: Array<{ id: number; name: string; name_en?: string; parentid: number; order: number }> }>(
    kind,
    '/cgi-bin/department/list',
  );
  const departments: WecomDepartment[] = department.map((d) => ({
    id: d.id,
    name: d.name,
    name_en: d.name_en || null,
    parentid: d.parentid,
    order: d.order,
  }));
  progress('departments', 1, 1);

  let withMembers: number[];
  if (kind === 'contacts') {
    const populated = new Set<number>();
    let cursor = '';
    do {
      const page = await client.post<{ next_cursor: string; dept_user: Array<{ userid: string; department: number }> }>(kind, '/cgi-bin/user/list_id', {
        cursor,
        limit: 10_000,
      });
      for (const row of page.dept_user) populated.add(row.department);
      cursor = page.next_cursor;
    } while (cursor);
    withMembers = departments.map((d) => d.id).filter((id) => populated.has(id));
  } else {
    withMembers = departments.map((d) => d.id);
  }

  const members = new Map<string, WecomMember>();
  let done = 0;
  progress('members', 0, withMembers.length);
  await eachLimited(withMembers, CONCURRENCY, async (departmentId) => {
    const { userlist } = await client.get<{ userlist: Array<Record<string, unknown>> }>(kind, '/cgi-bin/user/list', { department_id: departmentId });
    for (const u of userlist) {
      const userid = String(u.userid);
      if (members.has(userid)) continue; // listed once per department it is in
      members.set(userid, wecomMember(u));
    }
    progress('members', ++done, withMembers.length);
  });

  progress('tags', 0, 1);
  const { taglist } = await client.get<{ taglist: Array<{ tagid: number; tagname: string }> }>(kind, '/cgi-bin/tag/list');
  const tags: WecomTag[] = [];
  done = 0;
  progress('tags', 0, taglist.length);
  await eachLimited(taglist, CONCURRENCY, async (tag) => {
    const detail = await client.get<{ tagname: string; userlist: Array<{ userid: string }>; partylist: number[] }>(kind, '/cgi-bin/tag/get', { tagid: tag.tagid });
    tags.push({ tagid: tag.tagid, tagname: detail.tagname || tag.tagname, users: detail.userlist.map((u) => u.userid), parties: detail.partylist ?? [] });
    progress('tags', ++done, taglist.length);
  });
  tags.sort((a, b) => a.tagid - b.tagid);
  return { departments, members, tags };
}

/** A member as user/get and user/list describe them, reduced to what docgate keeps. */
export function wecomMember(u: Record<string, unknown>): WecomMember {
  return {
    userid: String(u.userid),
    name: String(u.name ?? u.userid),
    department: Array.isArray(u.department) ? (u.department as number[]) : [],
    main_department: typeof u.main_department === 'number' ? u.main_department : null,
    position: typeof u.position === 'string' ? u.position : '',
    // Apps created after 2022-06-20 no longer receive these (wecom.md): null, not "".
    mobile: typeof u.mobile === 'string' && u.mobile ? u.mobile : null,
    email: typeof u.email === 'string' && u.email ? u.email : null,
    status: typeof u.status === 'number' ? u.status : 1,
  };
}

/** Runs `task` for every item, at most `limit` at a time; the first failure stops the rest. */
export async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (failed === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
}
