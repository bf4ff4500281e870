import type { FastifyInstance } from 'fastify';
import { WecomError } from '../internal/errors.js';
import { scopeOf, type MockState } from '../internal/state.js';
import type { MockDepartment, MockUser } from '../organisation/types.js';
import { apiRoute, jsonBody, param } from './pipeline.js';

/** what apps created after 2022-06-20 no longer receive from user/get and user/list */
export const RESTRICTED_FIELDS = ['mobile', 'email', 'avatar', 'thumb_avatar', 'gender', 'biz_mail', 'qr_code', 'address'] as const;

const USER_ERROR_FIELDS = { department: [], order: [], is_leader_in_dept: [], direct_leader: [] };

/** department/*, user/*, tag/*: the directory as the token's secret may see it */
export function directoryRoutes(app: FastifyInstance, state: MockState): void {
  const { directory } = state;

  const visibleDepartment = (raw: string | undefined, kind: 'app' | 'contacts'): MockDepartment => {
    const id = departmentId(raw);
    const department = directory.department(id);
    if (!department) throw new WecomError(60003);
    if (!directory.isDepartmentVisible(id, scopeOf(state, kind))) throw new WecomError(60011);
    return department;
  };
  const departments = (raw: string | undefined, kind: 'app' | 'contacts'): MockDepartment[] => {
    if (raw === undefined || raw === '') {
      const scope = scopeOf(state, kind);
      const all = directory.subtree(1);
      return scope === null ? all : all.filter((d) => scope.departments.has(d.id));
    }
    return directory.subtree(visibleDepartment(raw, kind).id);
  };
  const members = (request: Parameters<typeof param>[0], kind: 'app' | 'contacts'): readonly MockUser[] => {
    const department = visibleDepartment(param(request, 'department_id'), kind);
    // fetch_child=1 (older clients) includes the sub-departments' members
    return param(request, 'fetch_child') === '1' ? directory.membersBelow(department.id) : directory.membersOf(department.id);
  };
  const restricted = (kind: 'app' | 'contacts') => kind === 'app' && state.settings.fieldRestrictions;

  apiRoute(app, state, 'GET', '/cgi-bin/department/list', { errorFields: { department: [] } }, ({ request, kind }) => ({
    department: departments(param(request, 'id'), kind),
  }));

  apiRoute(app, state, 'GET', '/cgi-bin/department/simplelist', { errorFields: { department_id: [] } }, ({ request, kind }) => ({
    department_id: departments(param(request, 'id'), kind).map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })),
  }));

  apiRoute(app, state, 'GET', '/cgi-bin/department/get', {}, ({ request, kind }) => ({
    department: visibleDepartment(param(request, 'id'), kind),
  }));

  apiRoute(app, state, 'GET', '/cgi-bin/user/get', { errorFields: USER_ERROR_FIELDS }, ({ request, kind }) => {
    const userid = param(request, 'userid');
    if (!userid) throw new WecomError(41009);
    const user = directory.user(userid);
    if (!user) throw new WecomError(60111);
    if (!directory.isUserVisible(user, scopeOf(state, kind))) throw new WecomError(60011);
    return userObject(user, restricted(kind));
  });

  apiRoute(app, state, 'GET', '/cgi-bin/user/simplelist', { errorFields: { userlist: [] } }, ({ request, kind }) => ({
    userlist: members(request, kind).map((u) => ({ userid: u.userid, name: u.name, department: u.department, open_userid: u.open_userid })),
  }));

  apiRoute(app, state, 'GET', '/cgi-bin/user/list', { errorFields: { userlist: [] } }, ({ request, kind }) => {
    const hide = restricted(kind);
    return { userlist: members(request, kind).map((u) => userObject(u, hide)) };
  });

  apiRoute(app, state, 'POST', '/cgi-bin/user/list_id', { errorFields: { dept_user: [] } }, ({ request, kind }) => {
    // Only the contacts-sync secret may list every userid.
    if (kind !== 'contacts') throw new WecomError(48002);
    const body = jsonBody(request);
    const cursor = body.cursor ?? '';
    const limit = body.limit ?? 1000;
    if (typeof cursor !== 'string') throw new WecomError(40058, 'invalid cursor');
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new WecomError(40058, 'invalid limit');
    const page = directory.listIds(cursor, limit);
    if (!page) throw new WecomError(40058, 'invalid cursor');
    return { next_cursor: page.next, dept_user: page.rows };
  });

  apiRoute(app, state, 'GET', '/cgi-bin/tag/list', { errorFields: { taglist: [] } }, () => ({
    taglist: state.directory.organisation.tags.map((t) => ({ tagid: t.tagid, tagname: t.tagname })),
  }));

  apiRoute(app, state, 'GET', '/cgi-bin/tag/get', { errorFields: { userlist: [], partylist: [] } }, ({ request, kind }) => {
    const raw = param(request, 'tagid');
    if (!raw) throw new WecomError(41017);
    const tag = /^\d{1,9}$/.test(raw) ? directory.tag(Number(raw)) : undefined;
    if (!tag) throw new WecomError(40068);
    const scope = scopeOf(state, kind);
    const userlist = [];
    for (const userid of tag.users) {
      const user = directory.user(userid);
      if (user && directory.isUserVisible(user, scope)) userlist.push({ userid: user.userid, name: user.name });
    }
    return { tagname: tag.tagname, userlist, partylist: tag.parties.filter((id) => directory.isDepartmentVisible(id, scope)) };
  });
}

export function userObject(user: MockUser, restricted: boolean): Record<string, unknown> {
  if (!restricted) return user as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...user };
  for (const field of RESTRICTED_FIELDS) delete copy[field];
  return copy;
}

/** WeCom answers 60003 for a department id that is missing, malformed or unknown */
function departmentId(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) throw new WecomError(60003);
  return Number(raw);
}
