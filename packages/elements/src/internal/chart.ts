import type { SeriesInterval, SeriesPoint } from '@docgate/protocol';
import { apiError } from './api-error.js';
import { css, html, nothing, svg, type TemplateResult } from 'lit';
import { fill, type Lang } from './lang.js';

/**
 * What <dg-doc-stats> and <dg-site-stats> share: the period picker, the days a period means in
 * the tenant's time zone, the chart of a series over time, and how a panel shows a number or a
 * refusal. The chart is inline SVG drawn here: a chart library would cost more than the 35 KB
 * gzip all the elements and lit may weigh together.
 */

/** last 7, 30 or 90 days up to today, all time, or the `from`/`to` the page set */
export type Period = '7' | '30' | '90' | 'all' | 'custom';
export const PERIODS: readonly Period[] = ['7', '30', '90', 'all'];

/** The words of the period picker and the chart, given by each element's messages. */
export interface TrendWords {
  period: string;
  periods: Record<'7' | '30' | '90' | 'all', string>;
  /** `{from}` – `{to}` */
  between: string;
  since: string;
  until: string;
  /** the data-table disclosure */
  showNumbers: string;
  date: string;
  weekOf: string;
  /** `{label}: {total} in all, most on {day} ({peak})` */
  inAll: string;
  /** `{label}: most on {day} ({peak})` */
  mostOn: string;
  /** `{title}, {from} to {to}.` */
  chartSummary: string;
}

/** The days a statistics query covers: open ends left out, as the API takes them. */
export interface DayRange {
  from?: string;
  to?: string;
}

/** What the chart asks of the series route, and whether to drop the empty weeks before the first view. */
export interface SeriesRange {
  interval: SeriesInterval;
  from: string;
  to: string;
  trim: boolean;
}

const DAY_MS = 86_400_000;
/** the series route's longest range of weeks (docs/api.md, "series") */
const MAX_WEEKS = 260;
/** up to this many days a chart has a bar a day; beyond, a bar a week */
const DAILY_UP_TO = 92;

/**
 * A refusal is about the whole element (no manage on the path, no such site, a path the server
 * will not take): every panel would say the same, so it is said once.
 */
export function isRefusal(error: unknown): boolean {
  const failure = apiError(error);
  return failure !== null && [400, 401, 403, 404].includes(failure.status);
}

/** A number for the screen: never "NaN" or "undefined", whatever an answer held. */
export function shown(value: unknown, format: (n: number) => string): string {
  return typeof value === 'number' && Number.isFinite(value) ? format(value) : '—';
}

/**
 * The time zone each server's sites count days in, as their answers said (`timeZone`): the
 * first question of a page assumes the default, Asia/Shanghai, and an element that learns
 * otherwise asks again.
 */
const zones = new Map<string, string>();
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export function knownZone(server: string, site: string): string {
  return zones.get(`${server} ${site}`) ?? DEFAULT_TIME_ZONE;
}
export function learnZone(server: string, site: string, timeZone: string): void {
  zones.set(`${server} ${site}`, timeZone);
}

const todayFormats = new Map<string, Intl.DateTimeFormat>();
/** Today in the tenant's time zone, `YYYY-MM-DD`: the server counts days there, not in the browser's zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
  let format = todayFormats.get(timeZone);
  if (!format) {
    try {
      // en-CA writes dates as YYYY-MM-DD
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    todayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** `YYYY-MM-DD` moved by `days` (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const isDay = (text: string | null | undefined): text is string => !!text && /^\d{4}-\d{2}-\d{2}$/.test(text);
/** a day that exists (2027-02-30 does not: the server says so, the chart must not compute with it) */
const isRealDay = (text: string): boolean => {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
};

/**
 * The days of a period in the tenant's time zone: "last 7 days" is today and the 6 before it.
 * `custom` is the page's `from`/`to` (either may be open). The chart shows days up to 92 of them,
 * weeks beyond; an open start shows the last 260 weeks, later trimmed to the first with reading.
 */
export function rangeOf(period: Period, timeZone: string, custom: { from: string | null; to: string | null }): { range: DayRange; series: SeriesRange } {
  const today = todayIn(timeZone);
  if (period === '7' || period === '30' || period === '90') {
    const from = addDays(today, -(Number(period) - 1));
    return { range: { from, to: today }, series: { interval: 'day', from, to: today, trim: false } };
  }
  const range: DayRange = {};
  if (period === 'custom' && isDay(custom.from)) range.from = custom.from;
  if (period === 'custom' && isDay(custom.to)) range.to = custom.to;
  if ((range.from && !isRealDay(range.from)) || (range.to && !isRealDay(range.to))) {
    // asked as given, so that the server's answer says what is wrong with it
    return { range, series: { interval: 'day', from: range.from ?? range.to!, to: range.to ?? range.from!, trim: false } };
  }
  const to = range.to ?? (range.from && range.from > today ? range.from : today);
  if (range.from) {
    const span = daysBetween(range.from, to) + 1;
    if (span <= DAILY_UP_TO) return { range, series: { interval: 'day', from: range.from, to, trim: false } };
    const earliest = addDays(to, -7 * (MAX_WEEKS - 1));
    return { range, series: { interval: 'week', from: range.from < earliest ? earliest : range.from, to, trim: false } };
  }
  return { range, series: { interval: 'week', from: addDays(to, -7 * (MAX_WEEKS - 1)), to, trim: true } };
}

/** Points before the first period with any views are dropped, keeping at least `keep` points. */
export function trimLeading(points: readonly SeriesPoint[], keep = 12): SeriesPoint[] {
  const first = points.findIndex((p) => p.views > 0 || p.activeMs > 0);
  const start = first < 0 ? points.length - keep : Math.min(first, points.length - keep);
  return points.slice(Math.max(0, start));
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** A calendar day (`YYYY-MM-DD`) in the reader's language: the day itself, whatever the browser's zone. */
export function formatDay(lang: Lang, day: string, short = false): string {
  const key = `${lang}${short}`;
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, short ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { dateStyle: 'medium', timeZone: 'UTC' });
    dayFormats.set(key, format);
  }
  const time = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(time) ? '' : format.format(time);
}

/** The picker's words for a custom range: "Mar 1, 2027 – Mar 15, 2027", "Since …", "Until …". */
export function customLabel(lang: Lang, words: TrendWords, from: string | null, to: string | null): string {
  if (isDay(from) && isDay(to)) return fill(words.between, { from: formatDay(lang, from), to: formatDay(lang, to) });
  if (isDay(from)) return fill(words.since, { from: formatDay(lang, from) });
  if (isDay(to)) return fill(words.until, { to: formatDay(lang, to) });
  return words.periods.all;
}

/**
 * The period as a group of radio buttons, shaped as a segmented control: Tab reaches the group,
 * arrow keys move (and choose, as radios do), the chosen one shows.
 */
export function periodPicker(options: {
  lang: Lang;
  words: TrendWords;
  value: Period;
  /** the page's own range, offered as a fifth choice when it set one */
  custom: { from: string | null; to: string | null } | null;
  onChange: (period: Period) => void;
}): TemplateResult {
  const { lang, words, value, custom, onChange } = options;
  const choices: Array<[Period, string]> = PERIODS.map((p) => [p, words.periods[p as '7']]);
  if (custom) choices.push(['custom', customLabel(lang, words, custom.from, custom.to)]);
  return html`<fieldset class="period" part="period">
    <legend class="visually-hidden">${words.period}</legend>
    ${choices.map(
      ([period, label]) => html`<label class=${period === value ? 'chosen' : ''}
        ><input
          class="visually-hidden"
          type="radio"
          name="period"
          value=${period}
          .checked=${period === value}
          @change=${() => onChange(period)}
        />${label}</label
      >`,
    )}
  </fieldset>`;
}

/** One line of the chart: a metric over the periods. */
export interface ChartSeries {
  label: string;
  values: readonly number[];
  format: (value: number) => string;
  /** a total over the periods means something (views, time); distinct readers do not add up */
  additive: boolean;
}

/**
 * A chart of one or more metrics over time, one row of bars per metric on a shared time axis
 * (small multiples read better than two scales on one plot). For assistive technology the
 * drawing is one image whose label sums it up, and the numbers are a table behind a disclosure
 * that anyone can open.
 */
export function trendChart(options: {
  lang: Lang;
  words: TrendWords;
  title: string;
  interval: SeriesInterval;
  points: readonly SeriesPoint[];
  series: readonly ChartSeries[];
}): TemplateResult {
  const { lang, words, title, interval, points, series } = options;
  const count = points.length;
  const dayLabel = (at: string, short = false) => (interval === 'week' ? fill(words.weekOf, { day: formatDay(lang, at, short) }) : formatDay(lang, at, short));
  const summaries = series.map((s) => {
    let peak = 0;
    let total = 0;
    s.values.forEach((v, i) => {
      total += v;
      if (v > (s.values[peak] ?? 0)) peak = i;
    });
    const day = points[peak] ? dayLabel(points[peak]!.at) : '';
    return fill(s.additive ? words.inAll : words.mostOn, { label: s.label, total: s.format(total), day, peak: s.format(s.values[peak] ?? 0) });
  });
  const first = points[0]?.at ?? '';
  const last = points.at(-1)?.at ?? '';
  const label = `${fill(words.chartSummary, { title, from: formatDay(lang, first), to: formatDay(lang, last) })} ${summaries.join(' ')}`;
  return html`<figure class="chart" part="chart">
    <div class="plot" role="img" aria-label=${label}>
      ${series.map((s, row) => {
        const max = Math.max(0, ...s.values);
        return html`<div class="chart-label"><span class="swatch series-${row + 1}"></span>${s.label}</div>
          <svg class="series-${row + 1}" viewBox="0 0 ${Math.max(1, count)} 100" preserveAspectRatio="none" aria-hidden="true">
            <line class="baseline" x1="0" x2=${Math.max(1, count)} y1="100" y2="100"></line>
            ${s.values.map((v, i) => {
              if (!(v > 0) || !(max > 0)) return nothing;
              // at least 2 % high, so that one short view still shows
              const height = Math.max(2, (v / max) * 96);
              return svg`<rect x=${i + 0.12} width="0.76" y=${100 - height} height=${height}><title>${dayLabel(points[i]!.at)}: ${s.format(v)}</title></rect>`;
            })}
          </svg>
          <div class="chart-max muted">${s.format(max)}</div>`;
      })}
      <div class="chart-axis muted" aria-hidden="true">
        <span>${first ? dayLabel(first, true) : ''}</span><span>${last && last !== first ? dayLabel(last, true) : ''}</span>
      </div>
    </div>
    <details>
      <summary>${words.showNumbers}</summary>
      <div class="chart-table" tabindex="0" role="region" aria-label=${title}>
        <table part="table">
          <thead>
            <tr>
              <th scope="col">${words.date}</th>
              ${series.map((s) => html`<th scope="col" class="number">${s.label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${points.map(
              (p, i) => html`<tr>
                <th scope="row">${dayLabel(p.at)}</th>
                ${series.map((s) => html`<td class="number">${s.format(s.values[i] ?? 0)}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </figure>`;
}

/**
 * The statistics elements' shared look: the picker, the chart (series colours
 * `--dg-color-series-1` … `-3`), and tables with sortable headers.
 */
export const statsStyles = css`
  h2 .path {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.85em;
    font-weight: normal;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  section + section {
    margin-top: calc(var(--_space) * 3);
  }
  .scroll {
    max-height: 28rem;
    overflow: auto;
  }
  table[aria-busy='true'] tbody {
    opacity: 0.5;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--_bg);
  }
  tbody th[scope='row'] {
    font-weight: normal;
    color: inherit;
  }
  button.sort {
    border: none;
    background: none;
    padding: 0;
    min-height: 0;
    font-weight: 600;
    color: inherit;
    text-align: inherit;
    display: inline-flex;
    gap: 0.25em;
    align-items: baseline;
  }
  th[aria-sort] button.sort {
    color: var(--_text);
  }
  .arrow {
    font-size: 0.75em;
    min-width: 1em;
  }
  :host {
    --_series-1: var(--dg-color-series-1, var(--_accent));
    --_series-2: var(--dg-color-series-2, #bc4c00);
    --_series-3: var(--dg-color-series-3, #8250df);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_series-2: var(--dg-color-series-2, #f0883e);
      --_series-3: var(--dg-color-series-3, #ab7df8);
    }
  }
  .period {
    display: inline-flex;
    flex-wrap: wrap;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0;
    margin: 0 0 calc(var(--_space) * 2);
    overflow: hidden;
  }
  .period label {
    position: relative;
    cursor: pointer;
    padding: calc(var(--_space) / 2) calc(var(--_space) * 1.5);
    background: var(--_bg);
  }
  .period label + label {
    border-inline-start: 1px solid var(--_border);
  }
  .period label.chosen {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .period label:has(:focus-visible) {
    outline: 2px solid var(--_focus);
    outline-offset: -4px;
  }
  .period label.chosen:has(:focus-visible) {
    outline-color: var(--_on-accent);
  }
  .chart {
    margin: 0;
  }
  /* one row per metric: its name, its bars, its highest value; the time axis under the bars */
  .plot {
    display: grid;
    grid-template-columns: max-content 1fr max-content;
    gap: var(--_space);
    align-items: end;
  }
  .chart-label {
    display: flex;
    gap: calc(var(--_space) / 2);
    align-items: center;
    align-self: center;
  }
  .swatch {
    display: inline-block;
    width: 0.75em;
    height: 0.75em;
    border-radius: 2px;
  }
  .plot svg {
    width: 100%;
    height: 4.5rem;
    display: block;
  }
  .series-1 {
    fill: var(--_series-1);
    background: var(--_series-1);
  }
  .series-2 {
    fill: var(--_series-2);
    background: var(--_series-2);
  }
  .series-3 {
    fill: var(--_series-3);
    background: var(--_series-3);
  }
  svg.series-1,
  svg.series-2,
  svg.series-3 {
    background: none;
  }
  .baseline {
    stroke: var(--_border);
    stroke-width: 1;
    vector-effect: non-scaling-stroke;
  }
  .chart-max {
    font-size: 0.85em;
    align-self: start;
    font-variant-numeric: tabular-nums;
  }
  .chart-axis {
    display: flex;
    justify-content: space-between;
    font-size: 0.85em;
    grid-column: 2;
    margin-top: calc(var(--_space) / -2);
  }
  details {
    margin-top: var(--_space);
  }
  summary {
    cursor: pointer;
    color: var(--_accent);
    width: max-content;
  }
  .chart-table {
    max-height: 20rem;
    overflow: auto;
    margin-top: var(--_space);
  }
`;
