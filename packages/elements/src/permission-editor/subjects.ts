import type { AccessVia } from '@docgate/protocol';
import { fill, type Lang } from '../internal/lang.js';
import type { PermissionEditorMessages, Plural } from './permission-editor.messages.js';

/**
 * A grant's subject as an admin reads it: "产品研发中心 and sub-departments", "王经理 (manager1)",
 * "Tag: 新员工", "Everyone in the company"; `name` is the server's `subjectName` (null when the
 * department, member or tag is no longer in the directory).
 */
export function subjectLabel(m: PermissionEditorMessages, subject: string, name: string | null): string {
  if (subject === 'everyone') return m.everyone;
  const colon = subject.indexOf(':');
  const kind = subject.slice(0, colon);
  const rest = subject.slice(colon + 1);
  if (kind === 'user') return name ? fill(m.userNamed, { name, id: rest }) : fill(m.unknownUser, { id: rest });
  if (kind === 'dept') {
    const whole = rest.endsWith('/*');
    const id = whole ? rest.slice(0, -2) : rest;
    if (!name) return fill(m.unknownDept, { id });
    return fill(whole ? m.deptAndSubs : m.deptOnly, { name });
  }
  if (kind === 'tag') return name ? fill(m.tagNamed, { name }) : fill(m.unknownTag, { id: rest });
  return subject;
}

/** Where a member's access comes from, in "who has access". */
export function viaLabel(m: PermissionEditorMessages, via: AccessVia, nameOf: (subject: string) => string | null): string {
  if (via.kind === 'admin') return via.scope === 'tenant' ? m.viaTenant : m.viaSite;
  return fill(m.viaGrant, { subject: subjectLabel(m, via.subject, nameOf(via.subject)), path: via.path });
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
/** The text for `count` in the language's plural category, filled with `values`. */
export function plural(lang: Lang, count: number, text: Plural, values: Record<string, string | number>): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const category = rules.select(count);
  return fill((category === 'one' && text.one) || text.other, values);
}
