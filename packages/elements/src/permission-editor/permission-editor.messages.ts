import type { Loaders } from '../internal/words.js';

/** a text by plural category (Intl.PluralRules): English needs `one`; Chinese has only `other` */
export type Plural = { one?: string; other: string };

/** The words of <dg-permission-editor>, in `permission-editor.messages.<lang>.ts`, one module per language. */
export interface PermissionEditorMessages {
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
}

/** Only the page's language is loaded (internal/words.ts). */
export const messages: Loaders<PermissionEditorMessages> = {
  'zh-CN': () => import('./permission-editor.messages.zh-CN.js'),
  en: () => import('./permission-editor.messages.en.js'),
};
