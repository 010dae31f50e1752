// The library validates and isolates (docs/API.md#library): every option
// checked before any request, a caller's callback that throws changes no
// verdict, and a deadline the caller set reads as a timeout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT, getStatus, UsageError, watch } from '../../src/index.js';
import { parseFaults } from '../../src/simulator/faults.js';
import { withSimulator } from '../helpers/sim.js';

let stderr: string[] = [];
beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const KEY = 'sk_live_LIBRARY_OPTIONS_SECRET';

describe('every option is checked before any request', () => {
  it.each<[string, object, RegExp]>([
    ['intervalMs: NaN (an unset env var)', { intervalMs: Number.NaN }, /^watch\(\): intervalMs must be a finite number of milliseconds above 0, got NaN$/],
    ['intervalMs: 0', { intervalMs: 0 }, /intervalMs must be .* above 0, got 0$/],
    ['concurrency: NaN', { concurrency: Number.NaN }, /^watch\(\): concurrency must be a whole number from 1 to 256, got NaN$/],
    ['concurrency: 1.5', { concurrency: 1.5 }, /concurrency must be a whole number/],
    ['concurrency: 10000', { concurrency: 10_000 }, /concurrency must be a whole number from 1 to 256, got 10000/],
    ['timeoutMs: "10s"', { timeoutMs: '10s' }, /^watch\(\): timeoutMs must be a finite number of milliseconds above 0, got "10s"$/],
    ['timeoutMs: -1', { timeoutMs: -1 }, /timeoutMs must be .*, got -1$/],
    ['timeoutMs: Infinity', { timeoutMs: Infinity }, /timeoutMs must be .*, got Infinity$/],
    ['notFoundGraceMs: -5', { notFoundGraceMs: -5 }, /notFoundGraceMs must be a finite number of milliseconds, 0 or more, got -5$/],
    ['failFast: "yes"', { failFast: 'yes' }, /failFast must be true or false, got "yes"$/],
    ['onChange: a string', { onChange: 'log' }, /onChange must be a function, got "log"$/],
    ['signal: an AbortController', { signal: new AbortController() }, /signal must be an AbortSignal, got a object$/],
    ['timeouts: { request: NaN }', { timeouts: { request: Number.NaN, connect: 1000 } }, /timeouts must be \{ request, connect \} with request a finite number/],
    ['timeouts: { requestMs }', { timeouts: { requestMs: 1000 } }, /timeouts must be \{ request, connect \} in milliseconds, with no "requestMs"/],
    ['timeouts: { request } alone', { timeouts: { request: 1000 } }, /timeouts must be \{ request, connect \} in milliseconds, both given \(no connect\)/],
    ['an unknown key: interval', { interval: 5000 }, /^watch\(\): unknown option "interval" \(known: apiKey, baseUrl, .*onError\)$/],
    ['an unknown key: timeout', { timeout: 5000 }, /unknown option "timeout"/],
  ])('%s → a UsageError naming it', async (_name, bad, message) => {
    await withSimulator({}, async (sim) => {
      const err = await watch(['ok-opt'], { apiKey: 'k', baseUrl: sim.url, ...bad }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(message);
      expect(sim.stats().requests).toBe(0);
    });
  });

  it('a key of the wrong type is named, never shown', async () => {
    await expect(getStatus('x', { apiKey: 42 as never })).rejects.toThrow('getStatus(): apiKey must be a string, got 42');
    await expect(getStatus('x', { apiKey: [KEY] as never })).rejects.toThrow(/^getStatus\(\): apiKey must be a string, got an array$/);
  });

  it('undefined counts as absent (an option spread from an unset setting)', async () => {
    await withSimulator({}, async (sim) => {
      const r = await watch(['nothing-opt2'], { apiKey: 'k', baseUrl: sim.url, timeoutMs: undefined, intervalMs: undefined, onChange: undefined, concurrency: undefined });
      expect(r.exitCode).toBe(EXIT.notFound);
    });
  });

  it.each<[string, unknown, RegExp]>([
    ["watch('id'): one string, not a list", 'ok-1', /^watch\(\): ids must be an array; for one ID write watch\(\["ok-1"\]\)$/],
    ['watch(undefined)', undefined, /^watch\(\): ids must be an array of IDs, got a undefined$/],
    ['an ID that is a number', [42], /an ID must be a string or \{ kind, id \}, got 42/],
    ['an ID of an unknown kind', [{ kind: 'upload', id: 'x' }], /an ID's kind must be "request" or "job", got "upload"/],
    ['an ID object with a typo', [{ kind: 'job', id: 'x', notbefore: 1 }], /unknown ID field "notbefore"/],
  ])('%s → a UsageError', async (_name, ids, message) => {
    await expect(watch(ids as never, { apiKey: 'k', baseUrl: 'http://127.0.0.1:9/api' })).rejects.toThrow(message);
  });

  it('getStatus checks its options too: no watch options, no callbacks', async () => {
    await expect(getStatus('x', { apiKey: 'k', intervalMs: 5 } as never)).rejects.toThrow(/^getStatus\(\): unknown option "intervalMs"/);
    await expect(getStatus('x', { apiKey: 'k', timeoutMs: 'soon' } as never)).rejects.toThrow(/timeoutMs must be/);
    await expect(getStatus(7 as never, { apiKey: 'k' })).rejects.toThrow(/^getStatus\(\): an ID must be a string or \{ kind, id \}, got 7$/);
  });
});

describe('callbacks run isolated', () => {
  it('an onChange that throws changes no verdict and stops nothing; onError hears each error once', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const errors: unknown[] = [];
      let changes = 0;
      const r = await watch(['ok-iso'], {
        apiKey: 'k',
        baseUrl: sim.url,
        intervalMs: 2000,
        onChange: () => {
          changes += 1;
          throw new Error('caller bug');
        },
        onError: (e) => errors.push(e),
      });
      expect(r.exitCode).toBe(EXIT.ok);
      expect(r.outcomes[0]!.kind).toBe('completed');
      expect(errors).toHaveLength(changes);
      expect(changes).toBeGreaterThan(1);
      expect(stderr).toEqual([]);
    });
  });

  it('without onError: one line on stderr for the first error, the key never in it', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const r = await watch(['fail-iso', 'ok-iso2'], {
        apiKey: KEY,
        baseUrl: sim.url,
        intervalMs: 2000,
        onOutcome: () => {
          throw new Error(`boom with ${KEY} inside\u001b[31m`);
        },
        onChange: () => {
          throw new TypeError('also broken');
        },
      });
      expect(r.outcomes.map((o) => o.kind)).toEqual(['failed', 'completed']);
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(/^upload-post: on(Change|Outcome) threw \(.*\); the watch goes on and its verdicts stand \(pass onError to handle this\)\n$/);
      expect(stderr[0]).not.toContain(KEY);
      expect(stderr[0]).not.toContain('\u001b');
    });
  });
});

describe('a deadline the caller set is a timeout', () => {
  it('watch with AbortSignal.timeout(): timeout outcomes, exit 5, not 130', async () => {
    await withSimulator({}, async (sim) => {
      const r = await watch(['stuck-abort'], { apiKey: 'k', baseUrl: sim.url, signal: AbortSignal.timeout(400) });
      expect(r.exitCode).toBe(EXIT.timeout);
      expect(r.outcomes[0]).toMatchObject({ kind: 'timeout', body: { status: 'pending' } });
    });
  });

  it('getStatus takes timeoutMs: a hung server ends on time', async () => {
    await withSimulator({ faults: parseFaults('hang:1') }, async (sim) => {
      const t0 = performance.now();
      const o = await getStatus('ok-hung', { apiKey: 'k', baseUrl: sim.url, timeoutMs: 500 });
      expect(o.kind).toBe('timeout');
      expect(performance.now() - t0).toBeLessThan(5_000); // the 500 ms deadline, not the 20 s request timeout
    });
  });

  it('getStatus takes a signal: AbortSignal.timeout() is a timeout, an abort() an interruption', async () => {
    await withSimulator({ faults: parseFaults('hang:1') }, async (sim) => {
      expect((await getStatus('ok-hung2', { apiKey: 'k', baseUrl: sim.url, signal: AbortSignal.timeout(300) })).kind).toBe('timeout');
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 300);
      expect((await getStatus('ok-hung3', { apiKey: 'k', baseUrl: sim.url, signal: ac.signal })).kind).toBe('interrupted');
    });
  });
});
