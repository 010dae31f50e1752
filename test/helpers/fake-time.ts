// Injected clocks for the watcher: sleep advances them instead of waiting.
// `now` is the monotonic clock; the wall clock is it plus `wallStep`, which a
// test may change mid-run (NTP stepping the time of day: the monotonic clock
// does not move).
// The sleep yields one macrotask first, so answers already due are handled
// before time moves on (and a sleep cut short by an answer moves nothing).
import { type FetchResult, type FetchStatus } from '../../src/api/client.js';
import { type UploadId } from '../../src/api/types.js';
import { type WatchDeps } from '../../src/poll/watcher.js';

export interface FakeTime {
  deps: WatchDeps;
  clock: { now: number; wallStep: number };
  /** [ms since start, id] for every request sent. */
  calls: { at: number; id: string }[];
  sleeps: number[];
}

export type Script = (upload: UploadId, n: number, now: number, signal?: AbortSignal) => FetchResult | Promise<FetchResult>;

export function fakeTime(script: Script, opts: { start?: number; random?: () => number; latencyMs?: number } = {}): FakeTime {
  const start = opts.start ?? 1_000_000;
  const clock = { now: start, wallStep: 0 };
  const calls: { at: number; id: string }[] = [];
  const sleeps: number[] = [];
  const counts = new Map<string, number>();
  const fetchStatus: FetchStatus = async (upload, signal) => {
    const n = (counts.get(upload.id) ?? 0) + 1;
    counts.set(upload.id, n);
    calls.push({ at: clock.now - start, id: upload.id });
    const r = await script(upload, n, clock.now, signal);
    if (opts.latencyMs) clock.now += opts.latencyMs;
    return r;
  };
  const deps: WatchDeps = {
    fetchStatus,
    now: () => clock.now,
    wall: () => clock.now + clock.wallStep,
    random: opts.random ?? (() => 0.5),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        setImmediate(() => {
          if (!signal.aborted) {
            sleeps.push(ms);
            clock.now += ms;
          }
          resolve();
        });
      }),
  };
  return { deps, clock, calls, sleeps };
}

export function body(id: string, status: string, results: object[] = [], extra: object = {}): FetchResult {
  const b = { request_id: id, status, completed: 0, total: results.length || null, results, ...extra };
  return { kind: 'body', body: b as never, raw: JSON.stringify(b), http: status === 'not_found' ? 404 : 200, rate: {} };
}

/** A request that never answers until aborted (a hung socket). */
export function hang(signal?: AbortSignal): Promise<FetchResult> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
}

/**
 * A fixed-window rate limiter on the fake clock, like the simulator's: `take(now)`
 * spends one request and says what the headers would, or `throttled` when the window is spent.
 */
export function fixedWindow(limit: number, windowMs: number, start = 1_000_000) {
  let windowStart = start;
  let used = 0;
  return {
    take(now: number): { throttled: boolean; rate: { limit: number; remaining: number; resetAt: number } } {
      if (now >= windowStart + windowMs) {
        windowStart += Math.floor((now - windowStart) / windowMs) * windowMs;
        used = 0;
      }
      const rate = { limit, remaining: Math.max(0, limit - used - 1), resetAt: windowStart + windowMs };
      if (used >= limit) return { throttled: true, rate: { ...rate, remaining: 0 } };
      used += 1;
      return { throttled: false, rate };
    },
  };
}

/** A clock many loops sleep on: time moves to the earliest wake-up once every loop is waiting. */
export function sharedClock(start = 1_000_000) {
  let now = start;
  const timers: { at: number; wake: () => void }[] = [];
  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = { at: now + Math.max(0, ms), wake: resolve };
      timers.push(timer);
      signal.addEventListener('abort', () => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
        resolve();
      }, { once: true });
    });
  /** Runs until `done` settles: let every loop reach its wait, then fire the earliest timer. */
  async function drive<T>(done: Promise<T>): Promise<T> {
    let over = false;
    void done.finally(() => (over = true));
    for (let turns = 0; !over; turns++) {
      if (turns > 100_000) throw new Error('the loops never finished');
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      if (over) break;
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) continue;
      now = Math.max(now, next.at);
      next.wake();
    }
    return done;
  }
  return { now: () => now, sleep, drive, start };
}
