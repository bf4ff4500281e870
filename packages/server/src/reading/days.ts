/**
 * Calendar days in a tenant's time zone, as integers: the number of days from 1970-01-01 to the
 * local date (so 2027-03-31 is the same number in every zone, and a range of days is a range of
 * integers on both databases). Statistics count a segment on the local day it started.
 */

const MS_PER_DAY = 86_400_000;
// Local dates change at most at a transition or at midnight, both on a quarter hour of UTC in
// today's time zone data: all instants of a 15-minute slot whose two ends fall on the same
// local day are on that day.
const SLOT_MS = 15 * 60_000;
const formatters = new Map<string, { format: Intl.DateTimeFormat; slots: Map<number, number> }>();

function zone(timeZone: string) {
  let known = formatters.get(timeZone);
  if (!known) {
    // en-CA writes dates as YYYY-MM-DD
    known = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), slots: new Map() };
    formatters.set(timeZone, known);
  }
  return known;
}

function exactDay(format: Intl.DateTimeFormat, ms: number): number {
  return parseIsoDate(format.format(ms))!;
}

/** The local day (see above) of an instant in epoch milliseconds. */
export function dayOf(ms: number, timeZone: string): number {
  const { format, slots } = zone(timeZone);
  const slot = Math.floor(ms / SLOT_MS);
  const known = slots.get(slot);
  if (known !== undefined) return known;
  const first = exactDay(format, slot * SLOT_MS);
  const last = exactDay(format, slot * SLOT_MS + SLOT_MS - 1);
  if (first !== last) return exactDay(format, ms);
  if (slots.size >= 10_000) slots.clear();
  slots.set(slot, first);
  return first;
}

/** `YYYY-MM-DD` → its day number, or null when it is not a real date (2027-02-30). */
export function parseIsoDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

/** A day number → `YYYY-MM-DD`. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The Monday of the day's week (1970-01-01, day 0, was a Thursday). */
export function weekStart(day: number): number {
  return day - ((day + 3) % 7 + 7) % 7;
}
