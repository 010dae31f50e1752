// One answer per upload for every MCP call (src/mcp/shared-answers.ts): a
// request in flight is joined, an answer serves for its status's cache TTL,
// and one call cancelled costs no other call its answer. Then the service: two
// waits on one ID, on a fake clock, ask the API about as often as one.
import { describe, expect, it } from 'vitest';
import { type FetchResult, type FetchStatus } from '../../src/api/client.js';
import { type UploadId } from '../../src/api/types.js';
import { MAX_KEEP_MS, MAX_KEPT_ANSWERS, MAX_KEPT_CHARS, SharedAnswers } from '../../src/mcp/shared-answers.js';
import { UploadService } from '../../src/mcp/uploads.js';
import { BudgetRegistry } from '../../src/poll/shared-budget.js';
import { body, sharedClock } from '../helpers/fake-time.js';

const req = (id: string): UploadId => ({ kind: 'request', id });
const withRate = (r: FetchResult): FetchResult => ({ ...r, rate: { limit: 60, remaining: 59, resetAt: 9e9 } });

/** A fetch whose answers the test hands out, one request at a time. */
function manualFetch() {
  const pending: { upload: UploadId; signal: AbortSignal | undefined; answer: (r: FetchResult) => void; fail: (e: unknown) => void }[] = [];
  const fetch: FetchStatus = (upload, signal) => new Promise((answer, fail) => pending.push({ upload, signal, answer, fail }));
  return { fetch, pending };
}

describe('SharedAnswers', () => {
  it('a request in flight is joined, not sent again; the answer reaches both', async () => {
    const t = { now: 0 };
    const { fetch, pending } = manualFetch();
    const shared = new SharedAnswers(() => t.now).wrap(fetch);
    const a = shared(req('ok-1'));
    const b = shared(req('ok-1'));
    expect(pending).toHaveLength(1);
    pending[0]!.answer(withRate(body('ok-1', 'processing')));
    expect((await a).kind).toBe('body');
    expect(await b).toEqual(await a);
  });

  it('an answer serves other calls for its status TTL, without its rate-limit headers; then the API is asked again', async () => {
    const t = { now: 0 };
    const { fetch, pending } = manualFetch();
    const shared = new SharedAnswers(() => t.now).wrap(fetch);
    const first = shared(req('ok-1'));
    pending[0]!.answer(withRate(body('ok-1', 'processing')));
    expect((await first).rate.remaining).toBe(59);
    t.now = 2_999; // processing: a 3 s TTL
    const kept = await shared(req('ok-1'));
    expect(kept).toMatchObject({ kind: 'body', rate: {} });
    expect(kept.rate).toEqual({});
    expect(pending).toHaveLength(1);
    t.now = 3_000;
    void shared(req('ok-1'));
    expect(pending).toHaveLength(2);
  });

  it('a final answer (a 5-minute TTL) is kept 30 s, not 5 minutes: a status check after a wait asks nothing, a retried upload is seen soon', async () => {
    const t = { now: 0 };
    const { fetch, pending } = manualFetch();
    const shared = new SharedAnswers(() => t.now).wrap(fetch);
    const first = shared(req('ok-1'));
    pending[0]!.answer(body('ok-1', 'failed'));
    await first;
    t.now = MAX_KEEP_MS - 1;
    expect((await shared(req('ok-1'))).kind).toBe('body');
    expect(pending).toHaveLength(1);
    t.now = MAX_KEEP_MS;
    void shared(req('ok-1'));
    expect(pending).toHaveLength(2);
  });

  it('IDs are kept apart: another ID, or the same text as a job, is its own request', async () => {
    const { fetch, pending } = manualFetch();
    const shared = new SharedAnswers(() => 0).wrap(fetch);
    void shared(req('a'));
    void shared(req('b'));
    void shared({ kind: 'job', id: 'a' });
    expect(pending.map((p) => `${p.upload.kind}:${p.upload.id}`)).toEqual(['request:a', 'request:b', 'job:a']);
  });

  it('one caller cancelled gets an empty answer at once; the request goes on, unaborted, for the other', async () => {
    const { fetch, pending } = manualFetch();
    const shared = new SharedAnswers(() => 0).wrap(fetch);
    const stop = new AbortController();
    const cancelled = shared(req('ok-1'), stop.signal);
    const other = shared(req('ok-1'));
    stop.abort();
    expect(await cancelled).toEqual({ kind: 'transient', message: 'cancelled', rate: {} });
    expect(pending[0]!.signal).toBeUndefined();
    pending[0]!.answer(body('ok-1', 'completed'));
    expect((await other).kind).toBe('body');
  });

  it('faults are shared while in flight but never kept; a rejection reaches its callers and the next call asks again', async () => {
    const { fetch, pending } = manualFetch();
    const shared = new SharedAnswers(() => 0).wrap(fetch);
    const a = shared(req('x'));
    const b = shared(req('x'));
    pending[0]!.answer({ kind: 'transient', http: 503, message: 'server error (HTTP 503)', rate: {} });
    expect((await a).kind).toBe('transient');
    expect((await b).kind).toBe('transient');
    void shared(req('x'));
    expect(pending).toHaveLength(2);
    const c = shared(req('x'));
    pending[1]!.fail(new Error('boom'));
    await expect(c).rejects.toThrow('boom');
    void shared(req('x'));
    expect(pending).toHaveLength(3);
  });

  it('what is kept is bounded: in count, and in bytes (an 8 MiB answer, many times, cannot fill memory)', async () => {
    const { fetch, pending } = manualFetch();
    const answers = new SharedAnswers(() => 0);
    const shared = answers.wrap(fetch);
    const big = 8 * 1024 * 1024;
    const n = MAX_KEPT_CHARS / big + 2;
    for (let i = 0; i < n; i++) {
      const p = shared(req(`big-${i}`));
      const r = body(`big-${i}`, 'completed') as Extract<FetchResult, { kind: 'body' }>;
      pending[i]!.answer({ ...r, raw: 'x'.repeat(big) });
      await p;
    }
    const sent = pending.length;
    void shared(req('big-0')); // the oldest went
    void shared(req(`big-${n - 1}`)); // the newest stayed
    expect(pending.length).toBe(sent + 1);
    expect(pending.at(-1)!.upload.id).toBe('big-0');
    expect(MAX_KEPT_ANSWERS).toBeGreaterThan(0);
  });
});

describe('the MCP service: calls on one ID share its answers', () => {
  /** Every ID processing until `doneAt`, then completed; requests counted per ID. */
  function server(clock: { now: () => number }, doneAt: number) {
    const requests: string[] = [];
    const fetchStatus: FetchStatus = async (upload) => {
      requests.push(upload.id);
      return body(upload.id, clock.now() >= doneAt ? 'completed' : 'processing', clock.now() >= doneAt ? [{ platform: 'x', success: true, status: 'completed' }] : []);
    };
    return { fetchStatus, requests };
  }

  function service(clock: ReturnType<typeof sharedClock>, fetchStatus: FetchStatus) {
    return new UploadService({
      env: {},
      userAgent: 'test',
      connect: async () => ({ fetchStatus, close: () => {} }),
      clock: { now: clock.now, wall: clock.now, sleep: clock.sleep, random: () => 0.5 },
      budgets: new BudgetRegistry(),
      resolve: () => ({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1/api' }),
      waitIntervalMs: 15_000,
    });
  }

  const wait = (s: UploadService, id: string) => s.run({ uploads: [req(id)], watch: true, timeoutMs: 10 * 60_000, intervalMs: 15_000 });

  it('two waits on one ID, started together, send what one wait sends; a status check after them sends nothing', async () => {
    const alone = sharedClock();
    const one = server(alone, alone.start + 60_000);
    await alone.drive(wait(service(alone, one.fetchStatus), 'ok-1'));

    const clock = sharedClock();
    const two = server(clock, clock.start + 60_000);
    const s = service(clock, two.fetchStatus);
    const [a, b] = await clock.drive(Promise.all([wait(s, 'ok-1'), wait(s, 'ok-1')]));
    expect(a![0]!.kind).toBe('completed');
    expect(b![0]!.kind).toBe('completed');
    expect(one.requests.length).toBeGreaterThanOrEqual(4);
    expect(two.requests.length).toBeLessThanOrEqual(one.requests.length + 1);

    const before = two.requests.length;
    const [check] = await clock.drive(s.run({ uploads: [req('ok-1')], watch: false }));
    expect(check!.kind).toBe('completed');
    expect(two.requests.length).toBe(before);
  });

  it('answers are never shared across keys: another key asks the API itself', async () => {
    const clock = sharedClock();
    const api = server(clock, clock.start);
    let key = 'k1';
    const s = new UploadService({
      env: {},
      userAgent: 'test',
      connect: async () => ({ fetchStatus: api.fetchStatus, close: () => {} }),
      clock: { now: clock.now, wall: clock.now, sleep: clock.sleep, random: () => 0.5 },
      budgets: new BudgetRegistry(),
      resolve: () => ({ apiKey: key, baseUrl: 'http://127.0.0.1:1/api' }),
      waitIntervalMs: 15_000,
    });
    await clock.drive(s.run({ uploads: [req('ok-1')], watch: false }));
    await clock.drive(s.run({ uploads: [req('ok-1')], watch: false }));
    expect(api.requests).toHaveLength(1);
    key = 'k2';
    await clock.drive(s.run({ uploads: [req('ok-1')], watch: false }));
    expect(api.requests).toHaveLength(2);
  });
});
