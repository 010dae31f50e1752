import { describe, it, expect } from 'vitest';
import { DEFAULT_MAX_RATE_LIMIT_KEYS, RateLimiter } from '../../src/simulator/rate-limit.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0, 250);

describe('RateLimiter', () => {
  it('counts down within a window, refuses past the limit, resets after it', () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 10_000 });
    const seen = [0, 1_000, 2_000, 2_500, 9_999, 10_000].map((dt) => limiter.consume('k', T0 + dt));
    expect(seen.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
      [false, 0],
      [true, 2],
    ]);
    // The window opened at T0 and closes at T0 + 10 s; Unix seconds round up.
    expect(seen[0]?.resetSec).toBe(Math.ceil((T0 + 10_000) / 1000));
    expect(seen[3]?.retryAfterSec).toBe(8);
    expect(seen[4]?.retryAfterSec).toBe(1);
    expect(seen[5]?.resetSec).toBe(Math.ceil((T0 + 20_000) / 1000));
  });

  it('keeps one window per key', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 });
    expect(limiter.consume('a', T0).allowed).toBe(true);
    expect(limiter.consume('a', T0 + 1).allowed).toBe(false);
    expect(limiter.consume('b', T0 + 2).allowed).toBe(true);
  });

  it('turns a decision into the vendor headers', () => {
    const d = new RateLimiter({ limit: 120, windowMs: 60_000 }).consume('k', T0);
    expect(RateLimiter.headers(d)).toEqual({
      'X-RateLimit-Limit': '120',
      'X-RateLimit-Remaining': '119',
      'X-RateLimit-Reset': String(Math.ceil((T0 + 60_000) / 1000)),
    });
  });

  it('forgets the least recently used key past maxKeys; back again, it gets a fresh window', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 }, 2);
    expect(limiter.consume('a', T0).allowed).toBe(true);
    expect(limiter.consume('b', T0 + 1).allowed).toBe(true);
    expect(limiter.consume('a', T0 + 2).allowed).toBe(false); // a is now the more recent
    expect(limiter.consume('c', T0 + 3).allowed).toBe(true); // evicts b
    expect(limiter.size).toBe(2);
    expect(limiter.consume('a', T0 + 4).allowed).toBe(false);
    expect(limiter.consume('b', T0 + 5)).toMatchObject({ allowed: true, resetSec: Math.ceil((T0 + 5 + 60_000) / 1000) });
  });

  it(`a flood of 50,000 made-up keys keeps it at the cap of ${DEFAULT_MAX_RATE_LIMIT_KEYS}`, () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 50_000; i++) limiter.consume(`key-${i.toString(36)}`, T0 + i);
    expect(limiter.size).toBe(DEFAULT_MAX_RATE_LIMIT_KEYS);
  });
});
