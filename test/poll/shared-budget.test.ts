// Two loops on one key share one rate-limit budget: on a fake clock that
// several sleepers share, against a server that counts requests per window.
import { describe, expect, it } from 'vitest';
import { type FetchResult, type FetchStatus } from '../../src/api/client.js';
import { BudgetRegistry, newSharedBudget, type SharedBudget } from '../../src/poll/shared-budget.js';
import { watchUploads, type WatchDeps } from '../../src/poll/watcher.js';
import { sharedClock } from '../helpers/fake-time.js';

/** A server allowing `limit` requests per `windowMs`; every ID is processing until `doneAt`. */
function limitedServer(clock: { now: () => number }, limit: number, windowMs: number, doneAt: number) {
  const stats = { requests: 0, throttled: 0 };
  const fetchStatus: FetchStatus = async (upload) => {
    const at = clock.now();
    const windowStart = Math.floor(at / windowMs) * windowMs;
    const resetAt = windowStart + windowMs;
    const used = (stats as { used?: Map<number, number> }).used ?? new Map<number, number>();
    (stats as { used?: Map<number, number> }).used = used;
    const n = (used.get(windowStart) ?? 0) + 1;
    used.set(windowStart, n);
    stats.requests += 1;
    if (n > limit) {
      stats.throttled += 1;
      return { kind: 'throttled', http: 429, rate: { limit, remaining: 0, resetAt } };
    }
    const status = at >= doneAt ? 'completed' : 'processing';
    const results = status === 'completed' ? [{ platform: 'x', success: true, status: 'completed' }] : [];
    const b = { request_id: upload.id, status, completed: results.length, total: 1, results };
    const r: FetchResult = { kind: 'body', body: b as never, raw: JSON.stringify(b), http: 200, rate: { limit, remaining: limit - n, resetAt } };
    return r;
  };
  return { fetchStatus, stats };
}

async function twoWatches(budgets: [SharedBudget | undefined, SharedBudget | undefined]) {
  const clock = sharedClock();
  const server = limitedServer(clock, 10, 10_000, clock.start + 60_000);
  const deps = (budget: SharedBudget | undefined): WatchDeps => ({ fetchStatus: server.fetchStatus, now: clock.now, wall: clock.now, sleep: clock.sleep, random: () => 0.5, ...(budget ? { budget } : {}) });
  const ids = (prefix: string) => Array.from({ length: 6 }, (_, i) => ({ kind: 'request' as const, id: `${prefix}${i}` }));
  const both = Promise.all([
    watchUploads(ids('a'), { watch: true, timeoutMs: 10 * 60_000 }, deps(budgets[0])),
    watchUploads(ids('b'), { watch: true, timeoutMs: 10 * 60_000 }, deps(budgets[1])),
  ]);
  const [a, b] = await clock.drive(both);
  return { outcomes: [...a, ...b], stats: server.stats };
}

describe('a budget shared by two loops', () => {
  it('two concurrent watches on one budget: no 429 under a tight limit, every ID completed', async () => {
    const shared = newSharedBudget();
    const { outcomes, stats } = await twoWatches([shared, shared]);
    expect(outcomes.map((o) => o.kind)).toEqual(Array(12).fill('completed'));
    expect(stats.throttled).toBe(0);
    expect(shared.inFlight).toBe(0);
    expect(shared.demands.size).toBe(0);
  });

  it('the same two watches, each on its own budget, run into 429s (why the budget is shared)', async () => {
    const { outcomes, stats } = await twoWatches([undefined, undefined]);
    expect(outcomes.map((o) => o.kind)).toEqual(Array(12).fill('completed'));
    expect(stats.throttled).toBeGreaterThan(0);
  });
});

describe('BudgetRegistry', () => {
  it('one budget per key and base URL', () => {
    const r = new BudgetRegistry();
    const a = r.acquire('key-1', 'https://api.example/api', 0);
    const b = r.acquire('key-1', 'https://api.example/api', 0);
    const c = r.acquire('key-2', 'https://api.example/api', 0);
    const d = r.acquire('key-1', 'http://127.0.0.1:4010/api', 0);
    expect(a.budget).toBe(b.budget);
    expect(c.budget).not.toBe(a.budget);
    expect(d.budget).not.toBe(a.budget);
  });

  it('an idle budget is kept while its window or 429 pause holds, then forgotten', () => {
    const r = new BudgetRegistry();
    const a = r.acquire('k', 'u', 0);
    a.budget.state.pausedUntil = 5_000;
    a.release();
    a.release(); // twice is once
    expect(r.acquire('k', 'u', 1_000).budget).toBe(a.budget);
    const again = r.acquire('k', 'u', 1_000);
    again.release();
    expect(r.size).toBe(1);
    // Still leased once (the acquire at 1_000 above was never released).
    expect(r.acquire('x', 'u', 10_000).budget).not.toBe(a.budget);
    expect(r.size).toBe(2);
  });

  it('a budget no loop uses and that remembers nothing is dropped', () => {
    const r = new BudgetRegistry();
    r.acquire('k', 'u', 0).release();
    r.acquire('other', 'u', 1).release();
    expect(r.size).toBe(1);
  });

  it('idle budgets are capped; ones in use are never dropped', () => {
    const r = new BudgetRegistry();
    const inUse = r.acquire('in-use', 'u', 0);
    inUse.budget.state.pausedUntil = 1e12;
    for (let i = 0; i < 200; i++) {
      const l = r.acquire(`k${i}`, 'u', 0);
      l.budget.state.pausedUntil = 1e12;
      l.release();
    }
    expect(r.size).toBeLessThanOrEqual(66);
    expect(r.acquire('in-use', 'u', 0).budget).toBe(inUse.budget);
  });
});
