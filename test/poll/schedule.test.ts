import { describe, expect, it } from 'vitest';
import { backoffMs, cacheTtlMs, jittered, nextDelayMs, paceOf } from '../../src/poll/schedule.js';

describe('paceOf', () => {
  it.each([
    ['pending', false, 'pending'],
    ['queued', false, 'pending'],
    ['processing', false, 'processing'],
    ['in_progress', false, 'processing'],
    ['pending', true, 'processing'], // any platform retryable → 10 s
    ['completed', false, 'final'],
    ['failed', true, 'final'],
    ['not_found', false, 'final'],
    ['something_new', false, 'pending'], // unknown: cautious, not final
  ] as const)('%s (retryable=%s) → %s', (status, retryable, pace) => {
    expect(paceOf(status, retryable)).toBe(pace);
  });
});

describe('cacheTtlMs', () => {
  it.each([
    ['pending', 2000],
    ['queued', 2000],
    ['processing', 3000],
    ['in_progress', 3000],
    ['completed', 300000],
    ['failed', 300000],
    [undefined, 2000],
  ])('%s → %d', (status, ttl) => expect(cacheTtlMs(status)).toBe(ttl));
});

describe('nextDelayMs', () => {
  it('pending grows 5 s → 10 s while nothing changes, then holds', () => {
    const seq = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => nextDelayMs('pending', n));
    expect(seq).toEqual([5000, 6000, 7000, 8000, 9000, 10000, 10000, 10000]);
  });
  it('processing is 10 s whatever the count', () => {
    expect([0, 1, 9].map((n) => nextDelayMs('processing', n))).toEqual([10000, 10000, 10000]);
  });
  it('--interval replaces the table', () => {
    expect(nextDelayMs('pending', 3, 4000)).toBe(4000);
    expect(nextDelayMs('processing', 0, 2500)).toBe(2500);
  });
});

describe('jittered', () => {
  it.each([
    [10000, 2000, 0, 9000],
    [10000, 2000, 0.5, 10000],
    [10000, 2000, 0.9999999, 11000],
    [2000, 2000, 0, 2000], // never below the TTL floor
    [2500, 3000, 0.5, 3000],
  ])('centre %d floor %d random %d → %d', (centre, floor, r, out) => {
    expect(jittered(centre, floor, r)).toBe(out);
  });
});

describe('backoffMs (full jitter, floored at the TTL)', () => {
  it.each([
    [1, 2000, 0.99, 2000], // ceiling 2 s
    [2, 2000, 0.99, 3960],
    [3, 2000, 0.5, 4000],
    [4, 2000, 0.5, 8000],
    [9, 2000, 0.999, 29970], // capped at 30 s
    [3, 3000, 0, 3000],
  ])('failure %d floor %d random %d → %d', (n, floor, r, out) => {
    expect(backoffMs(n, floor, r)).toBe(out);
  });
});
