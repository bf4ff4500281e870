import type { Lang } from './lang.js';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) cache.set(key, (format = make()));
  return format;
}

export function formatNumber(lang: Lang, value: number): string {
  return cached(`n${lang}`, () => new Intl.NumberFormat(lang)).format(value);
}

/** 0.375 → "37.5%" */
export function formatPercent(lang: Lang, ratio: number): string {
  return cached(`p${lang}`, () => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 })).format(ratio);
}

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
] as const;

/**
 * A reading time in the two largest units that matter: "2 hr 5 min", "3 min 20 sec", "42 sec";
 * "2小时5分钟". Under a second reads as 0 seconds. Intl's unit formats, not DurationFormat, which
 * older WeCom webviews lack.
 */
export function formatDuration(lang: Lang, ms: number): string {
  const unitFormat = (unit: string, amount: number) =>
    cached(`u${lang}${unit}`, () => new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short' })).format(amount);
  const total = Math.max(0, Math.round(ms / 1000) * 1000);
  const largest = UNITS.findIndex(([, size]) => total >= size);
  if (largest < 0) return unitFormat('second', 0);
  const [unit, size] = UNITS[largest]!;
  const amount = Math.floor(total / size);
  const parts = [unitFormat(unit, amount)];
  const next = UNITS[largest + 1];
  if (next) {
    const smaller = Math.floor((total - amount * size) / next[1]);
    if (smaller > 0) parts.push(unitFormat(next[0], smaller));
  }
  return parts.join(lang === 'zh-CN' ? '' : ' ');
}

/** A date (and time) in the reader's language; accepts ISO text or epoch milliseconds. */
export function formatDate(lang: Lang, value: string | number, withTime = false): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return cached(`d${lang}${withTime}`, () =>
    new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }),
  ).format(date);
}
