import type { DocStats, Reader, ReaderSort, ReadersResponse, UnreadResponse, UnreadUser } from '@docgate/protocol';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { statsStyles, isRefusal, periodPicker, shown } from '../internal/chart.js';
import { csvName, fetchCsv, saveFile } from '../internal/download.js';
import { formatDate, formatDuration, formatNumber, formatPercent } from '../internal/format.js';
import { fill } from '../internal/lang.js';
import { common, describeError } from '../internal/messages.js';
import { empty, loading } from '../internal/states.js';
import { StatsElement, type Load } from '../internal/stats-element.js';
import { base } from '../internal/styles.js';
import { Words } from '../internal/words.js';
import { messages, type DocStatsMessages } from './doc-stats.messages.js';
import { styles } from './doc-stats.styles.js';

/** A list read page by page: the rows so far, and the state of the next page. */
interface Listing<T> {
  rows: T[];
  total: number;
  next: string | null;
  more: { status: 'idle' } | { status: 'loading' } | { status: 'error'; error: unknown };
  /** a new sort is on its way: the table stays (and keeps the focus) until it comes */
  busy: boolean;
}

type ListKind = 'readers' | 'unread';

/** The server's sorts of readers, and the column each belongs to: names ascending, numbers and dates descending. */
const SORTS: Record<ReaderSort, 'ascending' | 'descending'> = { user: 'ascending', activeMs: 'descending', views: 'descending', lastAt: 'descending' };

/**
 * One document's reading statistics for the people who manage it: views, readers, reading
 * time, completion, audience and who has not read it, over a period; a chart of views and
 * reading time by day; who read it (sortable, paged, exportable as CSV) and who has not.
 *
 * @tag dg-doc-stats
 * @summary Reading statistics of one document.
 * @csspart period - the period picker (a group of radio buttons)
 * @csspart numbers - the headline numbers
 * @csspart chart - the chart over time with its table
 * @csspart table - the tables of readers, of those who have not read, and of the chart's numbers
 * @csspart state - loading, empty and error messages
 * @cssproperty --dg-color-accent - the chosen period, buttons, links
 * @cssproperty --dg-color-surface - the cards of the headline numbers
 * @cssproperty --dg-color-series-1 - the chart's views
 * @cssproperty --dg-color-series-2 - the chart's reading time
 */
export class DgDocStats extends StatsElement {
  static override styles = [base, statsStyles, styles];

  /** The document, as a path of the site (`/handbook/intro`). */
  @property({ reflect: true }) path: string | null = null;
  /** Rows per page of the readers and of those who have not read. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 50;

  @state() private summary: Load<DocStats> = { status: 'loading' };
  @state() private readers: Load<Listing<Reader>> = { status: 'loading' };
  @state() private unread: Load<Listing<UnreadUser>> = { status: 'loading' };
  @state() private sort: ReaderSort = 'user';
  @state() private exporting: ListKind | null = null;
  @state() private exportError: { kind: ListKind; error: unknown } | null = null;

  readonly #words = new Words(this, messages);
  #readersGeneration = 0;

  protected override loadKey(): unknown[] {
    return [this.path, this.pageSize];
  }

  protected override canLoad(): boolean {
    return Boolean(this.path);
  }

  protected override seriesScope(): Record<string, string> {
    return { path: this.path! };
  }

  protected override load(current: () => boolean): void {
    this.summary = { status: 'loading' };
    this.readers = { status: 'loading' };
    this.unread = { status: 'loading' };
    this.exportError = null;
    void this.stats<DocStats>('doc', { path: this.path!, ...this.range }).then(
      (data) => current() && this.heard(data.timeZone) && (this.summary = { status: 'ready', data }),
      (error: unknown) => current() && (this.summary = { status: 'error', error }),
    );
    this.#loadList('readers', false);
    this.#loadList('unread', false);
  }

  /** The first page of a list (`more`: the next one, appended). */
  #loadList(kind: ListKind, more: boolean): void {
    const doc = this.path;
    if (!this.api || !doc) return;
    const generation = this.generation;
    const listGeneration = kind === 'readers' ? ++this.#readersGeneration : 0;
    const load = this[kind] as Load<Listing<Reader | UnreadUser>>;
    const cursor = more && load.status === 'ready' ? load.data.next : null;
    // a cursor belongs to its sort: no next page while another sort is on its way
    if (more && (!cursor || (load.status === 'ready' && load.data.busy))) return;
    if (load.status === 'ready') this.#setList(kind, more ? { ...load.data, more: { status: 'loading' } } : { ...load.data, busy: true });
    else this[kind] = { status: 'loading' };
    const current = () => generation === this.generation && (kind !== 'readers' || listGeneration === this.#readersGeneration);
    const params = { path: doc, ...this.range, limit: String(this.pageSize), cursor: cursor ?? undefined, sort: kind === 'readers' ? this.sort : undefined };
    const request =
      kind === 'readers'
        ? this.stats<ReadersResponse>('doc/readers', params).then((r) => ({ rows: r.readers as Array<Reader | UnreadUser>, total: r.total, next: r.next_cursor }))
        : this.stats<UnreadResponse>('doc/unread', params).then((r) => ({ rows: r.users as Array<Reader | UnreadUser>, total: r.total, next: r.next_cursor }));
    request.then(
      (page) => {
        if (!current()) return;
        const before = this[kind] as Load<Listing<Reader | UnreadUser>>;
        const rows = more && before.status === 'ready' ? [...before.data.rows, ...page.rows] : page.rows;
        this.#setList(kind, { rows, total: page.total, next: page.next, more: { status: 'idle' }, busy: false });
      },
      (error: unknown) => {
        if (!current()) return;
        const before = this[kind] as Load<Listing<Reader | UnreadUser>>;
        if (more && before.status === 'ready') this.#setList(kind, { ...before.data, more: { status: 'error', error } });
        else this[kind] = { status: 'error', error };
      },
    );
  }

  #setList(kind: ListKind, data: Listing<Reader | UnreadUser>): void {
    if (kind === 'readers') this.readers = { status: 'ready', data: data as Listing<Reader> };
    else this.unread = { status: 'ready', data: data as Listing<UnreadUser> };
  }

  #sortBy(sort: ReaderSort): void {
    if (sort === this.sort) return;
    this.sort = sort;
    this.#loadList('readers', false);
  }

  async #export(kind: ListKind): Promise<void> {
    const api = this.api;
    const doc = this.path;
    if (!api || !doc || this.exporting) return;
    this.exporting = kind;
    this.exportError = null;
    try {
      const params: Record<string, string> = { path: doc };
      if (this.range.from) params.from = this.range.from;
      if (this.range.to) params.to = this.range.to;
      if (kind === 'readers') params.sort = this.sort;
      const text = await fetchCsv(api, `v1/sites/${encodeURIComponent(this.siteId)}/stats/doc/${kind}`, params);
      // fetch's text() drops the server's byte order mark, which Excel needs to read Chinese.
      saveFile(csvName(doc, kind), text);
    } catch (error) {
      this.exportError = { kind, error };
    } finally {
      this.exporting = null;
    }
  }

  /** the words on the screen (an update waits for them: DocgateElement.scheduleUpdate) */
  get #m(): DocStatsMessages {
    return this.#words.value!;
  }

  protected override render() {
    if (this.wordsMissing) return this.wordsFailure();
    const lang = this.language;
    const m = this.#m;
    // The catalogue's title once the numbers came (the answer carries it), and the path.
    const title = this.summary.status === 'ready' ? this.summary.data.title : null;
    return html`<h2>${m.title}${title ? html` · <span class="doc-title">${title}</span>` : nothing}${this.path ? html` <code class="path">${this.path}</code>` : nothing}</h2>
      ${this.gate(() => {
        if (!this.path) return empty(m.noPath);
        const summary = this.summary;
        if (summary.status === 'error' && isRefusal(summary.error)) return this.failure(summary.error, () => this.refresh());
        return html`${periodPicker({
            lang,
            words: m.chart,
            value: this.period,
            custom: this.from || this.to ? { from: this.from, to: this.to } : null,
            onChange: (period) => (this.period = period),
          })}
          <section data-panel="summary" aria-busy=${summary.status === 'loading' ? 'true' : 'false'}>
            <h3 id="summary-heading" class="visually-hidden">${m.summary}</h3>
            ${this.#renderNumbers()}
          </section>
          <section data-panel="trend">
            <h3 id="trend-heading">${m.trend}</h3>
            ${this.renderTrend(m, (points) => [
              { label: m.views, values: points.map((p) => p.views), format: (n) => formatNumber(lang, n), additive: true },
              { label: m.readingTime, values: points.map((p) => p.activeMs), format: (n) => formatDuration(lang, n), additive: true },
            ])}
          </section>
          <section data-panel="readers">${this.#renderReaders()}</section>
          <section data-panel="unread">${this.#renderUnread()}</section>`;
      })}`;
  }

  #renderNumbers() {
    const lang = this.language;
    const m = this.#m;
    const summary = this.summary;
    if (summary.status === 'loading') return loading(lang);
    if (summary.status === 'error') return this.failure(summary.error, () => this.refresh());
    const s = summary.data;
    const number = (n: number) => formatNumber(lang, n);
    const duration = (n: number) => formatDuration(lang, n);
    const completed = Number.isFinite(s.completionRate) && Number.isFinite(s.readers) ? Math.round(s.completionRate * s.readers) : NaN;
    const card = (id: string, label: string, value: string, hint: string | typeof nothing = nothing) =>
      html`<div class="card" data-number=${id}><dt>${label}</dt><dd>${value}</dd>${hint !== nothing ? html`<dd class="hint muted">${hint}</dd>` : nothing}</div>`;
    return html`<dl class="numbers" part="numbers">
      ${card('views', m.views, shown(s.views, number), m.viewsHint)}
      ${card('readers', m.readers, shown(s.readers, number))}
      ${card('activeMsTotal', m.readingTime, shown(s.activeMsTotal, duration))}
      ${card('activeMsMedian', m.median, shown(s.activeMsMedian, duration), m.medianHint)}
      ${card(
        'completionRate',
        m.completion,
        shown(s.completionRate, (n) => formatPercent(lang, n)),
        Number.isFinite(completed) ? fill(m.completionHint, { completed: number(completed), readers: number(s.readers) }) : nothing,
      )}
      ${card('audience', m.audience, shown(s.audience, number), m.audienceHint)}
      ${card('unread', m.unread, shown(s.unread, number), m.unreadHint)}
    </dl>`;
  }

  #renderReaders() {
    const lang = this.language;
    const m = this.#m;
    const readers = this.readers;
    const heading = html`<div class="section-head">
      <h3 id="readers-heading">${m.readersTitle}</h3>
      ${readers.status === 'ready' ? html`<span class="muted">${fill(m.readersCount, { count: formatNumber(lang, readers.data.total) })}</span>` : nothing}
      ${readers.status === 'ready' && readers.data.total > 0 ? this.#exportButton('readers') : nothing}
    </div>
    ${this.#exportFailure('readers')}`;
    if (readers.status === 'loading') return html`${heading}${loading(lang)}`;
    if (readers.status === 'error') return html`${heading}${this.failure(readers.error, () => this.#loadList('readers', false))}`;
    const list = readers.data;
    if (list.total === 0 && list.rows.length === 0) return html`${heading}${empty(m.noReading)}`;
    const sortable = (sort: ReaderSort, label: string, numeric = false) =>
      html`<th scope="col" class=${numeric ? 'number' : ''} aria-sort=${this.sort === sort ? SORTS[sort] : nothing}>
        <button type="button" class="sort" data-sort=${sort} @click=${() => this.#sortBy(sort)}>
          ${label}<span class="arrow" aria-hidden="true">${this.sort === sort ? (SORTS[sort] === 'ascending' ? '▲' : '▼') : ''}</span>
        </button>
      </th>`;
    return html`${heading}
      <div class="scroll" tabindex="0" role="region" aria-labelledby="readers-heading">
        <table part="table" class="readers" aria-busy=${list.busy ? 'true' : 'false'}>
          <thead>
            <tr>
              ${sortable('user', m.name)}
              <th scope="col">${m.department}</th>
              ${sortable('activeMs', m.time, true)} ${sortable('views', m.views, true)}
              <th scope="col" class="number">${m.depth}</th>
              <th scope="col">${m.completed}</th>
              <th scope="col">${m.firstRead}</th>
              ${sortable('lastAt', m.lastRead)}
            </tr>
          </thead>
          <tbody>
            ${list.rows.map(
              (r) => html`<tr data-user=${r.user}>
                <th scope="row" class="who">${this.#person(r.name, r.user, r.status)}</th>
                <td>${this.#departments(r.departments)}</td>
                <td class="number">${shown(r.activeMs, (n) => formatDuration(lang, n))}</td>
                <td class="number">${shown(r.views, (n) => formatNumber(lang, n))}</td>
                <td class="number">${shown(r.maxDepth, (n) => formatPercent(lang, n))}</td>
                <td>${r.completed ? m.yes : m.no}</td>
                <td>${formatDate(lang, r.firstAt, true)}</td>
                <td>${formatDate(lang, r.lastAt, true)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.#more('readers', list)}`;
  }

  #renderUnread() {
    const lang = this.language;
    const m = this.#m;
    const unread = this.unread;
    const heading = html`<div class="section-head">
        <h3 id="unread-heading">${m.unreadTitle}</h3>
        ${unread.status === 'ready' ? html`<span class="muted">${fill(m.unreadCount, { count: formatNumber(lang, unread.data.total) })}</span>` : nothing}
        ${unread.status === 'ready' && unread.data.total > 0 ? this.#exportButton('unread') : nothing}
      </div>
      ${this.#exportFailure('unread')}`;
    if (unread.status === 'loading') return html`${heading}${loading(lang)}`;
    if (unread.status === 'error') return html`${heading}${this.failure(unread.error, () => this.#loadList('unread', false))}`;
    const list = unread.data;
    if (list.total === 0 && list.rows.length === 0) {
      const summary = this.summary;
      const nobody = summary.status === 'ready' && summary.data.audience === 0;
      return html`${heading}${empty(nobody ? m.noAudience : m.everyoneRead)}`;
    }
    return html`${heading}
      <div class="scroll" tabindex="0" role="region" aria-labelledby="unread-heading">
        <table part="table" class="unread">
          <thead>
            <tr>
              <th scope="col">${m.name}</th>
              <th scope="col">${m.department}</th>
            </tr>
          </thead>
          <tbody>
            ${list.rows.map(
              (u) => html`<tr data-user=${u.id}>
                <th scope="row" class="who">${this.#person(u.name, u.id, 'active')}</th>
                <td>${this.#departments(u.departments)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.#more('unread', list)}`;
  }

  #person(name: string, userid: string, status: string) {
    const m = this.#m;
    return html`<span class="name">${name || userid}</span> <span class="muted account">${userid}</span>${status !== 'active'
        ? html` <span class="badge">${m.status[status] ?? status}</span>`
        : nothing}`;
  }

  #departments(departments: ReadonlyArray<{ name: string }> | undefined) {
    return (departments ?? []).map((d) => d.name).join(this.#m.listSeparator);
  }

  #more(kind: ListKind, list: Listing<Reader | UnreadUser>): TemplateResult {
    const lang = this.language;
    const m = this.#m;
    const more = list.more;
    return html`<div class="more row" aria-live="polite">
      <span class="muted">${fill(m.shown, { shown: formatNumber(lang, list.rows.length), total: formatNumber(lang, list.total) })}</span>
      ${list.next
        ? html`<button type="button" class="load-more" ?disabled=${more.status === 'loading' || list.busy} @click=${() => this.#loadList(kind, true)}>
            ${more.status === 'loading' ? common(lang).loading : common(lang).loadMore}
          </button>`
        : nothing}
      ${more.status === 'error' ? html`<span class="error-text" role="alert">${describeError(lang, more.error).text}</span>` : nothing}
    </div>`;
  }

  #exportButton(kind: ListKind): TemplateResult {
    const lang = this.language;
    const working = this.exporting === kind;
    return html`<button type="button" class="export" data-export=${kind} ?disabled=${this.exporting !== null} @click=${() => void this.#export(kind)}>
      ${working ? common(lang).exporting : common(lang).exportCsv}
    </button>`;
  }

  #exportFailure(kind: ListKind) {
    const failed = this.exportError;
    if (!failed || failed.kind !== kind) return nothing;
    const { text, code } = describeError(this.language, failed.error);
    return html`<p class="error-text" role="alert">${text}${code ? html` <span class="code muted">(${code})</span>` : nothing}</p>`;
  }
}
