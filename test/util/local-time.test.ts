// Times for people: local, with their zone (docs/CONTRACT.md#time-and-quotas).
import { describe, expect, it, vi } from 'vitest';

describe('localTime', () => {
  it.each([
    ['UTC', { date: false }, '17:52 UTC'],
    ['UTC', { date: true }, '2026-12-07 17:52 UTC'],
    ['Europe/Paris', { date: false }, '18:52 GMT+1'],
    ['Asia/Kolkata', { date: true }, '2026-12-07 23:22 GMT+5:30'],
    ['America/Los_Angeles', { date: true }, '2026-12-07 09:52 PST'],
  ])('%s %j', async (zone, opts, want) => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    try {
      // A fresh module: its formatters are built once, for the zone in force.
      vi.resetModules();
      const { localTime } = await import('../../src/util/local-time.js');
      expect(localTime(Date.UTC(2026, 11, 7, 17, 52, 30), opts)).toBe(want);
    } finally {
      process.env.TZ = before;
    }
  });

  it('a time no Date can hold is said so, not thrown', async () => {
    const { localTime } = await import('../../src/util/local-time.js');
    expect(localTime(1e18)).toBe('a time past any calendar');
    expect(localTime(Number.NaN, { date: true })).toBe('a time past any calendar');
  });
});
