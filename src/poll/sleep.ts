// Real time, in one small module so everything else can be handed a fake.
import { monotonicNow } from '../util/monotonic.js';

/** setTimeout silently fires at once beyond this. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms`, or at once (resolved, not rejected) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

export { monotonicNow };

/**
 * The real clocks, sleep and randomness the CLI and the library watch with
 * (tests inject their own): `now` is monotonic, `wall` the time of day, read
 * only to place server times and to print times.
 */
export const realClock = { now: monotonicNow, wall: Date.now, sleep, random: Math.random };
