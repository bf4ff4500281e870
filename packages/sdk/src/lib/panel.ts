import type { CheckResponse, SessionUser } from '@docgate/protocol';
import { el } from './dom.js';
import { messages, type Lang } from './messages.js';


/** "You don't have access": which account is signed in, and whom to ask. */
export function noAccessPanel(lang: Lang, user: SessionUser | null, decision: CheckResponse, onSwitch: (() => void) | null): HTMLElement {
  const m = messages(lang);
  const panel = el('section');
  panel.className = 'dg-panel';
  panel.lang = lang;
  panel.setAttribute('role', 'alert');
  panel.append(el('h2', m.noAccess));
  if (user) {
    const departments = user.departments.map((d) => d.name).join(m.listSeparator);
    const bracket = departments ? (lang === 'zh-CN' ? `（${departments}）` : ` (${departments})`) : '';
    panel.append(el('p', m.signedInAs.replace('{name}', `${user.name} · ${user.id}`).replace('{departments}', bracket)));
  }
  const contacts = decision.contacts ?? [];
  panel.append(el('p', contacts.length ? m.askFor + contacts.map((c) => c.name).join(m.listSeparator) : m.askAdmin));
  if (onSwitch) {
    const button = el('button', m.switchAccount);
    button.type = 'button';
    button.addEventListener('click', onSwitch);
    panel.append(button);
  }
  return panel;
}

/**
 * The check could not be made (network, server down) or the sign-in failed (`reason`, already in
 * the reader's language): say so, offer to try again.
 */
export function failurePanel(lang: Lang, onRetry: () => void, reason?: string): HTMLElement {
  const m = messages(lang);
  const panel = el('section');
  panel.className = 'dg-panel';
  panel.lang = lang;
  panel.setAttribute('role', 'alert');
  const button = el('button', m.retry);
  button.type = 'button';
  button.addEventListener('click', onRetry);
  panel.append(el('h2', reason ? m.signInFailedTitle : m.checkFailed), el('p', reason ?? m.checkFailedHint), button);
  return panel;
}
