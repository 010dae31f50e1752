import { describe, expect, it } from 'vitest';
import { burstCap, earliestSend, newBudget, recordInfo, recordSend, recordThrottle } from '../../src/poll/budget.js';

describe('budget', () => {
  it('no information: send now', () => {
    expect(earliestSend(newBudget(), 1000, () => 99)).toBe(1000);
  });

  it('enough budget for the demand: no spacing', () => {
    const b = newBudget();
    recordInfo(b, { remaining: 50, resetAt: 61_000 }, 0, 1000);
    recordSend(b, 1000);
    expect(earliestSend(b, 1000, () => 40)).toBe(1000);
  });

  it('not enough: spread what is left over the rest of the window', () => {
    const b = newBudget();
    recordInfo(b, { remaining: 10, resetAt: 11_000 }, 0, 1000);
    recordSend(b, 1000); // 9 left, 10 s to go → one every 1.111 s
    expect(earliestSend(b, 1000, () => 30)).toBeCloseTo(1000 + 10_000 / 9, 5);
  });

  it('nothing left: wait for the reset', () => {
    const b = newBudget();
    recordInfo(b, { remaining: 0, resetAt: 5000 }, 0, 1000);
    expect(earliestSend(b, 1000, () => 1)).toBe(5250);
  });

  it('requests in flight spend from the count an answer reports', () => {
    const b = newBudget();
    recordInfo(b, { remaining: 3, resetAt: 10_000 }, 3, 1000);
    expect(earliestSend(b, 1000, () => 1)).toBe(10_250);
  });

  it('out-of-order answers in one window keep the lowest count', () => {
    const b = newBudget();
    recordInfo(b, { remaining: 5, resetAt: 10_000 }, 0, 1000);
    recordInfo(b, { remaining: 8, resetAt: 10_000 }, 0, 1001);
    expect(b.remaining).toBe(5);
    recordInfo(b, { remaining: 60, resetAt: 70_000 }, 0, 11_000); // a new window
    expect(b.remaining).toBe(60);
  });

  it('a 429 pauses everyone until the later of Reset and Retry-After', () => {
    const b = newBudget();
    recordThrottle(b, { resetAt: 4000, retryAt: 9000 }, 1000, 5000);
    expect(earliestSend(b, 1000, () => 1)).toBe(9000);
    const c = newBudget();
    recordThrottle(c, {}, 1000, 5000); // no headers: the fallback
    expect(earliestSend(c, 1000, () => 1)).toBe(6000);
  });

  it('after a window rolls over, bursts are capped at the limit', () => {
    const b = newBudget();
    recordInfo(b, { limit: 4, remaining: 2, resetAt: 2000 }, 0, 1000);
    expect(burstCap(b, 1500, 16)).toBe(16); // window open: spacing governs
    expect(burstCap(b, 2500, 16)).toBe(4);
    expect(burstCap(newBudget(), 0, 16)).toBe(16);
  });
});
