import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dayOf, isoDate, parseIsoDate, weekStart } from './days.js';

describe('local days', () => {
  it('dayOf agrees with the calendar date Intl gives, in zones with daylight saving and odd offsets', () => {
    const zones = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 4_102_444_800_000 }), (zone, ms) => {
        const expected = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
        assert.equal(isoDate(dayOf(ms, zone)), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('puts 23:30 and 00:30 in Shanghai on their Shanghai dates, whatever the UTC date', () => {
    assert.equal(isoDate(dayOf(Date.parse('2026-03-02T23:30:00+08:00'), 'Asia/Shanghai')), '2026-03-02');
    assert.equal(isoDate(dayOf(Date.parse('2026-03-03T00:30:00+08:00'), 'Asia/Shanghai')), '2026-03-03');
    assert.equal(isoDate(dayOf(Date.parse('2026-03-03T00:30:00+08:00'), 'UTC')), '2026-03-02');
  });

  it('reads real dates only, and writes them back', () => {
    assert.equal(parseIsoDate('1970-01-01'), 0);
    assert.equal(isoDate(parseIsoDate('2028-02-29')!), '2028-02-29');
    for (const bad of ['2027-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '2026/01/01', '20260101', '']) assert.equal(parseIsoDate(bad), null, bad);
  });

  it('weeks start on Monday', () => {
    assert.equal(isoDate(weekStart(parseIsoDate('2026-03-02')!)), '2026-03-02'); // a Monday
    assert.equal(isoDate(weekStart(parseIsoDate('2026-03-08')!)), '2026-03-02'); // the Sunday after
    assert.equal(isoDate(weekStart(parseIsoDate('2026-03-09')!)), '2026-03-09');
    assert.equal(isoDate(weekStart(0)), '1969-12-29'); // 1970-01-01 was a Thursday
    assert.equal(isoDate(weekStart(-1)), '1969-12-29');
  });
});
