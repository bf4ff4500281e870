import Type from 'typebox';
import { DepartmentRef } from './identity.js';

export const MemberStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('disabled'),
  Type.Literal('left'),
]);
export type MemberStatus = Type.Static<typeof MemberStatus>;

export const Department = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  /** null for the root department */
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  /** as in WeCom: a higher order sorts first among siblings */
  order: Type.Integer(),
  /** active members placed directly in this department */
  memberCount: Type.Integer(),
});
export type Department = Type.Static<typeof Department>;

export const DepartmentsResponse = Type.Object({
  departments: Type.Array(Department),
});
export type DepartmentsResponse = Type.Static<typeof DepartmentsResponse>;

export const DirectoryUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  departments: Type.Array(DepartmentRef),
  mainDepartment: Type.Union([Type.Integer(), Type.Null()]),
  position: Type.String(),
  status: MemberStatus,
});
export type DirectoryUser = Type.Static<typeof DirectoryUser>;

export const UsersQuery = Type.Object({
  /** matches the name or the userid, case-insensitively, anywhere in the text */
  q: Type.Optional(Type.String({ maxLength: 100 })),
  /** only members placed directly in this department ... */
  dept: Type.Optional(Type.Integer()),
  /** ... or, with recursive=true, in it or any of its sub-departments */
  recursive: Type.Optional(Type.Boolean()),
  /** default: active members only; `all` includes disabled and departed members */
  status: Type.Optional(Type.Union([MemberStatus, Type.Literal('all')])),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type UsersQuery = Type.Static<typeof UsersQuery>;

export const UsersResponse = Type.Object({
  users: Type.Array(DirectoryUser),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});
export type UsersResponse = Type.Static<typeof UsersResponse>;

export const Tag = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** active members in the tag directly or through one of its departments */
  memberCount: Type.Integer(),
});
export type Tag = Type.Static<typeof Tag>;

export const TagsResponse = Type.Object({
  tags: Type.Array(Tag),
});
export type TagsResponse = Type.Static<typeof TagsResponse>;

export const ImportQuery = Type.Object({
  /** `merge` (default) adds and updates; `full` also disables members missing from the file */
  mode: Type.Optional(Type.Union([Type.Literal('merge'), Type.Literal('full')])),
  /** validate and count without writing anything */
  dryRun: Type.Optional(Type.Boolean()),
});
export type ImportQuery = Type.Static<typeof ImportQuery>;

export const ImportLineError = Type.Object({
  line: Type.Integer({ description: '1-based line of the file where the offending row starts' }),
  /** the column's header as written in the file, when one column is at fault */
  column: Type.Optional(Type.String()),
  /** stable, for translating the message: e.g. `invalid_account`, `duplicate_account`, `syntax` */
  code: Type.String(),
  /** English, naming the offending value */
  message: Type.String(),
});
export type ImportLineError = Type.Static<typeof ImportLineError>;

/** Answer of POST /v1/directory/import when the file is valid (all-or-nothing). */
export const ImportResult = Type.Object({
  mode: Type.Union([Type.Literal('merge'), Type.Literal('full')]),
  dryRun: Type.Boolean(),
  encoding: Type.String({ description: 'the encoding the file was read in: utf-8, utf-16le or gbk' }),
  rows: Type.Integer(),
  added: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  /** members absent from a full import, now disabled (never deleted) */
  disabled: Type.Integer(),
  departmentsAdded: Type.Integer(),
  /** departments absent from a full import that no member or tag refers to any more */
  departmentsRemoved: Type.Integer(),
  errors: Type.Array(ImportLineError),
});
export type ImportResult = Type.Static<typeof ImportResult>;

/** `details` of the `invalid_csv` error: nothing was written. */
export const ImportErrorDetails = Type.Object({
  errors: Type.Array(ImportLineError),
  /** how many errors there were in all; `errors` lists at most the first 500 */
  errorCount: Type.Integer(),
});
export type ImportErrorDetails = Type.Static<typeof ImportErrorDetails>;

/** A directory sync from WeCom: GET /v1/directory/sync/:job and /latest. */
export const SyncJob = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  /** starting, departments, members, tags, applying, then done or failed */
  phase: Type.String(),
  /** progress within the phase (departments read of those that have members, tags read, …) */
  done: Type.Integer(),
  total: Type.Integer(),
  added: Type.Integer(),
  updated: Type.Integer(),
  /** members no longer in WeCom, now `left` */
  removed: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  /** why it failed */
  error: Type.Optional(Type.String()),
  trigger: Type.Union([Type.Literal('api'), Type.Literal('schedule'), Type.Literal('cli')]),
  requestedBy: Type.String(),
  /** WeCom API calls made, by path */
  calls: Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()]),
});
export type SyncJob = Type.Static<typeof SyncJob>;

export const SyncStarted = Type.Object({ job: SyncJob });
export type SyncStarted = Type.Static<typeof SyncStarted>;
