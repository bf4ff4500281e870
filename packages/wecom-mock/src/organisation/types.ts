/**
 * The directory as WeCom describes it: field names and value types are exactly those of
 * `user/get`, `department/list` and `tag/get`, so a record can be answered as it is.
 */

export interface MockDepartment {
  id: number;
  name: string;
  name_en: string;
  /** userids; WeCom lists the leaders in department/list since 2022 */
  department_leader: string[];
  /** 0 for the root (id 1) */
  parentid: number;
  /** among siblings, the higher order sorts first */
  order: number;
}

export interface MockExtAttr {
  type: number;
  name: string;
  text?: { value: string };
  web?: { url: string; title: string };
}

export interface MockUser {
  userid: string;
  name: string;
  /** department ids; the user is placed directly in each */
  department: number[];
  /** per department (same positions as `department`), higher first */
  order: number[];
  position: string;
  mobile: string;
  /** '0' unknown, '1' male, '2' female (WeCom answers a string) */
  gender: '0' | '1' | '2';
  email: string;
  biz_mail: string;
  /** per department: 1 when the user leads it */
  is_leader_in_dept: number[];
  direct_leader: string[];
  avatar: string;
  thumb_avatar: string;
  telephone: string;
  alias: string;
  address: string;
  open_userid: string;
  main_department: number;
  extattr: { attrs: MockExtAttr[] };
  /** 1 active, 2 disabled, 4 not activated, 5 left the company */
  status: 1 | 2 | 4 | 5;
  qr_code: string;
  external_position: string;
}

export interface MockTag {
  tagid: number;
  tagname: string;
  users: string[];
  /** a department in a tag stands for its members and its sub-departments' members */
  parties: number[];
}

export interface MockOrganisation {
  departments: MockDepartment[];
  users: MockUser[];
  tags: MockTag[];
}

export interface GenerateOptions {
  /** the same seed always gives the same organisation; default 1 */
  seed?: number;
  members: number;
  /** departments including the root (at least 1) */
  departments: number;
  /** deepest level, the root being level 1; default 10 */
  maxDepth?: number;
  /** default 5 */
  tags?: number;
  /** share (0..1) of users with status 5 (left); default 0.01 */
  leavers?: number;
  /** share with status 2 (disabled); default 0.01 */
  disabled?: number;
  /** share with status 4 (not activated); default 0.01 */
  inactive?: number;
  /** share placed in two departments; default 0.05 */
  multiDepartment?: number;
}
