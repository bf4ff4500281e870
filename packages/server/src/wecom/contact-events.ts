import { createHash } from 'node:crypto';
import type { Services } from '../services.js';
import { memberFromWecom } from '../directory/plan-sync.js';
import { appendAudit } from '../store/audit.js';
import {
  applyDirectoryChanges,
  getDepartment,
  getMemberRecord,
  renameMember,
  tagsWithContents,
  upsertTag,
  type DepartmentRecord,
  type MemberRecord,
} from '../store/directory.js';
import type { Executor } from '../store/executor.js';
import { bumpRevision } from '../store/tenants.js';
import type { WecomClient } from './client.js';
import { WECOM, WecomError } from './errors.js';
import { wecomMember, type WecomMember } from './fetch-directory.js';

/** A decrypted change_contact event: its top-level fields (wecom.md, "Change callbacks"). */
export type ContactEvent = Record<string, string>;

/**
 * WeCom retries an event it thinks failed: the same event must count once. wecom.md's key
 * (FromUserName + CreateTime + ChangeType + id) alone would also swallow a second, different
 * change of the same member or tag within the same second (two edits of one tag, say), so the
 * digest of the whole message is part of it: a retry repeats the message byte for byte.
 */
export function eventKey(event: ContactEvent, message: string): string {
  const id = event.UserID ?? event.Id ?? event.TagId ?? '';
  const digest = createHash('sha256').update(message).digest('base64url').slice(0, 22);
  return [event.CreateTime, event.ChangeType, id.slice(0, 64), digest].join(':');
}

const list = (text: string | undefined) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : []);
const numbers = (text: string | undefined) => list(text).map(Number).filter(Number.isFinite);

/**
 * Applies one change_contact event to the directory, incrementally. Reduced payloads (only ids,
 * as newer callback URLs get them) are completed by reading the API first. Returns false for a
 * duplicate. Runs in one transaction with the revision bump, the audit entry and the record of
 * the event, so a failure leaves nothing half done and WeCom's retry applies it again.
 */
export async function applyContactEvent(services: Services, tenantId: string, client: WecomClient | null, event: ContactEvent, message: string): Promise<boolean> {
  const db = services.database.db;
  const key = eventKey(event, message);
  const seen = await db.selectFrom('wecom_events').select('event_key').where('tenant_id', '=', tenantId).where('event_key', '=', key).executeTakeFirst();
  if (seen) return false;
  const details = await readDetails(client, event);
  const applied = await db.transaction().execute(async (trx) => {
    await bumpRevision(trx, tenantId);
    const inserted = await trx
      .insertInto('wecom_events')
      .values({ tenant_id: tenantId, event_key: key, received_at: Date.now() })
      .onConflict((oc) => oc.columns(['tenant_id', 'event_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 1n) === 0) return false;
    const summary = await apply(trx, tenantId, event, details);
    await appendAudit(trx, { tenantId, actor: 'system:wecom', action: 'directory.callback', target: event.ChangeType ?? null, after: summary });
    return true;
  });
  if (applied) services.permissions.changed(tenantId);
  return applied;
}

interface Details {
  /** WeCom no longer has (or does not show) what the event is about: nothing to apply */
  gone?: boolean;
  user?: WecomMember;
  department?: DepartmentRecord;
  tag?: { users: string[]; parties: number[]; name: string };
}

/**
 * A reduced payload carries ids only: read what the event is about. When it is gone already (a
 * department created and deleted at once, the delete_party is on its way) or out of the app's
 * sight, there is nothing to apply, and saying so stops WeCom's retries.
 */
async function readDetails(client: WecomClient | null, event: ContactEvent): Promise<Details> {
  try {
    return await readDetailsOrThrow(client, event);
  } catch (error) {
    const gone: number[] = [WECOM.userNotFound, WECOM.departmentNotFound, WECOM.invalidTagId, WECOM.noPrivilege];
    if (error instanceof WecomError && gone.includes(error.errcode)) return { gone: true };
    throw error;
  }
}

async function readDetailsOrThrow(client: WecomClient | null, event: ContactEvent): Promise<Details> {
  const kind = client?.has('contacts') ? 'contacts' : 'app';
  const reducedUser = (event.ChangeType === 'create_user' || event.ChangeType === 'update_user') && event.Name === undefined && event.Department === undefined;
  // Department events never carry the English name: read the department whenever we can.
  const reducedParty = event.ChangeType === 'create_party' || event.ChangeType === 'update_party';
  const reducedTag = event.ChangeType === 'update_tag' && !event.AddUserItems && !event.DelUserItems && !event.AddPartyItems && !event.DelPartyItems;
  if (!client || !(reducedUser || reducedParty || reducedTag)) return {};
  if (reducedUser) return { user: await readUser(client, event.NewUserID ?? event.UserID!) };
  if (reducedParty) {
    const { department: d } = await client.get<{ department: { id: number; name: string; name_en?: string; parentid: number; order: number } }>(kind, '/cgi-bin/department/get', { id: event.Id! });
    return { department: { id: d.id, name: d.name, nameEn: d.name_en || null, parentId: d.parentid === 0 ? null : d.parentid, order: d.order } };
  }
  const tag = await client.get<{ tagname: string; userlist: Array<{ userid: string }>; partylist: number[] }>(kind, '/cgi-bin/tag/get', { tagid: event.TagId! });
  return { tag: { name: tag.tagname, users: tag.userlist.map((u) => u.userid), parties: tag.partylist ?? [] } };
}

/** One member as user/get describes them (the contacts-sync secret when there is one). */
export async function readUser(client: WecomClient, userid: string): Promise<WecomMember> {
  return wecomMember(await client.get<Record<string, unknown>>(client.has('contacts') ? 'contacts' : 'app', '/cgi-bin/user/get', { userid }));
}

/**
 * A member WeCom vouches for (they just signed in) whom the directory does not know yet: they
 * joined after the last sync and the change callback has not arrived. Read and added, in the
 * departments docgate knows (the next sync fills in the rest). Null when WeCom cannot show them
 * (outside the app's visible range: 60011, 60111).
 */
export async function addMemberFromWecom(services: Services, tenantId: string, client: WecomClient, userid: string): Promise<MemberRecord | null> {
  let user: WecomMember;
  try {
    user = await readUser(client, userid);
  } catch (error) {
    if (error instanceof WecomError && (error.errcode === WECOM.noPrivilege || error.errcode === WECOM.userNotFound)) return null;
    throw error;
  }
  const db = services.database.db;
  const record = await db.transaction().execute(async (trx) => {
    const known = new Set((await trx.selectFrom('departments').select('id').where('tenant_id', '=', tenantId).where('id', 'in', user.department.length ? user.department : [-1]).execute()).map((d) => d.id));
    const member = memberFromWecom(user, known);
    await bumpRevision(trx, tenantId);
    await applyDirectoryChanges(trx, tenantId, { upsertDepartments: [], removeDepartments: [], upsertMembers: [member], setStatus: [] });
    await appendAudit(trx, { tenantId, actor: 'system:wecom', action: 'directory.member_added_on_sign_in', target: userid, after: { status: member.status, departments: member.departments } });
    return member;
  });
  services.permissions.changed(tenantId);
  return record;
}

async function apply(trx: Executor, tenantId: string, event: ContactEvent, details: Details): Promise<Record<string, unknown>> {
  if (details.gone) return { skipped: 'WeCom no longer has it, or the app cannot see it' };
  switch (event.ChangeType) {
    case 'create_user':
    case 'update_user': {
      let userid = event.UserID!;
      if (event.NewUserID && event.NewUserID !== userid) {
        await renameMember(trx, tenantId, userid, event.NewUserID);
        userid = event.NewUserID;
      }
      let record: MemberRecord;
      if (details.user) {
        record = memberFromWecom(details.user);
      } else {
        // A full payload: a new member's fields, or an update's changed fields over what we have.
        const known = await getMemberRecord(trx, tenantId, userid);
        record = memberFromWecom({
          userid,
          name: event.Name ?? known?.name ?? userid,
          department: event.Department !== undefined ? numbers(event.Department) : (known?.departments ?? []),
          main_department: event.MainDepartment !== undefined ? Number(event.MainDepartment) : (known?.mainDepartment ?? null),
          position: event.Position ?? known?.position ?? '',
          mobile: event.Mobile !== undefined ? event.Mobile || null : (known?.mobile ?? null),
          email: event.Email !== undefined ? event.Email || null : (known?.email ?? null),
          status: event.Status !== undefined ? Number(event.Status) : known ? ({ active: 1, disabled: 2, left: 5 } as const)[known.status] : 1,
        });
      }
      await applyDirectoryChanges(trx, tenantId, { upsertDepartments: [], removeDepartments: [], upsertMembers: [record], setStatus: [] });
      return { userid, status: record.status };
    }
    case 'delete_user': {
      // Never deleted: statistics keep the name. Access ends with this transaction.
      await applyDirectoryChanges(trx, tenantId, { upsertDepartments: [], removeDepartments: [], upsertMembers: [], setStatus: [{ userids: [event.UserID!], status: 'left' }] });
      return { userid: event.UserID, status: 'left' };
    }
    case 'create_party':
    case 'update_party': {
      const id = Number(event.Id);
      let department = details.department;
      if (!department) {
        const known = await getDepartment(trx, tenantId, id);
        department = {
          id,
          name: event.Name ?? known?.name ?? String(id),
          nameEn: known?.nameEn ?? null,
          parentId: event.ParentId !== undefined ? (Number(event.ParentId) === 0 ? null : Number(event.ParentId)) : (known?.parentId ?? null),
          order: event.Order !== undefined ? Number(event.Order) : (known?.order ?? 0),
        };
      }
      await applyDirectoryChanges(trx, tenantId, { upsertDepartments: [department], removeDepartments: [], upsertMembers: [], setStatus: [] });
      return { department: id };
    }
    case 'delete_party': {
      const id = Number(event.Id);
      // Kept while a member (one who left, say) still names it, for the statistics' sake.
      const used = await trx.selectFrom('member_departments').select('userid').where('tenant_id', '=', tenantId).where('department_id', '=', id).executeTakeFirst();
      if (!used) await applyDirectoryChanges(trx, tenantId, { upsertDepartments: [], removeDepartments: [id], upsertMembers: [], setStatus: [] });
      return { department: id, removed: !used };
    }
    case 'update_tag': {
      const id = Number(event.TagId);
      const current = (await tagsWithContents(trx, tenantId)).find((t) => t.id === id);
      if (details.tag) {
        await upsertTag(trx, tenantId, { id, name: details.tag.name, userids: details.tag.users, departmentIds: details.tag.parties });
      } else {
        const users = new Set(current?.userids ?? []);
        const parties = new Set(current?.departmentIds ?? []);
        list(event.AddUserItems).forEach((u) => users.add(u));
        list(event.DelUserItems).forEach((u) => users.delete(u));
        numbers(event.AddPartyItems).forEach((d) => parties.add(d));
        numbers(event.DelPartyItems).forEach((d) => parties.delete(d));
        await upsertTag(trx, tenantId, { id, name: current?.name ?? `tag ${id}`, userids: [...users], departmentIds: [...parties] });
      }
      return { tag: id };
    }
    default:
      return { ignored: event.ChangeType ?? 'unknown' };
  }
}

