import { describe, expect, it } from 'vitest';
import { watchUploads } from '../../src/poll/watcher.js';
import { type FetchResult } from '../../src/api/client.js';
import { body, fakeTime, fixedWindow, hang } from '../helpers/fake-time.js';

const req = (id: string) => ({ kind: 'request' as const, id });
const ok = [{ platform: 'x', success: true, status: 'completed' }];

describe('pacing (one ID)', () => {
  it('pending → processing → completed: the exact request times', async () => {
    // statuses per request: pending ×3, processing ×2, completed
    const seq = ['pending', 'pending', 'pending', 'processing', 'processing', 'completed'];
    const t = fakeTime((u, n) => body(u.id, seq[n - 1]!, seq[n - 1] === 'completed' ? ok : []));
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o!.kind).toBe('completed');
    // 0, +5 s (first pending), +6 s (unchanged once), +7 s, then processing 10 s, 10 s
    expect(t.calls.map((c) => c.at)).toEqual([0, 5000, 11000, 18000, 28000, 38000]);
  });

  it('pending grows while unchanged and resets after a change', async () => {
    const seq = ['pending', 'pending', 'queued', 'queued', 'completed'];
    const t = fakeTime((u, n) => body(u.id, seq[n - 1]!, seq[n - 1] === 'completed' ? ok : []));
    await watchUploads([req('a')], { watch: true }, t.deps);
    expect(t.calls.map((c) => c.at)).toEqual([0, 5000, 11000, 16000, 22000]);
  });

  it('a retryable platform paces at 10 s even while pending', async () => {
    const seq = ['pending', 'pending', 'completed'];
    const t = fakeTime((u, n) => body(u.id, seq[n - 1]!, n === 3 ? ok : [{ platform: 'x', success: false, status: 'retryable' }]));
    await watchUploads([req('a')], { watch: true }, t.deps);
    expect(t.calls.map((c) => c.at)).toEqual([0, 10000, 20000]);
  });

  it('jitter stays within 10 % and never under the TTL', async () => {
    for (const r of [0, 0.999999]) {
      const seq = ['processing', 'processing', 'completed'];
      const t = fakeTime((u, n) => body(u.id, seq[n - 1]!, n === 3 ? ok : []), { random: () => r });
      await watchUploads([req('a')], { watch: true }, t.deps);
      const gaps = t.calls.slice(1).map((c, i) => c.at - t.calls[i]!.at);
      for (const g of gaps) expect(g).toBeGreaterThanOrEqual(9000), expect(g).toBeLessThanOrEqual(11000);
    }
  });

  it('--interval below the TTL is raised to the TTL', async () => {
    const seq = ['pending', 'processing', 'processing', 'completed'];
    const t = fakeTime((u, n) => body(u.id, seq[n - 1]!, n === 4 ? ok : []));
    await watchUploads([req('a')], { watch: true, intervalMs: 500 }, t.deps);
    expect(t.calls.map((c) => c.at)).toEqual([0, 2000, 5000, 8000]);
  });

  it('without --watch: one request, not final → pending', async () => {
    const t = fakeTime((u) => body(u.id, 'processing'));
    const [o] = await watchUploads([req('a')], { watch: false }, t.deps);
    expect(o!.kind).toBe('pending');
    expect(t.calls).toHaveLength(1);
  });
});

describe('outcomes', () => {
  it.each([
    ['completed', ok, 'completed'],
    ['completed', [...ok, { platform: 'y', success: false }], 'failed'],
    ['failed', [], 'failed'],
    ['not_found', [], 'not_found'],
  ])('%s with %j → %s', async (status, results, kind) => {
    const t = fakeTime((u) => body(u.id, status, results));
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o!.kind).toBe(kind);
    expect(o!.raw).toContain(`"status":"${status}"`);
  });

  it('not-found grace: keeps polling at the pending pace, then gives up', async () => {
    const t = fakeTime((u) => body(u.id, 'not_found'));
    const [o] = await watchUploads([req('a')], { watch: true, notFoundGraceMs: 20_000 }, t.deps);
    expect(o!.kind).toBe('not_found');
    expect(t.calls.map((c) => c.at)).toEqual([0, 5000, 11000, 18000, 26000]);
  });

  it('not-found grace: an ID that appears in time is watched to the end', async () => {
    const seq = ['not_found', 'not_found', 'processing', 'completed'];
    const t = fakeTime((u, n) => body(u.id, seq[n - 1]!, n === 4 ? ok : []));
    const [o] = await watchUploads([req('a')], { watch: true, notFoundGraceMs: 60_000 }, t.deps);
    expect(o!.kind).toBe('completed');
  });

  it('duplicates are watched once', async () => {
    const t = fakeTime((u) => body(u.id, 'completed', ok));
    const out = await watchUploads([req('a'), req('a'), { kind: 'job', id: 'a' }], { watch: true }, t.deps);
    expect(out.map((o) => `${o.upload.kind}:${o.kind}`)).toEqual(['request:completed', 'job:completed']);
    expect(t.calls).toHaveLength(2);
  });
});

describe('faults', () => {
  const transient = (msg = 'connection reset by the server'): FetchResult => ({ kind: 'transient', message: msg, rate: {} });

  it('retries transient faults with backoff, never inside the TTL, and a good answer resets the count', async () => {
    const seq: (FetchResult | string)[] = [transient(), transient(), 'processing', transient(), transient(), transient(), transient(), 'completed'];
    const t = fakeTime((u, n) => {
      const s = seq[n - 1]!;
      return typeof s === 'string' ? body(u.id, s, s === 'completed' ? ok : []) : s;
    }, { random: () => 0.99 });
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o!.kind).toBe('completed');
    const gaps = t.calls.slice(1).map((c, i) => c.at - t.calls[i]!.at);
    expect(gaps).toEqual([2000, 3960, 10980, 3000, 3960, 7920, 15840]);
  });

  it('a fault that persists ends the ID: ten in a row, spread over two minutes from the first (exit 7)', async () => {
    const t = fakeTime(() => transient('server error (HTTP 502)'), { random: () => 0.99 });
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o).toMatchObject({ kind: 'api_error', error: expect.stringMatching(/^server error \(HTTP 502\), 10 times in a row over 2m \d+s$/) });
    expect(t.calls).toHaveLength(10);
  });

  it('slow faults (40 s hangs) end it after ten as well, not after two minutes', async () => {
    const t = fakeTime(() => transient('no answer within the request timeout'), { latencyMs: 40_000 });
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o).toMatchObject({ kind: 'api_error', error: expect.stringMatching(/, 10 times in a row over/) });
    expect(t.calls).toHaveLength(10);
  });

  it('a one-shot also retries faults before giving its answer', async () => {
    const t = fakeTime((u, n) => (n < 3 ? transient() : body(u.id, 'processing')));
    const [o] = await watchUploads([req('a')], { watch: false }, t.deps);
    expect(o!.kind).toBe('pending');
  });

  it('rejected requests are not retried', async () => {
    const t = fakeTime(() => ({ kind: 'rejected', http: 400, message: 'the API refused the request (HTTP 400)', rate: {} }));
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o).toMatchObject({ kind: 'api_error', httpStatus: 400 });
    expect(t.calls).toHaveLength(1);
  });

  it('401 ends every ID at once, no more requests', async () => {
    const t = fakeTime((u) => (u.id === 'b' ? { kind: 'auth', http: 401, message: 'bad key', rate: {} } : body(u.id, 'processing')));
    const out = await watchUploads([req('a'), req('b'), req('c')], { watch: true }, t.deps);
    expect(out.map((o) => o.kind)).toEqual(['auth_error', 'auth_error', 'auth_error']);
    expect(t.calls.length).toBeLessThanOrEqual(3);
  });

  it('429 waits for the later of Reset and Retry-After and is not a failure', async () => {
    const t = fakeTime((u, n, now) =>
      n <= 6 ? { kind: 'throttled', http: 429, rate: { resetAt: now + 4000, retryAt: now + 7000 } } : body(u.id, 'completed', ok),
    );
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps);
    expect(o!.kind).toBe('completed'); // six 429s in a row did not count as faults
    const gaps = t.calls.slice(1).map((c, i) => c.at - t.calls[i]!.at);
    expect(gaps.every((g) => g === 7000)).toBe(true);
  });
});

describe('timeout and abort', () => {
  it('--timeout ends the watch at the deadline even while a request hangs', async () => {
    const t = fakeTime((u, n, _now, signal) => (n === 1 ? body(u.id, 'processing') : hang(signal)));
    const [o] = await watchUploads([req('a')], { watch: true, timeoutMs: 15_000 }, t.deps);
    expect(o).toMatchObject({ kind: 'timeout' });
    expect(o!.body?.status).toBe('processing'); // the last body seen is kept
    expect(t.clock.now - 1_000_000).toBe(15_000);
  });

  it('timeout before any answer: no body, an error sentence', async () => {
    const t = fakeTime((_u, _n, _now, signal) => hang(signal));
    const [o] = await watchUploads([req('a')], { watch: true, timeoutMs: 5000 }, t.deps);
    expect(o!.kind).toBe('timeout');
    expect(o!.body).toBeUndefined();
  });

  it('an AbortSignal interrupts mid-sleep', async () => {
    const ac = new AbortController();
    const t = fakeTime((u, n) => {
      if (n === 2) ac.abort();
      return body(u.id, 'processing');
    });
    const [o] = await watchUploads([req('a')], { watch: true }, t.deps, {}, ac.signal);
    expect(o!.kind).toBe('interrupted');
  });
});

describe('many IDs', () => {
  it('--fail-fast stops the others at the first failure', async () => {
    const t = fakeTime((u) => body(u.id, u.id === 'bad' ? 'failed' : 'processing'));
    const out = await watchUploads([req('a'), req('bad'), req('c')], { watch: true, failFast: true }, t.deps);
    expect(out.map((o) => o.kind)).toEqual(['stopped', 'failed', 'stopped']);
  });

  it('never more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const t = fakeTime(async (u) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return body(u.id, 'completed', ok);
    });
    const ids = Array.from({ length: 200 }, (_, i) => req(`id${i}`));
    const out = await watchUploads(ids, { watch: false, concurrency: 8 }, t.deps);
    expect(out.every((o) => o.kind === 'completed')).toBe(true);
    expect(peak).toBe(8);
  });

  it('a shared budget: 30 IDs under 40 requests / 10 s get zero 429s and all finish', async () => {
    const window = fixedWindow(40, 10_000);
    let throttled = 0;
    const started = new Map<string, number>();
    const t = fakeTime((u, _n, now) => {
      const { throttled: spent, rate } = window.take(now);
      if (spent) {
        throttled++;
        return { kind: 'throttled', http: 429, rate } as FetchResult;
      }
      if (!started.has(u.id)) started.set(u.id, now);
      const age = now - started.get(u.id)!;
      const r = body(u.id, age >= 12_000 ? 'completed' : age >= 4000 ? 'processing' : 'pending', age >= 12_000 ? ok : []);
      return { ...r, rate } as FetchResult;
    });
    const ids = Array.from({ length: 30 }, (_, i) => req(`u${i}`));
    const out = await watchUploads(ids, { watch: true }, t.deps);
    expect(throttled).toBe(0);
    expect(out.every((o) => o.kind === 'completed')).toBe(true);
    expect(t.clock.now - 1_000_000).toBeLessThan(60_000);
    // and pacing per ID still holds: never two requests for one ID inside 2 s
    const byId = new Map<string, number[]>();
    for (const c of t.calls) byId.set(c.id, [...(byId.get(c.id) ?? []), c.at]);
    for (const times of byId.values()) for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2000);
  });
});

describe('process hygiene', () => {
  it('many requests in flight on one signal raise no MaxListeners warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const t = fakeTime(async (u, _n, _now, signal) => {
        signal?.addEventListener('abort', () => {}); // what got does with the signal
        await new Promise((r) => setTimeout(r, 5));
        return body(u.id, 'completed', ok);
      });
      await watchUploads(Array.from({ length: 40 }, (_, i) => req(`m${i}`)), { watch: false, concurrency: 32 }, t.deps);
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('nothing a server sends throws out of the loop', () => {
  it('an answer that makes the state machine throw ends that ID as an API error; the others carry on', async () => {
    // A body whose `results` getter throws stands for any input a bug might trip on.
    const poisoned = (id: string): FetchResult => {
      const b = { request_id: id, status: 'completed', get results(): never { throw new RangeError('Maximum call stack size exceeded'); } };
      return { kind: 'body', body: b as never, raw: '{}', http: 200, rate: {} };
    };
    const t = fakeTime((u) => (u.id === 'bad' ? poisoned(u.id) : body(u.id, 'completed', ok)));
    const out = await watchUploads([req('a'), req('bad'), req('c')], { watch: true }, t.deps);
    expect(out.map((o) => o.kind)).toEqual(['completed', 'api_error', 'completed']);
    expect(out[1]!.error).toBe('the answer could not be read (Maximum call stack size exceeded)');
  });

  it('an output that throws on an outcome loses no other ID', async () => {
    const t = fakeTime((u) => body(u.id, 'completed', ok));
    const seen: string[] = [];
    const out = await watchUploads([req('a'), req('b')], { watch: true }, t.deps, {
      onOutcome: (o) => {
        seen.push(o.upload.id);
        throw new Error('view broke');
      },
    });
    expect(out.map((o) => o.kind)).toEqual(['completed', 'completed']);
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('faults at the deadline', () => {
  const fault = (): FetchResult => ({ kind: 'transient', message: 'server error (HTTP 500)', http: 500, rate: {} });

  it('faults that persist past --timeout end the ID as an API error, not a timeout', async () => {
    const t = fakeTime(() => fault(), { random: () => 0.99 });
    const [o] = await watchUploads([req('a')], { watch: true, timeoutMs: 5_000 }, t.deps);
    expect(o).toEqual({ kind: 'api_error', upload: req('a'), error: 'server error (HTTP 500), 2 times in a row until the --timeout ran out', httpStatus: 500 });
  });

  it('a good answer after the faults: a plain timeout with the last body', async () => {
    const t = fakeTime((u, n) => (n === 1 ? fault() : body(u.id, 'processing')), { random: () => 0.99 });
    const [o] = await watchUploads([req('a')], { watch: true, timeoutMs: 15_000 }, t.deps);
    expect(o).toMatchObject({ kind: 'timeout', body: { status: 'processing' } });
  });

  it('a request still hanging at the deadline is a timeout', async () => {
    const t = fakeTime((_u, _n, _now, signal) => hang(signal));
    const [o] = await watchUploads([req('a')], { watch: true, timeoutMs: 5_000 }, t.deps);
    expect(o!.kind).toBe('timeout');
  });
});
