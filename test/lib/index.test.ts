// The library API: typed, AbortSignal-aware, no process exits, no console output.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeKey } from '../../src/config/key-store.js';
import { getStatus, watch, UsageError, EXIT } from '../../src/index.js';
import { withSimulator } from '../helpers/sim.js';

let writes: string[] = [];
beforeEach(() => {
  writes = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (writes.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (writes.push(String(s)), true));
  vi.spyOn(console, 'log');
  vi.spyOn(console, 'error');
});
afterEach(() => {
  expect(writes).toEqual([]); // nothing printed, ever
  expect(console.log).not.toHaveBeenCalled();
  expect(console.error).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

describe('getStatus', () => {
  it('one answer, typed', async () => {
    await withSimulator({ apiKey: 'k' }, async (sim) => {
      const o = await getStatus('stuck-lib', { apiKey: 'k', baseUrl: sim.url });
      expect(o.kind).toBe('pending');
      expect(o.body?.status).toBe('pending');
      expect(JSON.parse(o.raw!).request_id).toBe('stuck-lib');
    });
  });

  it('job IDs and not found', async () => {
    await withSimulator({}, async (sim) => {
      const o = await getStatus({ kind: 'job', id: 'nothing-here' }, { apiKey: 'k', baseUrl: sim.url });
      expect(o).toMatchObject({ kind: 'not_found', upload: { kind: 'job', id: 'nothing-here' } });
    });
  });

  it('a bad key is an outcome, not an exception', async () => {
    await withSimulator({ apiKey: 'right' }, async (sim) => {
      const o = await getStatus('ok-1', { apiKey: 'wrong', baseUrl: sim.url });
      expect(o).toMatchObject({ kind: 'auth_error', httpStatus: 401 });
    });
  });

  it('bad input throws UsageError before any request', async () => {
    await expect(getStatus('a b', { apiKey: 'k', baseUrl: 'http://127.0.0.1:9/api' })).rejects.toBeInstanceOf(UsageError);
    await expect(getStatus('x', { apiKey: 'k', baseUrl: 'http://example.com/api' })).rejects.toThrow(/loopback/);
    await expect(getStatus('x', { apiKey: '', baseUrl: 'http://127.0.0.1:9/api' })).rejects.toThrow(/apiKey: the API key is empty/);
    await expect(getStatus('x', { apiKey: 'Bearer k', baseUrl: 'http://127.0.0.1:9/api' })).rejects.toThrow(/apiKey: the API key starts with "Bearer "/);
  });

  it('without apiKey: UPLOAD_POST_API_KEY, then the key `auth login` stored (an open file refused)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'upload-post-lib-key-'));
    vi.stubEnv('XDG_CONFIG_HOME', dir);
    vi.stubEnv('UPLOAD_POST_API_KEY', '');
    try {
      await withSimulator({ apiKey: 'stored-key-0001' }, async (sim) => {
        await expect(getStatus('stuck-lib', { baseUrl: sim.url })).rejects.toThrow(/no API key: .*auth login/);
        const path = await storeKey(process.env, 'stored-key-0001');
        expect((await getStatus('stuck-lib', { baseUrl: sim.url })).kind).toBe('pending');
        vi.stubEnv('UPLOAD_POST_API_KEY', 'wrong-env-key');
        expect((await getStatus('stuck-lib', { baseUrl: sim.url })).kind).toBe('auth_error');
        vi.stubEnv('UPLOAD_POST_API_KEY', '');
        await chmod(path, 0o644);
        await expect(getStatus('stuck-lib', { baseUrl: sim.url })).rejects.toThrow(/no API key: ignoring the stored API key: .* is open to group or others/);
      });
    } finally {
      vi.unstubAllEnvs();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('watch', () => {
  it('watches to the end with the same pacing, reporting changes and outcomes', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const changes: string[] = [];
      const finals: string[] = [];
      const r = await watch(['ok-lib1', { kind: 'job', id: 'fail-lib2' }], {
        apiKey: 'k',
        baseUrl: sim.url,
        intervalMs: 2000,
        onChange: (p) => p.changed && changes.push(`${p.upload.id}:${p.body?.status}`),
        onOutcome: (o) => finals.push(`${o.upload.id}:${o.kind}`),
      });
      expect(r.exitCode).toBe(EXIT.failed);
      expect(r.outcomes.map((o) => o.kind)).toEqual(['completed', 'failed']);
      expect(finals.sort()).toEqual(['fail-lib2:failed', 'ok-lib1:completed']);
      expect(changes).toContain('ok-lib1:pending');
      expect(changes).toContain('ok-lib1:completed');
    });
  });

  it('an AbortSignal ends the watch promptly with interrupted outcomes', async () => {
    await withSimulator({}, async (sim) => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 300);
      const t0 = Date.now();
      const r = await watch(['stuck-lib'], { apiKey: 'k', baseUrl: sim.url, signal: ac.signal });
      expect(Date.now() - t0).toBeLessThan(1500);
      expect(r.outcomes[0]).toMatchObject({ kind: 'interrupted', body: { status: 'pending' } });
    });
  });

  it('timeoutMs gives timeout outcomes (exit code 5)', async () => {
    await withSimulator({}, async (sim) => {
      const r = await watch(['stuck-lib2'], { apiKey: 'k', baseUrl: sim.url, timeoutMs: 500 });
      expect(r.exitCode).toBe(EXIT.timeout);
    });
  });
});

describe('watch with an AsyncIterable of IDs', () => {
  it('watches each ID as the iterable yields it, and ends once it is done and every ID is final', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const asked: string[] = [];
      async function* submitted() {
        yield 'ok-it1';
        // The first ID is asked while the script is still "posting" the next.
        await new Promise((r) => setTimeout(r, 300));
        asked.push(...Object.keys(sim.stats().requestsById));
        yield { kind: 'job' as const, id: 'ok-it2' };
      }
      const r = await watch(submitted(), { apiKey: 'k', baseUrl: sim.url, intervalMs: 2000 });
      expect(asked).toEqual(['ok-it1']);
      expect(r.outcomes.map((o) => `${o.upload.kind}:${o.upload.id} ${o.kind}`)).toEqual(['request:ok-it1 completed', 'job:ok-it2 completed']);
      expect(r.exitCode).toBe(EXIT.ok);
    });
  });

  it('an ID the library refuses, mid-stream, rejects the call with its UsageError', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      async function* ids() {
        yield 'stuck-it3';
        yield 'has space';
      }
      await expect(watch(ids(), { apiKey: 'k', baseUrl: sim.url })).rejects.toBeInstanceOf(UsageError);
    });
  });
});

describe('the library checks the key like the CLI', () => {
  it('a key holding a newline is refused before any request (no header injection)', async () => {
    await expect(getStatus('x', { apiKey: 'k\nX-Evil: 1', baseUrl: 'http://127.0.0.1:9/api' })).rejects.toThrow('the API key holds whitespace or control characters');
  });
});

describe('scheduled posts: notBefore per ID', () => {
  it('a job not due yet is asked once, then not again before its time (here: the watch stops first)', async () => {
    await withSimulator({ apiKey: 'k' }, async (sim) => {
      const r = await watch([{ kind: 'job', id: 'scheduled-2h-lib', notBefore: new Date(Date.now() + 2 * 3_600_000) }, 'stuck-lib3'], {
        apiKey: 'k',
        baseUrl: sim.url,
        timeoutMs: 2_500,
        intervalMs: 2_000,
      });
      expect(r.outcomes.map((o) => [o.upload.id, o.kind, o.error])).toEqual([
        ['scheduled-2h-lib', 'timeout', 'the --timeout ran out before this job was due'],
        ['stuck-lib3', 'timeout', 'the --timeout ran out before this ID was final'],
      ]);
      expect(sim.stats().requestsById['scheduled-2h-lib']).toBe(1);
      expect(sim.stats().requestsById['stuck-lib3']).toBe(2);
    });
  });

  it.each([['soon'], ['2026-12-01T14:00:00'], [Number.NaN]])('notBefore %j is refused with a UsageError, before any request', async (notBefore) => {
    await expect(watch([{ kind: 'job', id: 'j', notBefore }], { apiKey: 'k', baseUrl: 'http://127.0.0.1:9/api' })).rejects.toThrow(/notBefore is not a time/);
  });
});
