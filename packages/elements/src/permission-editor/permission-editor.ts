import type {
  CheckResponse,
  Department,
  DepartmentsResponse,
  EffectiveLevel,
  Grant,
  GrantsResponse,
  InheritedGrant,
  Level,
  RestrictionResponse,
  Tag,
  TagsResponse,
} from '@docgate/protocol';
import type { Docgate } from '@docgate/sdk';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isApiError } from '../internal/api-error.js';
import { DocgateElement } from '../internal/docgate-element.js';
import { DgGrantAddedEvent, DgGrantRemovedEvent, DgRestrictionChangedEvent } from '../internal/events.js';
import { formatDate, formatNumber } from '../internal/format.js';
import { fill } from '../internal/lang.js';
import { common, describeError } from '../internal/messages.js';
import { empty, loading } from '../internal/states.js';
import { base } from '../internal/styles.js';
import { Words } from '../internal/words.js';
import { AccessList, Explainer, type AccessTarget } from './access-list.js';
import { DepartmentTree } from './department-tree.js';
import { MemberListbox } from './member-listbox.js';
import { MemberSearch } from './member-search.js';
import { messages, type PermissionEditorMessages } from './permission-editor.messages.js';
import { styles } from './permission-editor.styles.js';
import { plural, subjectLabel, viaLabel } from './subjects.js';

type Load =
  | { status: 'loading' }
  | { status: 'no-path' }
  | { status: 'not-manager'; path: string; level: EffectiveLevel }
  | { status: 'ready' }
  | { status: 'error'; error: unknown };

type Remote<T> = { status: 'idle' | 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: unknown };

/** A direct grant as shown: `pending` while the server has not answered yet. */
type ShownGrant = Grant & { pending?: boolean };

type Tab = 'departments' | 'members' | 'tags' | 'everyone';
const TABS: Tab[] = ['departments', 'members', 'tags', 'everyone'];

interface Choice {
  subject: string;
  name: string | null;
}

let pendingIds = 0;

/**
 * Who may read a document or folder, and changes to it, for the people who manage it: the
 * grants on the path and those it inherits (with the folder they come from), granting to a
 * department (with or without its sub-departments), a member, a tag or everyone, for reading or
 * managing and until a date; removing grants; restricting a folder; who has access in the end
 * and why. Changes show at once and are rolled back, with the reason, when the server refuses.
 * A member who does not manage the path is told so and offered nothing that would fail.
 *
 * @tag dg-permission-editor
 * @summary Edit who may read a document or folder.
 * @fires dg-grant-added - the server kept a new or changed grant (`event.grant`)
 * @fires dg-grant-removed - the server removed a grant (`event.grant`)
 * @fires dg-restriction-changed - a folder was restricted or opened again (`event.path`, `event.restricted`)
 * @csspart state - loading, empty, error and "you do not manage this path" messages
 * @csspart grants - the tables of direct and inherited grants
 * @csspart picker - the form that gives access
 * @csspart tree - the department tree of the picker
 * @csspart access - the "who has access" list
 * @cssproperty --dg-color-text - text
 * @cssproperty --dg-color-muted - secondary text
 * @cssproperty --dg-color-background - background
 * @cssproperty --dg-color-surface - raised areas (the restriction box, hovered lines)
 * @cssproperty --dg-color-border - borders
 * @cssproperty --dg-color-accent - primary buttons, the chosen department or member, the current tab
 * @cssproperty --dg-color-on-accent - text on the accent colour
 * @cssproperty --dg-color-danger - refusals and expired grants
 * @cssproperty --dg-color-success - confirmations
 * @cssproperty --dg-color-focus - the focus ring
 * @cssproperty --dg-font-family - font
 * @cssproperty --dg-font-size - base font size
 * @cssproperty --dg-radius - corner radius
 * @cssproperty --dg-space - spacing unit
 */
export class DgPermissionEditor extends DocgateElement {
  static override styles = [base, styles];

  /** The document or folder (ending in `/`) whose access to edit, e.g. `/handbook/`. */
  @property({ reflect: true }) path: string | null = null;

  @state() private load: Load = { status: 'loading' };
  @state() private direct: ShownGrant[] = [];
  @state() private inherited: InheritedGrant[] = [];
  @state() private restricted = false;
  @state() private restrictionPending = false;
  @state() private cutAt: string | null = null;
  /** the path as the server normalized it */
  @state() private shownPath = '';
  @state() private refusal: unknown = null;
  @state() private notice = '';
  @state() private tab: Tab = 'departments';
  @state() private includeSubDepartments = true;
  @state() private level: Level = 'read';
  @state() private expiry = '';
  @state() private expiryError = false;
  @state() private chosenTag: Tag | null = null;
  @state() private departments: Remote<Department[]> = { status: 'idle' };
  @state() private tags: Remote<Tag[]> = { status: 'idle' };

  private readonly tree = new DepartmentTree(this, () => this.requestUpdate());
  private readonly memberSearch = new MemberSearch(this, () => this.api, 50);
  private readonly members = new MemberListbox(this, this.memberSearch, () => this.requestUpdate());
  private readonly access = new AccessList(this, () => this.#target());
  private readonly explainSearch = new MemberSearch(this, () => this.api, 8);
  private readonly explainer = new Explainer(this, () => this.#target());

  readonly #words = new Words(this, messages);
  #generation = 0;
  #loadedApi: Docgate | null = null;
  #loadedKey = '';
  /** whose directory (member and site) the picker holds */
  #directoryKey = '';
  /** grants being removed: a refresh meanwhile must not bring them back */
  #removing = new Set<string>();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#generation++;
    this.#loadedApi = null;
    this.#loadedKey = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Here rather than in updated(): what refresh() sets at once shows in this same update.
    const api = this.api;
    if (!api) return;
    const directoryKey = `${api.user()?.id}\n${this.siteId}`;
    const key = `${directoryKey}\n${this.path ?? ''}`;
    if (api !== this.#loadedApi || key !== this.#loadedKey) {
      if (api !== this.#loadedApi || directoryKey !== this.#directoryKey) this.#forgetDirectory();
      this.#directoryKey = directoryKey;
      this.#loadedApi = api;
      this.#loadedKey = key;
      void this.refresh();
    }
  }

  /** Reads the signed-in member's level, the grants and who has access again. */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const generation = ++this.#generation;
    this.refusal = null;
    this.notice = '';
    this.explainer.clear();
    if (!this.path) {
      this.load = { status: 'no-path' };
      return;
    }
    this.load = { status: 'loading' };
    this.access.reset();
    // A change still on its way belongs to the path before; its answer will not show here.
    this.restrictionPending = false;
    try {
      if (!(await this.#readLevelAndGrants(api, generation))) return;
      this.load = { status: 'ready' };
      this.access.search(this.access.query);
      this.#selectTab(this.tab);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.load = { status: 'error', error };
    }
  }

  /**
   * The member's own level first: someone without manage gets the explanation, not a 403.
   * The SDK's check() is cached for the page, and a change made here may have just taken this
   * member's manage away; so the check is asked of the server each time.
   */
  async #readLevelAndGrants(api: Docgate, generation: number): Promise<boolean> {
    const site = this.siteId;
    const check = await api.request<CheckResponse>('POST', 'v1/check', { json: { site, path: this.path } });
    if (generation !== this.#generation) return false;
    if (check.level !== 'manage') {
      this.load = { status: 'not-manager', path: check.path, level: check.level };
      return false;
    }
    let answer: GrantsResponse;
    try {
      answer = await api.request<GrantsResponse>('GET', `v1/sites/${encodeURIComponent(site)}/grants`, { searchParams: { path: check.path } });
    } catch (error) {
      if (generation !== this.#generation) return false;
      if (isApiError(error, 'manage_required')) {
        this.load = { status: 'not-manager', path: check.path, level: 'read' };
        return false;
      }
      throw error;
    }
    if (generation !== this.#generation) return false;
    const pending = this.direct.filter((g) => g.pending && !answer.direct.some((s) => s.subject === g.subject));
    this.direct = [...answer.direct.filter((g) => !this.#removing.has(g.id)), ...pending];
    this.inherited = answer.inherited;
    this.cutAt = answer.cutAt;
    this.shownPath = answer.path;
    if (!this.restrictionPending) this.restricted = answer.restricted;
    return true;
  }

  /** After a change the server agreed to: what it changed around it (inheritance, own level, audience). */
  async #resync(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const generation = this.#generation;
    try {
      if (!(await this.#readLevelAndGrants(api, generation))) return;
    } catch {
      // What the change itself did is shown already; the next refresh reads the rest.
    }
    this.access.reload();
    if (this.explainer.state.status === 'ready') void this.explainer.explain(this.explainer.state.user);
  }

  #target(): AccessTarget | null {
    const api = this.api;
    return api && this.shownPath ? { api, site: this.siteId, path: this.shownPath } : null;
  }

  #forgetDirectory(): void {
    this.departments = { status: 'idle' };
    this.tags = { status: 'idle' };
    this.chosenTag = null;
    this.tree.selected = null;
    this.members.selected = null;
    this.memberSearch.reset();
    this.explainSearch.reset();
  }

  async #loadDepartments(): Promise<void> {
    const api = this.api;
    if (!api || this.departments.status === 'loading') return;
    this.departments = { status: 'loading' };
    try {
      const { departments } = await api.request<DepartmentsResponse>('GET', 'v1/directory/departments');
      this.tree.setDepartments(departments);
      this.departments = { status: 'ready', value: departments };
    } catch (error) {
      this.departments = { status: 'error', error };
    }
  }

  async #loadTags(): Promise<void> {
    const api = this.api;
    if (!api || this.tags.status === 'loading') return;
    this.tags = { status: 'loading' };
    try {
      const { tags } = await api.request<TagsResponse>('GET', 'v1/directory/tags');
      this.tags = { status: 'ready', value: tags };
    } catch (error) {
      this.tags = { status: 'error', error };
    }
  }

  #choice(): Choice | null {
    switch (this.tab) {
      case 'departments': {
        const department = this.tree.selected === null ? undefined : this.tree.department(this.tree.selected);
        if (!department) return null;
        return { subject: `dept:${department.id}${this.includeSubDepartments ? '/*' : ''}`, name: department.name };
      }
      case 'members': {
        const user = this.members.selected;
        return user ? { subject: `user:${user.id}`, name: user.name } : null;
      }
      case 'tags':
        return this.chosenTag ? { subject: `tag:${this.chosenTag.id}`, name: this.chosenTag.name } : null;
      case 'everyone':
        return { subject: 'everyone', name: null };
    }
  }

  /** The end of the chosen day, in the admin's time zone; null for no expiry, undefined when in the past. */
  #expiresAt(): string | null | undefined {
    if (!this.expiry) return null;
    const [y, m, d] = this.expiry.split('-').map(Number) as [number, number, number];
    const end = new Date(y, m - 1, d, 23, 59, 59, 999);
    if (Number.isNaN(end.getTime()) || end.getTime() <= Date.now()) return undefined;
    return end.toISOString();
  }

  async #grant(): Promise<void> {
    const api = this.api;
    const choice = this.#choice();
    if (!api || !choice || !this.shownPath) return;
    const expiresAt = this.#expiresAt();
    this.expiryError = expiresAt === undefined;
    if (expiresAt === undefined) return;
    const m = this.#m;
    const level = this.level;
    const generation = this.#generation;
    this.refusal = null;
    this.notice = '';
    const previous = this.direct.find((g) => g.subject === choice.subject && !g.pending);
    const optimistic: ShownGrant = {
      id: previous?.id ?? `pending-${++pendingIds}`,
      site: this.siteId,
      path: this.shownPath,
      subject: choice.subject,
      subjectName: choice.name,
      level,
      expiresAt,
      expired: false,
      createdBy: api.user()?.id ?? '',
      createdAt: new Date().toISOString(),
      pending: true,
    };
    this.direct = previous ? this.direct.map((g) => (g === previous ? optimistic : g)) : [...this.direct, optimistic];
    try {
      const grant = await api.request<Grant>('POST', `v1/sites/${encodeURIComponent(this.siteId)}/grants`, {
        json: { path: this.shownPath, subject: choice.subject, level, ...(expiresAt ? { expiresAt } : {}) },
      });
      if (generation !== this.#generation) {
        // The element moved on to another path meanwhile: the change was made, nothing here shows it.
        this.dispatchEvent(new DgGrantAddedEvent(grant));
        return;
      }
      this.direct = this.direct.includes(optimistic)
        ? this.direct.map((g) => (g === optimistic ? grant : g))
        : [...this.direct.filter((g) => g.id !== grant.id), grant];
      this.notice = fill(m.granted, { subject: subjectLabel(m, grant.subject, grant.subjectName), level: m.level[grant.level] });
      this.dispatchEvent(new DgGrantAddedEvent(grant));
      this.access.reload();
      if (this.explainer.state.status === 'ready') void this.explainer.explain(this.explainer.state.user);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.direct = previous ? this.direct.map((g) => (g === optimistic ? previous : g)) : this.direct.filter((g) => g !== optimistic);
      this.refusal = error;
    }
  }

  async #remove(grant: ShownGrant): Promise<void> {
    const api = this.api;
    if (!api || grant.pending) return;
    const m = this.#m;
    const generation = this.#generation;
    const at = this.direct.indexOf(grant);
    this.refusal = null;
    this.notice = '';
    this.#removing.add(grant.id);
    this.direct = this.direct.filter((g) => g !== grant);
    // Focus was on the button that just went: keep it in the table rather than lose it to the page.
    void this.#focusAfterRemoval(at);
    try {
      await api.request<void>('DELETE', `v1/sites/${encodeURIComponent(this.siteId)}/grants/${encodeURIComponent(grant.id)}`);
      if (generation !== this.#generation) {
        this.dispatchEvent(new DgGrantRemovedEvent(grant));
        return;
      }
      this.notice = fill(m.removed, { subject: subjectLabel(m, grant.subject, grant.subjectName) });
      this.dispatchEvent(new DgGrantRemovedEvent(grant));
    } catch (error) {
      if (generation !== this.#generation) return;
      if (!isApiError(error, 'not_found')) {
        // Someone else removed it already: it is gone either way. Anything else: it is back.
        const direct = [...this.direct];
        direct.splice(Math.min(at, direct.length), 0, grant);
        this.direct = direct;
        this.refusal = error;
        return;
      }
    } finally {
      this.#removing.delete(grant.id);
    }
    // Removing one's own manage grant is allowed, and then this member no longer manages the path.
    await this.#resync();
  }

  async #focusAfterRemoval(at: number): Promise<void> {
    await this.updateComplete;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('table.direct button.remove')];
    (buttons[Math.min(at, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('#grant-button'))?.focus();
  }

  async #toggleRestriction(event: Event): Promise<void> {
    const api = this.api;
    if (!api) return;
    if (this.restrictionPending) {
      event.preventDefault();
      return;
    }
    const m = this.#m;
    const path = this.shownPath;
    const restricted = !this.restricted;
    const generation = this.#generation;
    this.refusal = null;
    this.notice = '';
    this.restricted = restricted;
    this.restrictionPending = true;
    try {
      const answer = await api.request<RestrictionResponse>('PUT', `v1/sites/${encodeURIComponent(this.siteId)}/restrictions`, { json: { path, restricted } });
      this.restrictionPending = false;
      if (generation !== this.#generation) {
        this.dispatchEvent(new DgRestrictionChangedEvent(answer.path, answer.restricted));
        return;
      }
      this.restricted = answer.restricted;
      this.notice = fill(answer.restricted ? m.restrictedNow : m.openNow, { path: answer.path });
      this.dispatchEvent(new DgRestrictionChangedEvent(answer.path, answer.restricted));
      await this.#resync();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.restricted = !restricted;
      this.refusal = error;
    } finally {
      this.restrictionPending = false;
    }
  }

  #selectTab(tab: Tab, focus = false): void {
    this.tab = tab;
    if (tab === 'departments' && this.departments.status === 'idle') void this.#loadDepartments();
    if (tab === 'tags' && this.tags.status === 'idle') void this.#loadTags();
    if (tab === 'members' && this.memberSearch.status === 'idle') this.memberSearch.search('', true);
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  readonly #onTabKeyDown = (event: KeyboardEvent): void => {
    const at = TABS.indexOf(this.tab);
    const next =
      event.key === 'ArrowRight' ? TABS[(at + 1) % TABS.length]
      : event.key === 'ArrowLeft' ? TABS[(at + TABS.length - 1) % TABS.length]
      : event.key === 'Home' ? TABS[0]
      : event.key === 'End' ? TABS[TABS.length - 1]
      : undefined;
    if (!next) return;
    event.preventDefault();
    this.#selectTab(next, true);
  };

  /** the words on the screen (an update waits for them: DocgateElement.scheduleUpdate) */
  get #m(): PermissionEditorMessages {
    return this.#words.value!;
  }

  protected override render() {
    if (this.wordsMissing) return this.wordsFailure();
    const m = this.#m;
    const path = this.shownPath || this.path;
    return html`<h2>${m.title}${path ? html` <code>${path}</code>` : nothing}</h2>
      ${this.gate(() => this.#renderContent())}`;
  }

  #renderContent(): TemplateResult {
    const lang = this.language;
    const m = this.#m;
    const load = this.load;
    switch (load.status) {
      case 'loading':
        return loading(lang);
      case 'no-path':
        // Not an alert: a page that sets the path a moment later (a document picker) starts here.
        return html`<div class="state" part="state">${m.noPath}</div>`;
      case 'error':
        return this.failure(load.error, () => void this.refresh(), m.errors);
      case 'not-manager':
        return html`<div class="state not-manager" role="status" part="state">
          <p>${fill(m.notManager, { path: load.path })}</p>
          <p>${m.notManagerLevel[load.level === 'none' ? 'none' : 'read']}</p>
        </div>`;
      case 'ready':
        return html`${this.#renderRefusal()}
          <p class="notice" role="status" aria-live="polite">${this.notice}</p>
          <section aria-labelledby="grants-heading">${this.#renderGrants()}</section>
          <section class="picker" part="picker" aria-labelledby="add-heading">${this.#renderPicker()}</section>
          <section class="access" part="access" aria-labelledby="access-heading">${this.#renderAccess()}</section>
          <section aria-labelledby="explain-heading">${this.#renderExplain()}</section>`;
    }
  }

  #renderRefusal() {
    if (!this.refusal) return nothing;
    const lang = this.language;
    const m = this.#m;
    const { text, code } = describeError(lang, this.refusal, m.errors);
    return html`<div class="alert" role="alert">
      <p>${fill(m.refused, { reason: text })}${code ? html` <span class="code">(${code})</span>` : nothing}</p>
      <button type="button" class="link" @click=${() => (this.refusal = null)}>${m.dismiss}</button>
    </div>`;
  }

  #renderGrants(): TemplateResult {
    const lang = this.language;
    const m = this.#m;
    const path = this.shownPath;
    const isFolder = path.endsWith('/') && path !== '/';
    const expires = (g: Grant) =>
      g.expired
        ? html`<span class="badge expired">${m.expired}</span> ${formatDate(lang, g.expiresAt!, true)}`
        : g.expiresAt
          ? formatDate(lang, g.expiresAt, true)
          : html`<span class="muted">${m.never}</span>`;
    return html`<h3 id="grants-heading">${m.grantsHeading}</h3>
      ${isFolder
        ? html`<div class="restriction">
            <input
              id="restricted"
              type="checkbox"
              .checked=${this.restricted}
              aria-describedby="restricted-hint"
              aria-busy=${String(this.restrictionPending)}
              @click=${(event: Event) => void this.#toggleRestriction(event)}
            />
            <div>
              <label for="restricted"><strong>${m.restricted}</strong>${this.restrictionPending ? html` <span class="muted">${m.restrictionSaving}</span>` : nothing}</label>
              <p class="muted" id="restricted-hint">${m.restrictedHint}</p>
            </div>
          </div>`
        : nothing}
      <div class="table-wrap">
        <table class="direct" part="grants">
          <caption>${m.direct}</caption>
          ${this.direct.length
            ? html`<thead>
                  <tr>
                    <th scope="col">${m.colSubject}</th>
                    <th scope="col">${m.colLevel}</th>
                    <th scope="col">${m.colExpires}</th>
                    <th scope="col"><span class="visually-hidden">${m.colActions}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.direct.map((g) => {
                    const subject = subjectLabel(m, g.subject, g.subjectName);
                    return html`<tr class=${g.pending ? 'pending' : ''} data-subject=${g.subject} aria-busy=${g.pending ? 'true' : 'false'}>
                      <td>${subject}</td>
                      <td><span class="badge ${g.level}">${m.level[g.level]}</span>${g.pending ? html` <span class="muted">${m.pending}</span>` : nothing}</td>
                      <td>${expires(g)}</td>
                      <td>
                        ${g.pending
                          ? nothing
                          : html`<button type="button" class="remove danger" aria-label=${fill(m.removeLabel, { subject })} @click=${() => void this.#remove(g)}>
                              ${m.remove}
                            </button>`}
                      </td>
                    </tr>`;
                  })}
                </tbody>`
            : html`<tbody><tr><td class="muted empty">${m.noDirect}</td></tr></tbody>`}
        </table>
      </div>
      <div class="table-wrap">
        <table class="inherited" part="grants">
          <caption>${m.inherited}</caption>
          ${this.inherited.length
            ? html`<thead>
                  <tr>
                    <th scope="col">${m.colSubject}</th>
                    <th scope="col">${m.colLevel}</th>
                    <th scope="col">${m.colExpires}</th>
                    <th scope="col">${m.colFrom}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.inherited.map(
                    (g) => html`<tr data-subject=${g.subject}>
                      <td>${subjectLabel(m, g.subject, g.subjectName)}</td>
                      <td><span class="badge ${g.level}">${m.level[g.level]}</span></td>
                      <td>${expires(g)}</td>
                      <td><code class="path">${g.from}</code></td>
                    </tr>`,
                  )}
                </tbody>`
            : html`<tbody><tr><td class="muted empty">${m.noInherited}</td></tr></tbody>`}
        </table>
      </div>
      ${this.cutAt ? html`<p class="muted cut">${fill(m.cutAt, { path: this.cutAt })}</p>` : nothing}`;
  }

  #renderPicker(): TemplateResult {
    const m = this.#m;
    const choice = this.#choice();
    const hint = { departments: m.chooseDepartment, members: m.chooseMember, tags: m.chooseTag, everyone: '' }[this.tab];
    const today = new Date();
    const min = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    return html`<h3 id="add-heading">${m.addHeading}</h3>
      <div role="tablist" aria-label=${m.tabsLabel} @keydown=${this.#onTabKeyDown}>
        ${TABS.map(
          (tab) => html`<button
            type="button"
            role="tab"
            id="tab-${tab}"
            aria-controls="panel-${tab}"
            aria-selected=${String(this.tab === tab)}
            tabindex=${this.tab === tab ? 0 : -1}
            @click=${() => this.#selectTab(tab)}
          >
            ${m.tabs[tab]}
          </button>`,
        )}
      </div>
      ${TABS.map(
        (tab) => html`<div role="tabpanel" id="panel-${tab}" aria-labelledby="tab-${tab}" ?hidden=${this.tab !== tab}>
          ${this.tab === tab ? this.#renderPanel(tab) : nothing}
        </div>`,
      )}
      <div class="form">
        <fieldset>
          <legend>${m.levelLegend}</legend>
          ${(['read', 'manage'] as const).map(
            (level) => html`<label class="choice">
              <input type="radio" name="level" value=${level} .checked=${this.level === level} @change=${() => (this.level = level)} />
              <span><strong>${m.level[level]}</strong> <span class="muted">${m.levelHint[level]}</span></span>
            </label>`,
          )}
        </fieldset>
        <div>
          <label class="block" for="expiry">${m.expiresLabel}</label>
          <input
            id="expiry"
            type="date"
            min=${min}
            .value=${this.expiry}
            aria-invalid=${String(this.expiryError)}
            aria-describedby=${this.expiryError ? 'expiry-error' : nothing}
            @input=${(event: Event) => {
              this.expiry = (event.target as HTMLInputElement).value;
              this.expiryError = false;
            }}
          />
          ${this.expiryError ? html`<p class="error-text" id="expiry-error" role="alert">${m.expiryPast}</p>` : nothing}
        </div>
        <p class="chosen" aria-live="polite">${choice ? fill(m.grantTo, { subject: subjectLabel(m, choice.subject, choice.name) }) : html`<span class="muted">${hint || m.chooseFirst}</span>`}</p>
        <div class="row">
          <button id="grant-button" type="button" class="primary" ?disabled=${!choice} @click=${() => void this.#grant()}>${m.grant}</button>
        </div>
      </div>`;
  }

  #renderPanel(tab: Tab): TemplateResult {
    const lang = this.language;
    const m = this.#m;
    switch (tab) {
      case 'departments': {
        const departments = this.departments;
        if (departments.status === 'error') return this.failure(departments.error, () => void this.#loadDepartments());
        if (departments.status !== 'ready') return loading(lang);
        if (!departments.value.length) return empty(m.noDepartments);
        return html`<label class="block" for="department-filter">${m.filterDepartments}</label>
          <input
            id="department-filter"
            type="search"
            autocomplete="off"
            .value=${this.tree.filter}
            @input=${(event: Event) => this.tree.setFilter((event.target as HTMLInputElement).value)}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                this.tree.focus();
              }
            }}
          />
          ${this.tree.render(lang, m, m.tabs.departments)}
          <label class="choice">
            <input type="checkbox" .checked=${this.includeSubDepartments} @change=${(event: Event) => (this.includeSubDepartments = (event.target as HTMLInputElement).checked)} />
            <span>${m.includeSubs}</span>
          </label>`;
      }
      case 'members':
        return html`<label class="block" for="member-search">${m.searchMembers}</label>
          <input
            id="member-search"
            type="search"
            autocomplete="off"
            .value=${this.memberSearch.query}
            @input=${(event: Event) => {
              this.memberSearch.search((event.target as HTMLInputElement).value);
              this.members.searched();
            }}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                this.members.focus();
              }
            }}
          />
          ${this.members.render(lang, m, m.tabs.members, (error, retry) => this.failure(error, retry))}`;
      case 'tags': {
        const tags = this.tags;
        if (tags.status === 'error') return this.failure(tags.error, () => void this.#loadTags());
        if (tags.status !== 'ready') return loading(lang);
        if (!tags.value.length) return empty(m.noTags);
        return html`<fieldset>
          <legend>${m.tabs.tags}</legend>
          ${tags.value.map(
            (tag) => html`<label class="choice">
              <input type="radio" name="tag" value=${tag.id} .checked=${this.chosenTag?.id === tag.id} @change=${() => (this.chosenTag = tag)} />
              <span>${tag.name} <span class="muted">${plural(lang, tag.memberCount, m.tagMembers, { count: formatNumber(lang, tag.memberCount) })}</span></span>
            </label>`,
          )}
        </fieldset>`;
      }
      case 'everyone':
        return html`<p>${m.everyone}</p>
          <p class="muted">${m.everyoneHint}</p>`;
    }
  }

  #renderAccess(): TemplateResult {
    const lang = this.language;
    const m = this.#m;
    const access = this.access;
    const answer = access.answer;
    const q = access.query.trim();
    const nameOf = (subject: string) => [...this.direct, ...this.inherited].find((g) => g.subject === subject)?.subjectName ?? null;
    let list: TemplateResult;
    if (access.status === 'error') list = this.failure(access.error, () => access.search(access.query));
    else if (access.status !== 'ready' || !answer) list = loading(lang);
    else if (!access.users.length) list = empty(q ? fill(m.nobodyMatches, { q }) : m.nobody);
    else
      list = html`<div class="table-wrap">
          <table class="people">
            <thead>
              <tr>
                <th scope="col">${m.colPerson}</th>
                <th scope="col">${m.colDepartments}</th>
                <th scope="col">${m.colLevel}</th>
                <th scope="col">${m.colVia}</th>
                <th scope="col"><span class="visually-hidden">${m.colActions}</span></th>
              </tr>
            </thead>
            <tbody>
              ${access.users.map(
                (user) => html`<tr data-id=${user.id}>
                  <td>${user.name} <span class="muted">${user.id}</span></td>
                  <td>${user.departments.map((d) => d.name).join(' · ')}</td>
                  <td><span class="badge ${user.level}">${m.level[user.level]}</span></td>
                  <td>${viaLabel(m, user.via, nameOf)}</td>
                  <td>
                    <button type="button" class="link why" aria-label=${fill(m.whyLabel, { name: user.name })} @click=${() => void this.#explain(user)}>${m.why}</button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${access.nextCursor
          ? html`<button type="button" class="more" ?disabled=${access.loadingMore} @click=${() => void access.more()}>
              ${access.loadingMore ? common(lang).loading : common(lang).loadMore}
            </button>`
          : nothing}
        ${access.moreError ? this.failure(access.moreError, () => void access.more()) : nothing}`;
    return html`<h3 id="access-heading">${m.accessHeading}</h3>
      ${answer
        ? html`<p class="summary">
            ${plural(lang, answer.total, m.accessSummary, { total: formatNumber(lang, answer.total), read: formatNumber(lang, answer.counts.read), manage: formatNumber(lang, answer.counts.manage) })}
            ${q && access.status === 'ready' ? html`<span class="muted"> · ${fill(m.accessMatched, { matched: formatNumber(lang, answer.matched) })}</span>` : nothing}
          </p>`
        : nothing}
      <label class="block" for="access-search">${m.searchAccess}</label>
      <input id="access-search" type="search" autocomplete="off" .value=${access.query} @input=${(event: Event) => access.search((event.target as HTMLInputElement).value)} />
      <div class="access-list">${list}</div>`;
  }

  async #explain(user: { id: string; name: string }): Promise<void> {
    void this.explainer.explain(user);
    await this.updateComplete;
    // The answer is below the list: bring it into view and say it (the region is live).
    this.renderRoot.querySelector('.explanation-region')?.scrollIntoView?.({ block: 'nearest' });
  }

  #renderExplain(): TemplateResult {
    const lang = this.language;
    const m = this.#m;
    const search = this.explainSearch;
    let picks: TemplateResult | typeof nothing = nothing;
    if (search.status === 'loading') picks = loading(lang);
    else if (search.status === 'error') picks = this.failure(search.error, () => search.search(search.query, true));
    else if (search.status === 'ready')
      picks = search.users.length
        ? html`<ul class="picks" aria-label=${m.explainPick}>
            ${search.users.map(
              (user) => html`<li><button type="button" data-id=${user.id} @click=${() => void this.#explain(user)}>${user.name} <span class="muted">${user.id}</span></button></li>`,
            )}
          </ul>`
        : empty(fill(m.noMembers, { q: search.query.trim() }));
    return html`<h3 id="explain-heading">${m.explainHeading}</h3>
      <label class="block" for="explain-search">${m.explainSearch}</label>
      <input
        id="explain-search"
        type="search"
        autocomplete="off"
        .value=${search.query}
        @input=${(event: Event) => {
          const text = (event.target as HTMLInputElement).value;
          if (text.trim()) search.search(text);
          else search.reset();
          this.requestUpdate();
        }}
      />
      ${picks}
      <div class="explanation-region" aria-live="polite">${this.#renderExplanation()}</div>`;
  }

  #renderExplanation() {
    const lang = this.language;
    const m = this.#m;
    const state = this.explainer.state;
    if (state.status === 'idle') return nothing;
    if (state.status === 'loading') return loading(lang);
    if (state.status === 'error') return this.failure(state.error, () => void this.explainer.explain(state.user), m.errors);
    const { answer, user } = state;
    const who = fill(m.userNamed, { name: user.name, id: user.id });
    const g = answer.decidedBy;
    const template = m.explain[answer.code];
    const sentence = template
      ? fill(template, {
          who,
          verb: m.levelVerb[answer.level],
          subject: g ? subjectLabel(m, g.subject, g.subjectName) : '',
          path: g?.path ?? answer.path,
          cutAt: answer.cutAt ?? '',
        })
      : answer.reason;
    return html`<div class="explanation" data-code=${answer.code}>
      <p><strong>${fill(m.explainFor, { name: who, level: m.level[answer.level] })}</strong></p>
      <p>${sentence}</p>
      ${g?.expiresAt ? html`<p class="muted">${fill(m.explainUntil, { date: formatDate(lang, g.expiresAt, true) })}</p>` : nothing}
      ${answer.cutAt && answer.code !== 'restricted' ? html`<p class="muted">${fill(m.explainCut, { cutAt: answer.cutAt })}</p>` : nothing}
    </div>`;
  }
}
