import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { todaysSlot } from './schedule.js';

describe('todaysSlot', () => {
  it("is today's HH:MM on the tenant's wall clock", () => {
    // 2026-11-22 10:00 in Shanghai (UTC+8) is 02:00 UTC.
    const now = Date.UTC(2026, 10, 22, 2, 0, 0);
    assert.equal(new Date(todaysSlot('03:00', 'Asia/Shanghai', now)).toISOString(), '2026-11-21T19:00:00.000Z');
    assert.equal(new Date(todaysSlot('23:30', 'Asia/Shanghai', now)).toISOString(), '2026-11-22T15:30:00.000Z');
    assert.equal(new Date(todaysSlot('03:00', 'UTC', now)).toISOString(), '2026-11-22T03:00:00.000Z');
  });

  it('follows the date line: just after midnight in Shanghai it is already the next day there', () => {
    const now = Date.UTC(2026, 10, 22, 16, 30, 0); // 00:30 on the 23rd in Shanghai
    assert.equal(new Date(todaysSlot('03:00', 'Asia/Shanghai', now)).toISOString(), '2026-11-22T19:00:00.000Z');
  });

  it('uses the offset of the day in zones with summer time', () => {
    const summer = Date.UTC(2026, 6, 1, 12, 0, 0);
    const winter = Date.UTC(2026, 11, 1, 12, 0, 0);
    assert.equal(new Date(todaysSlot('03:00', 'Europe/Berlin', summer)).toISOString(), '2026-07-01T01:00:00.000Z');
    assert.equal(new Date(todaysSlot('03:00', 'Europe/Berlin', winter)).toISOString(), '2026-12-01T02:00:00.000Z');
  });
});
