import type { DirectoryUser } from '@docgate/protocol';
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { common } from '../internal/messages.js';
import { formatNumber } from '../internal/format.js';
import { fill, type Lang } from '../internal/lang.js';
import { loading } from '../internal/states.js';
import { VirtualWindow } from '../internal/virtual-window.js';
import type { TreeHost } from './department-tree.js';
import type { MemberSearch } from './member-search.js';
import type { PermissionEditorMessages } from './permission-editor.messages.js';
import { plural } from './subjects.js';

export const MEMBER_ROW_HEIGHT = 44;
const VIEWPORT_HEIGHT = 264;

/**
 * The members a search found, as a single-select ARIA listbox of which only the scrolled window
 * (plus the focused option) is in the DOM; the next page loads when the list is scrolled or
 * arrowed to its end, or with the button after it.
 */
export class MemberListbox implements ReactiveController {
  readonly window: VirtualWindow;
  selected: DirectoryUser | null = null;
  #active = 0;

  constructor(
    private readonly host: TreeHost,
    readonly search: MemberSearch,
    private readonly onChoose: (user: DirectoryUser) => void,
  ) {
    this.window = new VirtualWindow(host, MEMBER_ROW_HEIGHT, VIEWPORT_HEIGHT);
    host.addController(this);
  }

  hostConnected(): void {}

  /** A new query: back to the top. */
  searched(): void {
    this.#active = 0;
    this.window.reset(this.#viewport());
  }

  /** Moves focus into the list (ArrowDown in the search box). */
  focus(): void {
    if (this.search.users.length) void this.#moveTo(Math.min(this.#active, this.search.users.length - 1));
  }

  #viewport(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('[role=listbox].members');
  }

  async #moveTo(index: number): Promise<void> {
    const users = this.search.users;
    if (!users.length) return;
    this.#active = Math.max(0, Math.min(users.length - 1, index));
    if (this.#active >= users.length - 1) void this.search.more();
    this.window.reveal(this.#viewport(), this.#active);
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(`.members [role=option][data-index="${this.#active}"]`)?.focus();
  }

  readonly #onKeyDown = (event: KeyboardEvent): void => {
    const users = this.search.users;
    const page = Math.max(1, Math.floor(this.window.viewportHeight / MEMBER_ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
        void this.#moveTo(this.#active + 1);
        break;
      case 'ArrowUp':
        void this.#moveTo(this.#active - 1);
        break;
      case 'PageDown':
        void this.#moveTo(this.#active + page);
        break;
      case 'PageUp':
        void this.#moveTo(this.#active - page);
        break;
      case 'Home':
        void this.#moveTo(0);
        break;
      case 'End':
        void this.#moveTo(users.length - 1);
        break;
      case 'Enter':
      case ' ': {
        const user = users[this.#active];
        if (user) this.#choose(user);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  readonly #onScroll = (event: Event): void => {
    this.window.onScroll(event);
    const viewport = event.currentTarget as HTMLElement;
    // Near the end: the next page, before the reader gets there.
    if (viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - MEMBER_ROW_HEIGHT * 5) void this.search.more();
  };

  #choose(user: DirectoryUser): void {
    this.selected = user;
    this.onChoose(user);
    this.host.requestUpdate();
  }

  render(lang: Lang, m: PermissionEditorMessages, label: string, failure: (error: unknown, retry: () => void) => TemplateResult): TemplateResult {
    const search = this.search;
    if (search.status === 'idle') return html``;
    if (search.status === 'loading') return loading(lang);
    if (search.status === 'error') return failure(search.error, () => search.search(search.query, true));
    const users = search.users;
    if (!users.length) {
      const q = search.query.trim();
      return html`<div class="state" part="state" role="status">${q ? fill(m.noMembers, { q }) : m.noMembersAtAll}</div>`;
    }
    const { start, end, total } = this.window.range(users.length);
    const active = Math.min(this.#active, users.length - 1);
    const indices: number[] = [];
    if (active < start) indices.push(active);
    for (let i = start; i < end; i++) indices.push(i);
    if (active >= end) indices.push(active);
    return html`<p class="muted count" role="status">
        ${search.nextCursor ? fill(m.membersShownMore, { shown: formatNumber(lang, users.length) }) : plural(lang, users.length, m.membersShown, { shown: formatNumber(lang, users.length) })}
      </p>
      <div
        class="members listbox"
        role="listbox"
        aria-label=${label}
        style=${styleMap({ height: `${Math.min(this.window.viewportHeight, total + 2)}px` })}
        @scroll=${this.#onScroll}
        @keydown=${this.#onKeyDown}
      >
        <div class="spacer" role="none" style=${styleMap({ height: `${total}px` })}>
          ${repeat(
            indices,
            (i) => users[i]!.id,
            (i) => {
              const user = users[i]!;
              return html`<div
                role="option"
                class="option"
                data-index=${i}
                data-id=${user.id}
                tabindex=${i === active ? 0 : -1}
                aria-selected=${String(this.selected?.id === user.id)}
                aria-setsize=${search.nextCursor ? -1 : users.length}
                aria-posinset=${i + 1}
                style=${styleMap({ top: `${i * MEMBER_ROW_HEIGHT}px` })}
                @click=${() => {
                  this.#active = i;
                  this.#choose(user);
                }}
              >
                <span class="name">${user.name} <span class="muted">${user.id}</span></span>
                <span class="muted detail">${user.departments.map((d) => d.name).join(' · ') || m.noDepartment}${user.position ? ` · ${user.position}` : ''}</span>
              </div>`;
            },
          )}
        </div>
      </div>
      ${search.nextCursor
        ? html`<button type="button" class="link more" ?disabled=${search.loadingMore} @click=${() => void search.more()}>
            ${search.loadingMore ? common(lang).loading : common(lang).loadMore}
          </button>`
        : nothing}
      ${search.moreError ? failure(search.moreError, () => void search.more()) : nothing}`;
  }
}
