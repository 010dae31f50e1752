// Per-API-key fixed-window rate limiting, reported the way the vendor does
// (docs/API.md#rate-limits): X-RateLimit-Limit / -Remaining /
// -Reset (Unix seconds). Each key's window opens at its first request.
import { LruMap } from './lru.js';

export interface RateLimitConfig {
  readonly limit: number;
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 120, windowMs: 60_000 };

/** Keys are the client's to choose, so how many are remembered has a ceiling. */
export const DEFAULT_MAX_RATE_LIMIT_KEYS = 10_000;

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds, rounded up so a client waiting until then is never early. */
  readonly resetSec: number;
  /** Whole seconds until the window ends, at least 1. */
  readonly retryAfterSec: number;
}

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  // Past the cap the least recently used key is forgotten, and comes back with
  // a fresh window. Tests and benchmarks use a handful of keys; only a flood of
  // made-up ones (possible without --api-key) reaches the cap.
  private readonly windows: LruMap<string, Window>;

  constructor(
    private readonly config: RateLimitConfig = DEFAULT_RATE_LIMIT,
    maxKeys = DEFAULT_MAX_RATE_LIMIT_KEYS,
  ) {
    this.windows = new LruMap(maxKeys);
  }

  /** Keys remembered now. */
  get size(): number {
    return this.windows.size;
  }

  /** Counts one request by `key` at server time `now` (epoch ms). */
  consume(key: string, now: number): RateDecision {
    const { limit, windowMs } = this.config;
    let w = this.windows.get(key);
    if (w === undefined || now >= w.start + windowMs || now < w.start) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    const end = w.start + windowMs;
    return {
      allowed: w.count <= limit,
      limit,
      remaining: Math.max(0, limit - w.count),
      resetSec: Math.ceil(end / 1000),
      retryAfterSec: Math.max(1, Math.ceil((end - now) / 1000)),
    };
  }

  /** The headers of a decision, for any authenticated response. */
  static headers(d: RateDecision): Record<string, string> {
    return {
      'X-RateLimit-Limit': String(d.limit),
      'X-RateLimit-Remaining': String(d.remaining),
      'X-RateLimit-Reset': String(d.resetSec),
    };
  }
}
