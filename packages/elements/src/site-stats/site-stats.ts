import type { DepartmentStats, DepartmentStatsResponse, TopBy, TopResponse } from '@docgate/protocol';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { statsStyles, isRefusal, periodPicker, shown } from '../internal/chart.js';
import { formatDuration, formatNumber, formatPercent } from '../internal/format.js';
import { fill } from '../internal/lang.js';
import { empty, loading } from '../internal/states.js';
import { StatsElement, type Load } from '../internal/stats-element.js';
import { base } from '../internal/styles.js';
import { Words } from '../internal/words.js';
import { messages, type SiteStatsMessages } from './site-stats.messages.js';
import { styles } from './site-stats.styles.js';

const METRICS: readonly TopBy[] = ['views', 'readers', 'activeMs'];

/**
 * A site's reading statistics for its admins: the most read documents (by views, readers or
 * reading time, optionally under a folder), the departments compared (how many of those who may
 * read have read), and the site's views, readers and reading time over a period.
 *
 * Site-wide statistics need a site or tenant admin (or `manage` on `/`); the top documents under
 * a `prefix` need `manage` on that folder. What the server refuses is said where it applies.
 *
 * @tag dg-site-stats
 * @summary Reading statistics of a whole site.
 * @csspart period - the period picker (a group of radio buttons)
 * @csspart chart - the chart over time with its table
 * @csspart table - the tables of top documents, of departments and of the chart's numbers
 * @csspart bar - the bar of a department's share of readers
 * @csspart state - loading, empty and error messages
 * @cssproperty --dg-color-accent - the chosen period, buttons, links, departments' bars
 * @cssproperty --dg-color-series-1 - the chart's views
 * @cssproperty --dg-color-series-2 - the chart's readers
 * @cssproperty --dg-color-series-3 - the chart's reading time
 */
export class DgSiteStats extends StatsElement {
  static override styles = [base, statsStyles, styles];

  /**
   * A folder (`/handbook/`): the top documents are those under it. (The property is not named
   * `prefix`: that is the DOM's namespace prefix of every element.)
   */
  @property({ attribute: 'prefix', reflect: true }) pathPrefix: string | null = null;
  /** How many top documents to show (1–100). */
  @property({ type: Number }) limit = 10;

  @state() private by: TopBy = 'views';
  @state() private top: Load<TopResponse> = { status: 'loading' };
  @state() private departments: Load<DepartmentStatsResponse> = { status: 'loading' };
  /** the department whose departments are compared; null: the top of the organisation */
  @state() private department: number | null = null;
  /** the top documents are being asked again in another order: the table stays (and keeps the focus) */
  @state() private reordering = false;

  readonly #words = new Words(this, messages);
  #topGeneration = 0;

  protected override loadKey(): unknown[] {
    return [this.pathPrefix, this.limit];
  }

  protected override load(current: () => boolean): void {
    this.departments = { status: 'loading' };
    this.#loadTop(false);
    void this.stats<DepartmentStatsResponse>('departments', { ...this.range }).then(
      (data) => current() && this.heard(data.timeZone) && (this.departments = { status: 'ready', data }),
      (error: unknown) => current() && (this.departments = { status: 'error', error }),
    );
  }

  /** The top documents; `reorder`: in another order, keeping the table on screen meanwhile. */
  #loadTop(reorder: boolean): void {
    if (!this.api) return;
    const generation = this.generation;
    const topGeneration = ++this.#topGeneration;
    if (reorder && this.top.status === 'ready') this.reordering = true;
    else this.top = { status: 'loading' };
    const current = () => generation === this.generation && topGeneration === this.#topGeneration;
    const limit = String(Math.min(100, Math.max(1, Math.floor(this.limit) || 10)));
    void this.stats<TopResponse>('top', { ...this.range, by: this.by, prefix: this.pathPrefix || undefined, limit }).then(
      (data) => {
        if (!current() || !this.heard(data.timeZone)) return;
        this.top = { status: 'ready', data };
        this.reordering = false;
      },
      (error: unknown) => {
        if (!current()) return;
        this.top = { status: 'error', error };
        this.reordering = false;
      },
    );
  }

  #topBy(by: TopBy): void {
    if (by === this.by) return;
    this.by = by;
    this.#loadTop(true);
  }

  /** the words on the screen (an update waits for them: DocgateElement.scheduleUpdate) */
  get #m(): SiteStatsMessages {
    return this.#words.value!;
  }

  protected override render() {
    if (this.wordsMissing) return this.wordsFailure();
    const lang = this.language;
    const m = this.#m;
    return html`<h2>${m.title}${this.pathPrefix ? html` <code class="path">${this.pathPrefix}</code>` : nothing}</h2>
      ${this.gate(() => {
        // Refused everywhere (a member who manages nothing here): said once.
        const panels = [this.top, this.departments, this.series];
        const refused = panels.every((p) => p.status === 'error' && isRefusal(p.error));
        if (refused) return this.failure((this.top as { error: unknown }).error, () => this.refresh());
        return html`${periodPicker({
            lang,
            words: m.chart,
            value: this.period,
            custom: this.from || this.to ? { from: this.from, to: this.to } : null,
            onChange: (period) => (this.period = period),
          })}
          <section data-panel="top">
            <h3 id="top-heading">${m.top}${this.pathPrefix ? html` <span class="muted scope">${fill(m.under, { prefix: this.pathPrefix })}</span>` : nothing}</h3>
            ${this.#renderTop()}
          </section>
          <section data-panel="departments">
            <h3 id="departments-heading">${m.departments}${this.pathPrefix ? html` <span class="muted scope">${m.wholeSite}</span>` : nothing}</h3>
            ${this.#renderDepartments()}
          </section>
          <section data-panel="trend">
            <h3>${m.trend}${this.pathPrefix ? html` <span class="muted scope">${m.wholeSite}</span>` : nothing}</h3>
            ${this.renderTrend(m, (points) => [
              { label: m.views, values: points.map((p) => p.views), format: (n) => formatNumber(lang, n), additive: true },
              { label: m.readers, values: points.map((p) => p.readers), format: (n) => formatNumber(lang, n), additive: false },
              { label: m.readingTime, values: points.map((p) => p.activeMs), format: (n) => formatDuration(lang, n), additive: true },
            ])}
          </section>`;
      })}`;
  }

  #renderTop() {
    const lang = this.language;
    const m = this.#m;
    const top = this.top;
    if (top.status === 'loading') return loading(lang);
    if (top.status === 'error') return this.failure(top.error, () => this.#loadTop(false));
    const docs = top.data.docs;
    if (docs.length === 0) return empty(m.noReading);
    const label = { views: m.views, readers: m.readers, activeMs: m.readingTime };
    const header = (by: TopBy) =>
      html`<th scope="col" class="number" aria-sort=${this.by === by ? 'descending' : nothing}>
        <button type="button" class="sort" data-by=${by} aria-label=${fill(m.topBy, { metric: label[by] })} @click=${() => this.#topBy(by)}>
          ${label[by]}<span class="arrow" aria-hidden="true">${this.by === by ? '▼' : ''}</span>
        </button>
      </th>`;
    return html`<div class="scroll" tabindex="0" role="region" aria-labelledby="top-heading">
      <table part="table" class="top" aria-busy=${this.reordering ? 'true' : 'false'}>
        <thead>
          <tr>
            <th scope="col" class="number">${m.rank}</th>
            <th scope="col">${m.document}</th>
            ${METRICS.map(header)}
          </tr>
        </thead>
        <tbody>
          ${docs.map(
            (d, i) => html`<tr data-path=${d.path}>
              <td class="number">${formatNumber(lang, i + 1)}</td>
              <th scope="row" class="doc">
                ${d.title ? html`<span class="title">${d.title}</span> ` : nothing}<code class="muted">${d.path}</code>
              </th>
              <td class="number">${shown(d.views, (n) => formatNumber(lang, n))}</td>
              <td class="number">${shown(d.readers, (n) => formatNumber(lang, n))}</td>
              <td class="number">${shown(d.activeMsTotal, (n) => formatDuration(lang, n))}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #renderDepartments() {
    const lang = this.language;
    const m = this.#m;
    const load = this.departments;
    if (load.status === 'loading') return loading(lang);
    if (load.status === 'error') return this.failure(load.error, () => this.refresh());
    const list = load.data.departments;
    if (list.length === 0) return empty(m.noDepartments);
    const byId = new Map(list.map((d) => [d.id, d]));
    const children = new Map<number | null, DepartmentStats[]>();
    for (const d of list) {
      const parent = d.parentId !== null && byId.has(d.parentId) ? d.parentId : null;
      let siblings = children.get(parent);
      if (!siblings) children.set(parent, (siblings = []));
      siblings.push(d);
    }
    let level = this.department !== null && children.has(this.department) ? this.department : null;
    // One department at the top (the company itself) stands for the whole: its departments are compared.
    const roots = children.get(null) ?? [];
    if (level === null && roots.length === 1 && children.has(roots[0]!.id)) level = roots[0]!.id;
    const rows = [...(children.get(level) ?? [])].sort((a, b) => b.readers - a.readers || b.audience - a.audience || a.id - b.id);
    const current = level === null ? null : byId.get(level)!;
    const trail: DepartmentStats[] = [];
    for (let d: DepartmentStats | undefined = current ?? undefined; d; d = d.parentId === null ? undefined : byId.get(d.parentId)) trail.unshift(d);
    const share = (d: DepartmentStats) => (d.audience > 0 ? d.readers / d.audience : NaN);
    const percent = (d: DepartmentStats) => shown(share(d), (n) => formatPercent(lang, n));
    return html`${trail.length > 1
        ? html`<nav class="trail" aria-label=${m.breadcrumb}>
            ${trail.map((d, i) =>
              i === trail.length - 1
                ? html`<span aria-current="location">${d.name}</span>`
                : html`<button type="button" class="link" data-department=${d.id} @click=${() => (this.department = d.id)}>${d.name}</button><span aria-hidden="true"> / </span>`,
            )}
          </nav>`
        : nothing}
      ${current
        ? html`<p class="coverage">
            ${fill(m.coverage, {
              name: current.name,
              readers: formatNumber(lang, current.readers),
              audience: formatNumber(lang, current.audience),
              share: percent(current),
            })}
          </p>`
        : nothing}
      <div class="scroll" tabindex="0" role="region" aria-labelledby="departments-heading">
        <table part="table" class="departments">
          <thead>
            <tr>
              <th scope="col">${m.department}</th>
              <th scope="col" class="number">${m.readers}</th>
              <th scope="col" class="number">${m.audience}</th>
              <th scope="col">${m.share}</th>
              <th scope="col" class="number">${m.readingTime}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((d) => {
              const ratio = share(d);
              return html`<tr data-department=${d.id}>
                <th scope="row" class="name">
                  ${children.has(d.id)
                    ? html`<button type="button" class="link" aria-label=${fill(m.openDepartment, { name: d.name })} @click=${() => (this.department = d.id)}>${d.name}</button>`
                    : d.name}
                </th>
                <td class="number">${shown(d.readers, (n) => formatNumber(lang, n))}</td>
                <td class="number">${shown(d.audience, (n) => formatNumber(lang, n))}</td>
                <td>
                  <div class="share">
                    <span class="bar" part="bar" aria-hidden="true"><span style="inline-size: ${Number.isFinite(ratio) ? Math.min(100, ratio * 100) : 0}%"></span></span>
                    <span class="percent">${percent(d)}</span>
                  </div>
                </td>
                <td class="number">${shown(d.activeMsTotal, (n) => formatDuration(lang, n))}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  }
}
