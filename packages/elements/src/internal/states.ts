import { html, nothing, type TemplateResult } from 'lit';
import { common, describeError } from './messages.js';
import type { Lang } from './lang.js';

/** A panel's loading state: announced politely to screen readers. */
export function loading(lang: Lang): TemplateResult {
  return html`<div class="state" role="status" aria-live="polite" part="state">${common(lang).loading}</div>`;
}

/** A panel's empty state. */
export function empty(text: string): TemplateResult {
  return html`<div class="state" part="state">${text}</div>`;
}

/** A panel's error state: what happened in the admin's language, its code, and a retry. */
export function failure(lang: Lang, error: unknown, retry?: () => void, extra?: Record<string, string>): TemplateResult {
  const { text, code } = describeError(lang, error, extra);
  return html`<div class="state error" role="alert" part="state">
    <p>${text}${code ? html` <span class="code muted">(${code})</span>` : nothing}</p>
    ${retry ? html`<button type="button" @click=${retry}>${common(lang).retry}</button>` : nothing}
  </div>`;
}
