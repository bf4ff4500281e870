import type { SeriesPoint, SeriesResponse } from '@docgate/protocol';
import { type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { knownZone, learnZone, rangeOf, trendChart, trimLeading, type ChartSeries, type DayRange, type Period, type TrendWords } from './chart.js';
import { DocgateElement } from './docgate-element.js';
import { empty, loading } from './states.js';

export type Load<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: unknown };

/** The words the chart of a series over time needs from an element's messages. */
export interface TrendPanelWords {
  chart: TrendWords;
  trendByDay: string;
  trendByWeek: string;
  noReading: string;
}

/**
 * What <dg-doc-stats> and <dg-site-stats> share: a period (the picker's, or the page's `from` and
 * `to`), counted in days of the tenant's time zone, which an answer tells (a period asked in
 * another zone is asked again); the statistics API; reading everything again when what the
 * answers depend on changes; and the chart of views, readers and reading time over the period.
 */
export abstract class StatsElement extends DocgateElement {
  /** The first day counted (`YYYY-MM-DD`, in the tenant's time zone); with `to`, a period of its own in the picker. */
  @property({ reflect: true }) from: string | null = null;
  /** The last day counted (`YYYY-MM-DD`), included. */
  @property({ reflect: true }) to: string | null = null;

  @state() protected period: Period = '30';
  @state() protected series: Load<SeriesResponse> = { status: 'loading' };

  /** the refresh answers belong to: an answer of an older one is dropped */
  protected generation = 0;
  /** the days of the current period, as the statistics routes take them */
  protected range: DayRange = {};
  #zone = '';
  #loadedFor: unknown = null;
  #loadedKey = '';

  /** What the answers depend on besides the client and the period: a change reads everything again. */
  protected abstract loadKey(): unknown[];

  /** Starts this refresh's requests other than the series; `current()`: its answers are still wanted. */
  protected abstract load(current: () => boolean): void;

  /** What the series is of (dg-doc-stats: its document); default: the whole site. */
  protected seriesScope(): Record<string, string> {
    return {};
  }

  /** Whether there is anything to ask (dg-doc-stats: not without a path). */
  protected canLoad(): boolean {
    return true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loadedFor = null;
    this.generation++;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('from') || changed.has('to')) {
      if (this.from || this.to) this.period = 'custom';
      else if (this.period === 'custom') this.period = '30';
    }
    // Asked here rather than in updated(): the loading states then show in this very render.
    const api = this.api;
    const key = JSON.stringify([this.siteId, this.from, this.to, this.period, ...this.loadKey()]);
    if (api && this.canLoad() && (api !== this.#loadedFor || key !== this.#loadedKey)) {
      this.#loadedFor = api;
      this.#loadedKey = key;
      this.refresh();
    }
  }

  /** Reads everything again. */
  refresh(): void {
    const api = this.api;
    if (!api || !this.canLoad()) return;
    const generation = ++this.generation;
    this.#zone = knownZone(api.server, this.siteId);
    const { range, series } = rangeOf(this.period, this.#zone, { from: this.from, to: this.to });
    this.range = range;
    this.series = { status: 'loading' };
    const current = () => generation === this.generation;
    this.load(current);
    void this.stats<SeriesResponse>('series', { ...this.seriesScope(), interval: series.interval, from: series.from, to: series.to }).then(
      (data) => current() && this.heard(data.timeZone) && (this.series = { status: 'ready', data: series.trim ? { ...data, points: trimLeading(data.points) } : data }),
      (error: unknown) => current() && (this.series = { status: 'error', error }),
    );
  }

  /**
   * An answer says in which time zone the tenant counts days; "last 7 days" asked in another
   * is asked again. False when the answer is stale for that reason.
   */
  protected heard(timeZone: string): boolean {
    const api = this.api;
    if (!api || !timeZone || timeZone === this.#zone) return true;
    learnZone(api.server, this.siteId, timeZone);
    this.refresh();
    return false;
  }

  /** GET v1/sites/:site/stats/<route>, without the parameters that are undefined. */
  protected stats<T>(route: string, params: Record<string, string | undefined>): Promise<T> {
    const searchParams: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) if (value !== undefined) searchParams[key] = value;
    return this.api!.request<T>('GET', `v1/sites/${encodeURIComponent(this.siteId)}/stats/${route}`, { searchParams });
  }

  /** The series over the period as a chart, or its loading, error or empty state. */
  protected renderTrend(words: TrendPanelWords, series: (points: readonly SeriesPoint[]) => ChartSeries[]): TemplateResult {
    const lang = this.language;
    const answer = this.series;
    if (answer.status === 'loading') return loading(lang);
    if (answer.status === 'error') return this.failure(answer.error, () => this.refresh());
    const { points, interval } = answer.data;
    if (!points.some((p) => p.views > 0)) return empty(words.noReading);
    return trendChart({ lang, words: words.chart, title: interval === 'week' ? words.trendByWeek : words.trendByDay, interval, points, series: series(points) });
  }
}
