// Faults judged on their own run, waits on the monotonic clock, quotas named
// rather than waited out, and a deadline the caller set with AbortSignal.timeout()
// (docs/CONTRACT.md#time-and-quotas). Fake clocks throughout.
import { describe, expect, it } from 'vitest';
import { type FetchResult } from '../../src/api/client.js';
import { watchUploads } from '../../src/poll/watcher.js';
import { body, fakeTime, fixedWindow } from '../helpers/fake-time.js';

const req = (id: string) => ({ kind: 'request' as const, id });
const ok = [{ platform: 'x', success: true, status: 'completed' }];
const START = 1_000_000;
const bad = (): FetchResult => ({ kind: 'transient', http: 502, message: 'server error (HTTP 502)', rate: {} });
const throttled = (rate: object): FetchResult => ({ kind: 'throttled', http: 429, rate });

describe('one fault after a wait the tool chose is one fault, not an error', () => {
  it('--interval 5m: a 502 between two good answers is retried', async () => {
    const t = fakeTime((u, n) => (n === 2 ? bad() : body(u.id, n === 1 ? 'processing' : 'completed', n === 1 ? [] : ok)));
    const [o] = await watchUploads([req('a')], { watch: true, intervalMs: 300_000 }, t.deps);
    expect(o!.kind).toBe('completed');
    expect(t.calls).toHaveLength(3);
  });

  it('a --not-before wait of an hour, then a 502 at the due time', async () => {
    const t = fakeTime((u, n) => (n === 2 ? bad() : body(u.id, n === 1 ? 'pending' : 'completed', n === 1 ? [] : ok)));
    const [o] = await watchUploads([{ kind: 'job', id: 'j', notBefore: START + 3_600_000 }], { watch: true }, t.deps);
    expect(o!.kind).toBe('completed');
    expect(t.calls.map((c) => c.at).slice(0, 2)).toEqual([0, 300_000]);
  });

  it('a 15-minute 429 wait, then a 502', async () => {
    const t = fakeTime((u, n, now) => (n === 1 ? body(u.id, 'processing') : n === 2 ? throttled({ retryAt: now + 15 * 60_000 }) : n === 3 ? bad() : body(u.id, 'completed', ok)));
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o!.kind).toBe('completed');
  });

  it('a thin shared budget: 150 IDs at 1 request/s, one answer in seven a 502 — every ID completes', async () => {
    const window = fixedWindow(60, 60_000);
    let sent = 0;
    let throttles = 0;
    const t = fakeTime((u, n, now) => {
      const { throttled: spent, rate } = window.take(now);
      if (spent) {
        throttles += 1;
        return throttled(rate);
      }
      sent += 1;
      if (sent % 7 === 0) return { ...bad(), rate };
      return { ...body(u.id, n >= 3 ? 'completed' : 'processing', n >= 3 ? ok : []), rate } as FetchResult;
    });
    const ids = Array.from({ length: 150 }, (_, i) => req(`u${i}`));
    const out = await watchUploads(ids, { watch: true }, t.deps);
    expect(out.filter((o) => o.kind !== 'completed').map((o) => `${o.upload.id}: ${o.error}`)).toEqual([]);
    expect(throttles).toBe(0);
  });
});

describe('the wall clock steps; durations do not', () => {
  it('stepped back an hour mid-run: --timeout 20s still ends at 20 s, every wait as planned', async () => {
    const t = fakeTime((u, n) => {
      if (n === 2) t.clock.wallStep = -3_600_000;
      return body(u.id, 'processing');
    });
    const [o] = await watchUploads([req('a')], { watch: true, timeoutMs: 20_000 }, t.deps);
    expect(o!.kind).toBe('timeout');
    expect(t.clock.now - START).toBe(20_000);
    expect(t.calls.map((c) => c.at)).toEqual([0, 10_000]);
  });

  it('a --not-before time is placed on the monotonic clock once: a later step moves neither it nor the checks', async () => {
    const t = fakeTime((u, n) => {
      if (n === 1) t.clock.wallStep = 3_600_000;
      return body(u.id, n >= 4 ? 'completed' : 'pending', n >= 4 ? ok : []);
    });
    const [o] = await watchUploads([{ kind: 'job', id: 'j', notBefore: START + 600_000 }], { watch: true }, t.deps);
    expect(o!.kind).toBe('completed');
    expect(t.calls.map((c) => c.at)).toEqual([0, 300_000, 600_000, 605_000]);
  });
});

describe('a one-shot names a quota instead of waiting it out', () => {
  it('"429, retry in 2 s" for ever: exit 7 after at most a minute of 429 waits, not two', async () => {
    const t = fakeTime((_u, _n, now) => throttled({ retryAt: now + 2_000 }));
    const [o] = await watchUploads([req('a')], { watch: false }, t.deps);
    expect(o).toMatchObject({ kind: 'api_error', httpStatus: 429, error: expect.stringMatching(/^rate limit exhausted until .+ \(in 2s\)$/) });
    expect(t.clock.now - START).toBeLessThanOrEqual(62_000);
    expect(t.clock.now - START).toBeGreaterThanOrEqual(58_000);
  });

  it('a spent daily quota: one request, no wait, the end named; the other IDs end with it, unasked', async () => {
    const t = fakeTime((_u, _n, now) => throttled({ retryAt: now + 15 * 60_000, saidUntil: now + 24 * 3_600_000 }));
    const out = await watchUploads([req('a'), req('b')], { watch: false }, t.deps);
    expect(out.map((o) => o.kind)).toEqual(['api_error', 'api_error']);
    expect(out[1]!.error).toMatch(/^rate limit exhausted until \d{4}-\d{2}-\d{2} \d{2}:\d{2} \S+ \(in 24h 0m\)$/);
    expect(t.calls).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
  });

  it('a window about to reset is waited out, and the answer after it counts', async () => {
    const t = fakeTime((u, n, now) => (n === 1 ? throttled({ resetAt: now + 30_000 }) : body(u.id, 'processing')));
    const [o] = await watchUploads([req('a')], { watch: false }, t.deps);
    expect(o!.kind).toBe('pending');
    expect(t.calls.map((c) => c.at)).toEqual([0, 30_000]);
  });

  it('with --watch a long 429 wait is bounded by --timeout, and shown as throttled', async () => {
    const seen: (number | undefined)[] = [];
    const t = fakeTime((_u, _n, now) => throttled({ retryAt: now + 15 * 60_000 }));
    const [o] = await watchUploads([req('a')], { watch: true, timeoutMs: 30_000 }, t.deps, { onProgress: (p) => p.throttled && seen.push(p.nextCheckAt) });
    expect(o!.kind).toBe('timeout');
    expect(t.clock.now - START).toBe(30_000);
    expect(seen).toEqual([START + 15 * 60_000]);
  });
});

describe('the caller ends it', () => {
  it('an AbortSignal whose reason is a TimeoutError (AbortSignal.timeout()) ends as a timeout, not interrupted', async () => {
    const ac = new AbortController();
    const t = fakeTime((u, n) => {
      if (n === 2) ac.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      return body(u.id, 'processing');
    });
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps, {}, ac.signal);
    expect(o).toMatchObject({ kind: 'timeout', body: { status: 'processing' } });
  });

  it('an output that throws on a picture changes no verdict and stops nothing', async () => {
    const seq = ['pending', 'processing', 'completed'];
    const t = fakeTime((u, n) => body(u.id, seq[n - 1]!, n === 3 ? ok : []));
    let calls = 0;
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps, {
      onProgress: () => {
        calls += 1;
        throw new Error('the caller broke');
      },
    });
    expect(o!.kind).toBe('completed');
    expect(calls).toBe(3);
  });
});
