import type { Lang } from './messages.js';

/** Builds elements with text only: names come from the directory, never from markup. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * A sign-in dialog, modal and impossible to dismiss (the page stays hidden until someone signs
 * in): a title, a hint, then `content`. Focus goes where the caller puts it.
 */
export function signInDialog(lang: Lang, title: string, hint: string, ...content: Node[]): HTMLDialogElement {
  const dialog = el('dialog');
  dialog.className = 'dg-signin';
  dialog.lang = lang;
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  dialog.append(el('h2', title), el('p', hint), ...content);
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
