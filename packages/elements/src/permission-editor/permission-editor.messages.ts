import type { Dictionary } from '../internal/lang.js';

/** a text by plural category (Intl.PluralRules): English needs `one`; Chinese has only `other` */
export type Plural = { one?: string; other: string };

export const messages: Dictionary<{
  title: string;
  noPath: string;
  notManager: string;
  notManagerLevel: Record<'none' | 'read', string>;
  grantsHeading: string;
  direct: string;
  inherited: string;
  noDirect: string;
  noInherited: string;
  cutAt: string;
  colSubject: string;
  colLevel: string;
  colExpires: string;
  colFrom: string;
  colActions: string;
  level: Record<'none' | 'read' | 'manage', string>;
  levelVerb: Record<'none' | 'read' | 'manage', string>;
  never: string;
  expired: string;
  pending: string;
  remove: string;
  removeLabel: string;
  everyone: string;
  deptAndSubs: string;
  deptOnly: string;
  tagNamed: string;
  userNamed: string;
  unknownDept: string;
  unknownTag: string;
  unknownUser: string;
  restricted: string;
  restrictedHint: string;
  restrictionSaving: string;
  addHeading: string;
  tabsLabel: string;
  tabs: Record<'departments' | 'members' | 'tags' | 'everyone', string>;
  filterDepartments: string;
  filterCount: Plural;
  noDepartmentMatch: string;
  noDepartments: string;
  includeSubs: string;
  searchMembers: string;
  noMembers: string;
  noMembersAtAll: string;
  noDepartment: string;
  membersShown: Plural;
  membersShownMore: string;
  noTags: string;
  tagMembers: Plural;
  everyoneHint: string;
  grantTo: string;
  chooseFirst: string;
  chooseDepartment: string;
  chooseMember: string;
  chooseTag: string;
  levelLegend: string;
  levelHint: Record<'read' | 'manage', string>;
  expiresLabel: string;
  expiryPast: string;
  grant: string;
  granting: string;
  granted: string;
  removed: string;
  restrictedNow: string;
  openNow: string;
  refused: string;
  dismiss: string;
  accessHeading: string;
  accessSummary: Plural;
  accessMatched: string;
  searchAccess: string;
  nobody: string;
  nobodyMatches: string;
  colPerson: string;
  colDepartments: string;
  colVia: string;
  viaTenant: string;
  viaSite: string;
  viaGrant: string;
  why: string;
  whyLabel: string;
  explainHeading: string;
  explainSearch: string;
  explainPick: string;
  explainFor: string;
  explain: Record<string, string>;
  explainUntil: string;
  explainCut: string;
  /** by API error code, for refusals of this element's changes */
  errors: Record<string, string>;
}> = {
  'zh-CN': {
    title: '访问权限',
    noPath: '请为组件设置 path 属性：要管理权限的文档或文件夹路径。',
    notManager: '你没有 {path} 的管理权限，因此不能查看或修改谁可以访问它。',
    notManagerLevel: { none: '你目前也不能阅读它。', read: '你可以阅读它；如需管理权限，请联系它的管理者。' },
    grantsHeading: '已授予的权限',
    direct: '直接授予',
    inherited: '从上级文件夹继承',
    noDirect: '此路径上还没有直接授予的权限。',
    noInherited: '没有从上级文件夹继承的权限。',
    cutAt: '继承在受限文件夹 {path} 处停止：更上级文件夹的授权不再生效。',
    colSubject: '授予对象',
    colLevel: '权限',
    colExpires: '到期时间',
    colFrom: '来自',
    colActions: '操作',
    level: { none: '无权限', read: '可阅读', manage: '可管理' },
    levelVerb: { none: '访问', read: '阅读', manage: '管理' },
    never: '永不过期',
    expired: '已过期',
    pending: '保存中…',
    remove: '移除',
    removeLabel: '移除 {subject} 的权限',
    everyone: '全公司所有人',
    deptAndSubs: '{name}（含下级部门）',
    deptOnly: '{name}（仅本部门）',
    tagNamed: '标签：{name}',
    userNamed: '{name}（{id}）',
    unknownDept: '部门 {id}（已不在通讯录中）',
    unknownTag: '标签 {id}（已不在通讯录中）',
    unknownUser: '{id}（已不在通讯录中）',
    restricted: '受限文件夹',
    restrictedHint: '开启后只有此文件夹及其下级的授权生效，上级文件夹的授权不再继承到这里（管理员除外）。',
    restrictionSaving: '保存中…',
    addHeading: '添加权限',
    tabsLabel: '授予对象类型',
    tabs: { departments: '部门', members: '成员', tags: '标签', everyone: '所有人' },
    filterDepartments: '筛选部门',
    filterCount: { other: '{count} 个部门匹配' },
    noDepartmentMatch: '没有名称包含“{q}”的部门。',
    noDepartments: '通讯录中还没有部门。',
    includeSubs: '包含下级部门',
    searchMembers: '按姓名或帐号搜索成员',
    noMembers: '没有匹配“{q}”的成员。',
    noMembersAtAll: '通讯录中还没有成员。',
    noDepartment: '无部门',
    membersShown: { other: '共 {shown} 名成员' },
    membersShownMore: '已显示 {shown} 名成员，还有更多',
    noTags: '通讯录中还没有标签。',
    tagMembers: { other: '{count} 人' },
    everyoneHint: '公司所有在职成员，包括以后加入的人；离职成员立即失去权限。',
    grantTo: '授予：{subject}',
    chooseFirst: '请先选择部门、成员或标签。',
    chooseDepartment: '请在部门树中选择一个部门（回车或空格）。',
    chooseMember: '请搜索并选择一名成员。',
    chooseTag: '请选择一个标签。',
    levelLegend: '权限',
    levelHint: { read: '可以阅读', manage: '可以阅读，并管理此路径及其下级的权限' },
    expiresLabel: '到期日期（可选，当天结束时失效）',
    expiryPast: '到期日期必须是今天或以后。',
    grant: '授予权限',
    granting: '授予中…',
    granted: '已为 {subject} 授予权限：{level}。',
    removed: '已移除 {subject} 的权限。',
    restrictedNow: '{path} 现在是受限文件夹。',
    openNow: '{path} 重新继承上级文件夹的权限。',
    refused: '修改未生效：{reason}',
    dismiss: '关闭提示',
    accessHeading: '谁可以访问',
    accessSummary: { other: '共 {total} 人：{read} 人可阅读，{manage} 人可管理' },
    accessMatched: '{matched} 人匹配',
    searchAccess: '在有权限的人中搜索',
    nobody: '目前没有人可以访问。',
    nobodyMatches: '有权限的人中没有匹配“{q}”的。',
    colPerson: '成员',
    colDepartments: '部门',
    colVia: '权限来源',
    viaTenant: '企业管理员',
    viaSite: '站点管理员',
    viaGrant: '{subject}，授予于 {path}',
    why: '原因',
    whyLabel: '为什么 {name} 可以访问？',
    explainHeading: '为什么某人可以（或不能）阅读？',
    explainSearch: '查找成员',
    explainPick: '选择一名成员查看原因',
    explainFor: '{name}：{level}',
    explain: {
      grant: '{who} 可以{verb}，因为 {path} 上授予了 {subject}。',
      admin: '{who} 是企业或此站点的管理员，可以管理所有内容。',
      no_grant: '此路径及其上级文件夹上没有任何授权覆盖 {who}。',
      restricted: '{cutAt} 是受限文件夹：只有它及其下级的授权生效，而其中没有覆盖 {who} 的。',
      inactive: '{who} 已停用或已离职，因此没有任何权限。',
      unknown_user: '{who} 不在通讯录中。',
    },
    explainUntil: '此授权将于 {date} 到期。',
    explainCut: '继承在受限文件夹 {cutAt} 处停止。',
    errors: {
      invalid_subject: '所选的部门、成员或标签已不在通讯录中，请刷新后重试。',
      invalid_request: '请求无效：{message}',
      invalid_path: '路径无效：{message}',
    },
  },
  en: {
    title: 'Access',
    noPath: 'Set the element’s path attribute: the document or folder whose access to manage.',
    notManager: 'You do not manage {path}, so you cannot see or change who may read it.',
    notManagerLevel: { none: 'You cannot read it either.', read: 'You can read it; ask someone who manages it if you need to manage it.' },
    grantsHeading: 'Granted access',
    direct: 'Granted here',
    inherited: 'Inherited from folders above',
    noDirect: 'Nothing is granted on this path itself yet.',
    noInherited: 'Nothing is inherited from folders above.',
    cutAt: 'Inheritance stops at the restricted folder {path}: grants on folders above it do not count.',
    colSubject: 'Who',
    colLevel: 'Access',
    colExpires: 'Expires',
    colFrom: 'From',
    colActions: 'Actions',
    level: { none: 'No access', read: 'Can read', manage: 'Can manage' },
    levelVerb: { none: 'access it', read: 'read', manage: 'manage' },
    never: 'Never',
    expired: 'Expired',
    pending: 'Saving…',
    remove: 'Remove',
    removeLabel: 'Remove the access of {subject}',
    everyone: 'Everyone in the company',
    deptAndSubs: '{name} and sub-departments',
    deptOnly: '{name} (this department only)',
    tagNamed: 'Tag: {name}',
    userNamed: '{name} ({id})',
    unknownDept: 'Department {id} (no longer in the directory)',
    unknownTag: 'Tag {id} (no longer in the directory)',
    unknownUser: '{id} (no longer in the directory)',
    restricted: 'Restricted folder',
    restrictedHint: 'Only grants on this folder and below count; grants on folders above no longer reach it (admins keep access).',
    restrictionSaving: 'Saving…',
    addHeading: 'Give access',
    tabsLabel: 'Give access to',
    tabs: { departments: 'Departments', members: 'Members', tags: 'Tags', everyone: 'Everyone' },
    filterDepartments: 'Filter departments',
    filterCount: { one: '{count} department matches', other: '{count} departments match' },
    noDepartmentMatch: 'No department’s name contains “{q}”.',
    noDepartments: 'The directory has no departments yet.',
    includeSubs: 'Include sub-departments',
    searchMembers: 'Search members by name or account',
    noMembers: 'No member matches “{q}”.',
    noMembersAtAll: 'The directory has no members yet.',
    noDepartment: 'No department',
    membersShown: { one: '{shown} member', other: '{shown} members' },
    membersShownMore: '{shown} members shown, more to load',
    noTags: 'The directory has no tags yet.',
    tagMembers: { one: '{count} member', other: '{count} members' },
    everyoneHint: 'Every active member of the company, including people who join later; people who leave lose access at once.',
    grantTo: 'Grant to: {subject}',
    chooseFirst: 'Choose a department, a member or a tag first.',
    chooseDepartment: 'Choose a department in the tree (Enter or Space).',
    chooseMember: 'Search for a member and choose one.',
    chooseTag: 'Choose a tag.',
    levelLegend: 'Access',
    levelHint: { read: 'may read', manage: 'may read, and manage access to this path and below' },
    expiresLabel: 'Expires after (optional; ends at the end of that day)',
    expiryPast: 'The expiry date must be today or later.',
    grant: 'Grant access',
    granting: 'Granting…',
    granted: 'Access granted to {subject}: {level}.',
    removed: 'Removed the access of {subject}.',
    restrictedNow: '{path} is now restricted.',
    openNow: '{path} inherits from folders above again.',
    refused: 'The change was not made: {reason}',
    dismiss: 'Dismiss',
    accessHeading: 'Who has access',
    accessSummary: { one: '{total} person: {read} can read, {manage} can manage', other: '{total} people: {read} can read, {manage} can manage' },
    accessMatched: '{matched} match',
    searchAccess: 'Search people with access',
    nobody: 'Nobody has access yet.',
    nobodyMatches: 'Nobody with access matches “{q}”.',
    colPerson: 'Person',
    colDepartments: 'Departments',
    colVia: 'Through',
    viaTenant: 'Company admin',
    viaSite: 'Site admin',
    viaGrant: '{subject}, granted on {path}',
    why: 'Why?',
    whyLabel: 'Why can {name} access this?',
    explainHeading: 'Why can someone read this (or not)?',
    explainSearch: 'Find a member',
    explainPick: 'Choose a member to see why',
    explainFor: '{name}: {level}',
    explain: {
      grant: '{who} can {verb} through the grant to {subject} on {path}.',
      admin: '{who} is an admin of the company or of this site, so can manage everything.',
      no_grant: 'No grant on this path or a folder above it reaches {who}.',
      restricted: '{cutAt} is restricted: only grants on it or below count, and none of them reaches {who}.',
      inactive: '{who} is disabled or has left the company, so has no access.',
      unknown_user: '{who} is not in the directory.',
    },
    explainUntil: 'The grant expires on {date}.',
    explainCut: 'Inheritance stops at the restricted folder {cutAt}.',
    errors: {
      invalid_subject: 'That department, member or tag is no longer in the directory. Reload and try again.',
      invalid_request: 'The request was not valid: {message}',
      invalid_path: 'The path is not valid: {message}',
    },
  },
};
