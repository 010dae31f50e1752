// IDs that arrive while the loop runs (a streamed --ids-from, the library's
// AsyncIterable), on a fake clock that owns time: sleeps and arrivals are
// events, fired in time order once the loop has nothing else to do.
import { describe, expect, it } from 'vitest';
import { type FetchResult } from '../../src/api/client.js';
import { type UploadId } from '../../src/api/types.js';
import { type Outcome } from '../../src/poll/outcome.js';
import { watchUploads, type WatchEvents, type WatchOptions } from '../../src/poll/watcher.js';
import { body, fakeTime, type Script } from '../helpers/fake-time.js';

const START = 1_000_000;
const ok = [{ platform: 'x', success: true, status: 'completed' }];

/** A source the driver pushes into. */
function pushSource() {
  const items: UploadId[] = [];
  let ended = false;
  let wake: () => void = () => {};
  async function* gen(): AsyncGenerator<UploadId> {
    for (;;) {
      if (items.length > 0) yield items.shift()!;
      else if (ended) return;
      else await new Promise<void>((r) => (wake = r));
    }
  }
  return {
    source: gen(),
    push: (u: UploadId) => (items.push(u), wake()),
    end: () => ((ended = true), wake()),
  };
}

const turns = async (n = 8) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

interface Run {
  outcomes: Outcome[];
  /** [ms since start, id] of every request. */
  calls: { at: number; id: string }[];
  /** When the watch returned, ms since start. */
  endedAt: number;
  events: string[];
}

/**
 * Runs a watch whose IDs arrive at `arrivals[i].at` (ms from the start) and
 * whose input ends at `inputEndsAt` (never, if undefined).
 */
async function run(script: Script, arrivals: { at: number; id: string }[], inputEndsAt: number | undefined, opts: Partial<WatchOptions> = {}, signal?: AbortSignal): Promise<Run> {
  const t = fakeTime(script, { start: START });
  const timers = new Set<{ at: number; fire: () => void }>();
  t.deps.sleep = (ms, s) =>
    new Promise<void>((resolve) => {
      const timer = { at: t.clock.now + ms, fire: resolve };
      timers.add(timer);
      s.addEventListener('abort', () => (timers.delete(timer), resolve()), { once: true });
    });
  const input = pushSource();
  const events: string[] = [];
  const on: WatchEvents = {
    onArrival: (u) => events.push(`arrive ${u.id} @${t.clock.now - START}`),
    onInputEnd: () => events.push(`input end @${t.clock.now - START}`),
  };
  let over = false;
  const watching = watchUploads(input.source, { watch: true, ...opts }, t.deps, on, signal).finally(() => (over = true));
  const pending = [...arrivals];
  let inputOpen = true;
  for (let guard = 0; guard < 10_000; guard++) {
    await turns();
    if (over) break;
    const timer = [...timers].sort((a, b) => a.at - b.at)[0];
    // Absolute times; an arrival first, then the input's end, then a timer, when they tie.
    const arrival = pending[0] ? START + pending[0].at : undefined;
    const end = inputOpen && inputEndsAt !== undefined ? START + inputEndsAt : undefined;
    const next = [arrival, end, timer?.at].filter((x): x is number => x !== undefined);
    if (next.length === 0) throw new Error('the watch waits for nothing');
    const at = Math.min(...next);
    t.clock.now = Math.max(t.clock.now, at);
    if (arrival === at) input.push({ kind: 'request', id: pending.shift()!.id });
    else if (end === at) (input.end(), (inputOpen = false));
    else if (timer) (timers.delete(timer), timer.fire());
  }
  const outcomes = await watching;
  return { outcomes, calls: t.calls, endedAt: t.clock.now - START, events };
}

/** pending at the first request, completed from the second on. */
const twoStep: Script = (u, n) => (n === 1 ? body(u.id, 'pending') : body(u.id, 'completed', ok));

describe('IDs that arrive while the loop runs', () => {
  it('each ID is asked at once when it arrives, then at its own pace; outcomes in arrival order', async () => {
    const r = await run(twoStep, [{ at: 0, id: 'a' }, { at: 3_000, id: 'b' }, { at: 7_500, id: 'c' }], 20_000);
    const times = (id: string) => r.calls.filter((c) => c.id === id).map((c) => c.at);
    expect(times('a')).toEqual([0, 5_000]);
    expect(times('b')).toEqual([3_000, 8_000]);
    expect(times('c')).toEqual([7_500, 12_500]);
    expect(r.outcomes.map((o) => `${o.upload.id} ${o.kind}`)).toEqual(['a completed', 'b completed', 'c completed']);
    expect(r.events).toEqual(['arrive a @0', 'arrive b @3000', 'arrive c @7500', 'input end @20000']);
  });

  it('every ID final is not the end while the input is open: the watch ends when the input does', async () => {
    const r = await run(twoStep, [{ at: 0, id: 'a' }], 30_000);
    expect(r.outcomes.map((o) => o.kind)).toEqual(['completed']);
    expect(r.endedAt).toBe(30_000);
  });

  it('an input that ends before its IDs are final: the watch goes on until they are', async () => {
    const r = await run(twoStep, [{ at: 0, id: 'a' }, { at: 1_000, id: 'b' }], 1_500);
    expect(r.outcomes.map((o) => o.kind)).toEqual(['completed', 'completed']);
    expect(r.endedAt).toBe(6_000);
  });

  it('an input that never ends: --timeout, counted from the start, ends the watch', async () => {
    const r = await run(twoStep, [{ at: 0, id: 'a' }, { at: 50_000, id: 'late' }], undefined, { timeoutMs: 40_000 });
    expect(r.outcomes.map((o) => `${o.upload.id} ${o.kind}`)).toEqual(['a completed']);
    expect(r.endedAt).toBe(40_000);
  });

  it('the budget is shared with IDs already in flight: a late ID waits for the window the first one emptied', async () => {
    const script: Script = (u, n) => {
      const r = u.id === 'a' && n === 1 ? body(u.id, 'pending') : body(u.id, 'completed', ok);
      return { ...r, rate: { limit: 1, remaining: 0, resetAt: START + 10_000 } } as FetchResult;
    };
    const r = await run(script, [{ at: 0, id: 'a' }, { at: 1_000, id: 'b' }], 2_000);
    const first = (id: string) => r.calls.find((c) => c.id === id)!.at;
    expect(first('a')).toBe(0);
    // Alone, b would go at 1 s; the window a used up resets at 10 s.
    expect(first('b')).toBeGreaterThanOrEqual(10_000);
    expect(r.outcomes.every((o) => o.kind === 'completed')).toBe(true);
  });

  it('slow start holds across arrivals: until one answer shows the rate limit, one request at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const script: Script = async (u) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await turns(2);
      inFlight -= 1;
      return body(u.id, 'completed', ok);
    };
    const r = await run(script, [{ at: 0, id: 'a' }, { at: 0, id: 'b' }, { at: 0, id: 'c' }], 1_000);
    expect(peak).toBe(1);
    expect(r.outcomes).toHaveLength(3);
  });

  it('a duplicate that arrives later is watched once and announced once', async () => {
    const r = await run(twoStep, [{ at: 0, id: 'a' }, { at: 2_000, id: 'a' }], 3_000);
    expect(r.outcomes).toHaveLength(1);
    expect(r.events.filter((e) => e.startsWith('arrive'))).toEqual(['arrive a @0']);
    expect(r.calls.map((c) => c.at)).toEqual([0, 5_000]);
  });

  it('an abort while the input is open ends every ID read so far as interrupted', async () => {
    const abort = new AbortController();
    const script: Script = (u, n) => {
      if (u.id === 'b' && n === 1) setImmediate(() => abort.abort());
      return body(u.id, 'processing');
    };
    const r = await run(script, [{ at: 0, id: 'a' }, { at: 4_000, id: 'b' }], undefined, {}, abort.signal);
    expect(r.outcomes.map((o) => `${o.upload.id} ${o.kind}`)).toEqual(['a interrupted', 'b interrupted']);
  });

  it('what the source throws stops the watch and rejects with it', async () => {
    const t = fakeTime(twoStep);
    async function* broken(): AsyncGenerator<UploadId> {
      yield { kind: 'request', id: 'a' };
      throw new Error('bad input');
    }
    await expect(watchUploads(broken(), { watch: true }, t.deps)).rejects.toThrow('bad input');
  });
});
