import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bodyAt, scenarioFor, SCENARIOS, type IdKind } from '../../src/simulator/scenarios.js';
import { platformsFor, PLATFORMS } from '../../src/simulator/platforms.js';
import { timelineFor } from '../../src/simulator/timelines.js';

interface Result {
  platform: string;
  success: boolean;
  message: string;
  upload_timestamp: string;
  status?: string;
  url?: string;
  post_url?: string;
  error_message?: string;
  warnings?: string[];
  skipped?: boolean;
}
interface Body {
  request_id?: string;
  job_id?: string;
  status: string;
  completed: number;
  total: number | null;
  results: Result[];
  last_update?: string;
  message?: string;
  trace?: unknown;
}

const at = (id: string, ms: number, kind: IdKind = 'request') => bodyAt(kind, id, ms).body as unknown as Body;
const ORDER = ['pending', 'processing', 'in_progress', 'completed', 'failed'];
const rank = (s: string) => Math.min(ORDER.indexOf(s), 3);

describe('scenarioFor', () => {
  it.each([
    ['ok-1', 'ok'],
    ['fail-x', 'fail'],
    ['partial-7b2c', 'partial'],
    ['retry-', 'retry'],
    ['slow-a', 'slow'],
    ['stuck-a', 'stuck'],
    ['error-a', 'error'],
    ['hostile-a', 'hostile'],
    ['skipped-a', 'skipped'],
    ['scheduled-8s-abc', 'scheduled'],
    ['scheduled-2h-x', 'scheduled'],
    ['scheduled-90m-y', 'scheduled'],
    ['scheduled-1h30m-z', 'scheduled'],
    ['scheduled--bare', 'scheduled'],
    ['scheduled-', 'scheduled'],
  ])('%s → %s', (id, name) => {
    expect(scenarioFor(id)?.name).toBe(name);
  });

  it.each(['nonexistent-id', 'OK-1', 'xok-1', '7b2c2f5e-1234-4a6f-9f1d-a1b2c3d4e5f6', '', 'scheduled-abc', 'scheduled-8x-a', 'scheduled-30m1h-a'])('%j matches nothing', (id) => {
    expect(scenarioFor(id)).toBeNull();
  });

  it('describes every prefix in one line', () => {
    for (const s of SCENARIOS) expect(s.description).toMatch(/^[^\n]{10,100}$/);
  });
});

describe('bodyAt timelines (speed 1)', () => {
  it.each<[string, number, string]>([
    ['ok-a', 0, 'pending'],
    ['ok-a', 1_999, 'pending'],
    ['ok-a', 2_000, 'processing'],
    ['ok-a', 3_999, 'processing'],
    ['ok-a', 4_000, 'in_progress'],
    ['ok-a', 7_999, 'in_progress'],
    ['ok-a', 8_000, 'completed'],
    ['ok-a', 3_600_000, 'completed'],
    ['fail-a', 1_000, 'pending'],
    ['fail-a', 5_000, 'in_progress'],
    ['fail-a', 8_000, 'failed'],
    ['partial-a', 6_000, 'in_progress'],
    ['partial-a', 8_000, 'completed'],
    ['retry-a', 3_000, 'processing'],
    ['retry-a', 9_000, 'in_progress'],
    ['retry-a', 15_999, 'in_progress'],
    ['retry-a', 16_000, 'completed'],
    ['slow-a', 9_999, 'pending'],
    ['slow-a', 10_000, 'processing'],
    ['slow-a', 20_000, 'in_progress'],
    ['slow-a', 59_999, 'in_progress'],
    ['slow-a', 60_000, 'completed'],
    ['stuck-a', 1_999, 'pending'],
    ['stuck-a', 2_000, 'processing'],
    ['stuck-a', 86_400_000, 'processing'],
    ['hostile-a', 2_000, 'processing'],
    ['hostile-a', 8_000, 'completed'],
    ['skipped-a', 1_999, 'pending'],
    ['skipped-a', 2_000, 'processing'],
    ['skipped-a', 4_000, 'in_progress'],
    ['skipped-a', 8_000, 'completed'],
    ['scheduled-8s-a', 0, 'pending'],
    ['scheduled-8s-a', 9_999, 'pending'],
    ['scheduled-8s-a', 10_000, 'processing'],
    ['scheduled-8s-a', 12_000, 'in_progress'],
    ['scheduled-8s-a', 15_999, 'in_progress'],
    ['scheduled-8s-a', 16_000, 'completed'],
    ['scheduled-2h-a', 7_201_999, 'pending'],
    ['scheduled-2h-a', 7_202_000, 'processing'],
    ['scheduled-2h-a', 7_208_000, 'completed'],
    ['scheduled-1h30m-a', 5_407_999, 'in_progress'],
    ['scheduled-1h30m-a', 5_408_000, 'completed'],
    ['scheduled--a', 61_999, 'pending'],
    ['scheduled--a', 62_000, 'processing'],
    ['scheduled--a', 68_000, 'completed'],
    ['scheduled-0s-a', 2_000, 'processing'],
  ])('%s at %i ms is %s', (id, ms, status) => {
    const { http, body } = bodyAt('request', id, ms);
    expect(http).toBe(200);
    expect(body.status).toBe(status);
  });

  it('pending looks like the vendor example: total null, no results', () => {
    expect(at('ok-a', 0)).toEqual({
      request_id: 'ok-a',
      status: 'pending',
      completed: 0,
      total: null,
      results: [],
      trace: { sim: true, scenario: 'ok' },
    });
  });

  it('in_progress records platform results with per-platform status', () => {
    const body = at('ok-a', 6_500);
    expect(body.total).toBe(platformsFor('ok-a').length);
    expect(body.results.length).toBeGreaterThan(0);
    for (const r of body.results) expect(['processing', 'completed']).toContain(r.status);
    expect(body.results.some((r) => r.status === 'processing')).toBe(true);
  });

  it.each(['ok-a', 'ok-b', 'hostile-c', 'slow-d'])('%s completes with every platform published', (id) => {
    const body = at(id, 60_000);
    const n = platformsFor(id).length;
    expect(body).toMatchObject({ status: 'completed', completed: n, total: n });
    expect(body.results).toHaveLength(n);
    expect(body.results.every((r) => r.success && r.status === 'completed')).toBe(true);
    expect(body.message).toBeUndefined();
  });

  it.each(['fail-a', 'fail-b', 'fail-c'])('%s fails on every platform, with a message', (id) => {
    const body = at(id, 8_000);
    const n = platformsFor(id).length;
    expect(body).toMatchObject({ status: 'failed', completed: 0, total: n });
    expect(body.message).toMatch(/\w/);
    expect(body.results).toHaveLength(n);
    for (const r of body.results) expect(r).toMatchObject({ success: false, status: 'failed', message: expect.stringMatching(/\w/) });
  });

  it.each<[string, number]>([
    ['fail-a', 8_000],
    ['fail-b', 8_000],
    ['fail-c', 60_000],
    ['partial-a', 8_000],
    ['partial-b', 60_000],
  ])('%s at %i ms: every failed platform carries an error_message that differs from its message', (id, ms) => {
    const failed = at(id, ms).results.filter((r) => r.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.success).toBe(false);
      expect(r.error_message).toMatch(/^\w[^\n]{10,}$/);
      expect(r.error_message).not.toBe(r.message);
    }
  });

  it.each(['ok-a', 'retry-b', 'slow-c', 'stuck-d'])('%s: no platform that did not fail has an error_message', (id) => {
    for (const ms of [3_000, 6_000, 60_000]) {
      for (const r of at(id, ms).results) expect(r).not.toHaveProperty('error_message');
    }
  });

  it.each(['partial-a', 'partial-b', 'partial-c', 'partial-d', 'partial-e'])('%s: one platform that published carries warnings', (id) => {
    const warned = at(id, 8_000).results.filter((r) => r.warnings !== undefined);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ success: true, status: 'completed', warnings: [expect.stringMatching(/\w/)] });
  });

  it.each(['partial-a', 'partial-b', 'partial-c', 'partial-d'])('%s completes with exactly one failed platform', (id) => {
    const body = at(id, 8_000);
    const n = platformsFor(id).length;
    expect(body).toMatchObject({ status: 'completed', completed: n - 1, total: n });
    const failed = body.results.filter((r) => !r.success);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.status).toBe('failed');
  });

  it.each(['skipped-a', 'skipped-b', 'skipped-c', 'skipped-d', 'skipped-e'])('%s completes with one platform skipped, which is no failure', (id) => {
    const body = at(id, 8_000);
    const platforms = platformsFor(id);
    const n = platforms.length;
    expect(body).toMatchObject({ status: 'completed', completed: n - 1, total: n });
    expect(body.message).toBeUndefined();
    expect(body.results.map((r) => r.platform)).toEqual(platforms);
    const [skipped, ...more] = body.results.filter((r) => r.skipped === true);
    expect(more).toEqual([]);
    const reason = `No account connected for ${skipped?.platform}`;
    // No per-platform status: only `skipped: true` tells it from a failure.
    expect(skipped).toEqual({
      platform: skipped?.platform,
      success: false,
      skipped: true,
      message: reason,
      error_message: reason,
      upload_timestamp: expect.stringMatching(/Z$/),
    });
    for (const r of body.results.filter((r) => r !== skipped)) {
      expect(r).toMatchObject({ success: true, status: 'completed', post_url: expect.stringMatching(/^https:\/\//) });
    }
  });

  it('skipped- shows the skipped platform as soon as the upload leaves pending', () => {
    const body = at('skipped-a', 2_000);
    expect(body.results.filter((r) => r.skipped === true)).toHaveLength(1);
    expect(body.results.filter((r) => r.status === 'processing')).toHaveLength(1);
  });

  it('scheduled- stays pending like the vendor example until its time', () => {
    for (const ms of [0, 5_000, 9_999]) {
      expect(at('scheduled-8s-a', ms, 'job')).toEqual({
        job_id: 'scheduled-8s-a',
        status: 'pending',
        completed: 0,
        total: null,
        results: [],
        trace: { sim: true, scenario: 'scheduled' },
      });
    }
  });

  it.each<[string, number]>([
    ['scheduled-8s-a', 8_000],
    ['scheduled-90m-b', 5_400_000],
    ['scheduled-1h30m-c', 5_400_000],
    ['scheduled-0s-d', 0],
  ])('%s runs the ok- timeline of its platforms, %i ms late', (id, delay) => {
    const ok = timelineFor('ok', id);
    const later = (ms: number) => ms + delay;
    expect(timelineFor('scheduled', id)).toEqual({
      ...ok,
      pendingUntil: later(ok.pendingUntil),
      processingUntil: later(ok.processingUntil),
      finalAt: later(ok.finalAt),
      tracks: ok.tracks.map((t) => ({ ...t, events: t.events.map((e) => ({ ...e, at: later(e.at) })) })),
    });
  });

  it('scheduled--… waits as long as the simulator says', () => {
    const options = { scheduledDelayMs: 5_000 };
    const statusAt = (ms: number) => bodyAt('request', 'scheduled--a', ms, undefined, options).body.status;
    expect([6_999, 7_000, 9_000, 13_000].map(statusAt)).toEqual(['pending', 'processing', 'in_progress', 'completed']);
    // A delay in the ID wins over the simulator's.
    expect(bodyAt('request', 'scheduled-1s-a', 3_000, undefined, options).body.status).toBe('processing');
  });

  it('scheduled- writes timestamps from when the job ran', () => {
    const startedAt = Date.UTC(2025, 5, 1, 10, 0, 0);
    const body = bodyAt('job', 'scheduled-1h-a', 3_608_000, { startedAt, speed: 1 }).body as unknown as Body;
    expect(body.status).toBe('completed');
    expect(body.last_update).toBe('2025-06-01T11:00:08Z');
    for (const r of body.results) expect(r.upload_timestamp >= '2025-06-01T11:00:02Z').toBe(true);
  });

  it('an ill-formed scheduled- ID is a 404 like any unknown ID', () => {
    expect(bodyAt('job', 'scheduled-abc', 1e9).http).toBe(404);
  });

  it.each(['retry-a', 'retry-b', 'retry-c'])('%s has a retryable phase, then every platform succeeds', (id) => {
    const retryable = [5_000, 8_000, 11_999].map((ms) => at(id, ms).results.filter((r) => r.status === 'retryable'));
    for (const r of retryable) {
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ success: false, message: 'Rate limited by platform, will retry' });
    }
    expect(at(id, 12_000).results.some((r) => r.status === 'retryable')).toBe(false);
    const final = at(id, 16_000);
    expect(final.status).toBe('completed');
    expect(final.results.every((r) => r.success)).toBe(true);
  });

  it('stuck- has a total and one platform processing for ever', () => {
    const body = at('stuck-a', 3_600_000);
    expect(body.total).toBe(platformsFor('stuck-a').length);
    expect(body.results).toHaveLength(1);
    expect(body.results[0]?.status).toBe('processing');
  });

  it('hostile- carries terminal escapes and a bidi override in names and messages', () => {
    const text = JSON.stringify(at('hostile-a', 8_000));
    for (const evil of ['\u001b]0;pwned\u0007', '\u001b[2J', '\u001b[H', '\u009b', '\u202e']) {
      expect(text).toContain(JSON.stringify(evil).slice(1, -1));
    }
    const names = at('hostile-a', 8_000).results.map((r) => r.platform);
    expect(names.every((n) => /[\u001b\u0007\u009b\u202e]/.test(n))).toBe(true);
  });
});

describe('bodyAt fields', () => {
  it('names the ID the way it was asked', () => {
    expect(at('ok-a', 8_000, 'job')).toMatchObject({ job_id: 'ok-a' });
    expect(at('ok-a', 8_000, 'job')).not.toHaveProperty('request_id');
    expect(at('ok-a', 8_000, 'request')).not.toHaveProperty('job_id');
  });

  it.each<[IdKind, string]>([
    ['request', 'request_id'],
    ['job', 'job_id'],
  ])('an unknown %s ID is a 404 not_found', (kind, key) => {
    expect(bodyAt(kind, 'nonexistent-id', 0)).toEqual({
      http: 404,
      body: { [key]: 'nonexistent-id', status: 'not_found', message: 'No upload request found with this ID' },
    });
  });

  it('error- is always a 500', () => {
    for (const ms of [0, 10_000, 1e9]) {
      expect(bodyAt('job', 'error-a', ms)).toEqual({
        http: 500,
        body: { error: 'Failed to get status', details: 'simulated server error' },
      });
    }
  });

  it('carries fields the vendor does not document, for pass-through tests', () => {
    const body = at('ok-a', 8_000);
    expect(body.trace).toEqual({ sim: true, scenario: 'ok' });
    for (const r of body.results) expect(r.url).toMatch(/^https:\/\//);
  });

  it('writes timestamps like the vendor, on the server clock scaled by speed', () => {
    const startedAt = Date.UTC(2025, 5, 1, 10, 0, 0);
    const body = bodyAt('request', 'ok-a', 8_000, { startedAt, speed: 4 }).body as unknown as Body;
    expect(body.last_update).toBe('2025-06-01T10:00:02Z');
    for (const r of body.results) expect(r.upload_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe('bodyAt properties', () => {
  const prefix = fc.constantFrom('ok-', 'fail-', 'partial-', 'retry-', 'slow-', 'stuck-', 'hostile-', 'skipped-', 'scheduled-5s-', 'scheduled--');
  const id = fc.tuple(prefix, fc.string({ maxLength: 40 })).map(([p, s]) => p + s);

  it('2–4 distinct known platforms per ID, the same every time', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const p = platformsFor(s);
        expect(p.length).toBeGreaterThanOrEqual(2);
        expect(p.length).toBeLessThanOrEqual(4);
        expect(new Set(p).size).toBe(p.length);
        for (const name of p) expect(PLATFORMS).toContain(name);
        expect(platformsFor(s)).toEqual(p);
      }),
    );
  });

  it('status never goes backwards, counts stay consistent', () => {
    fc.assert(
      fc.property(id, fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 2, maxLength: 8 }), (upload, times) => {
        let last = 0;
        for (const t of [...times].sort((a, b) => a - b)) {
          const body = at(upload, t);
          expect(rank(body.status)).toBeGreaterThanOrEqual(last);
          last = rank(body.status);
          expect(body.total === null).toBe(body.status === 'pending');
          expect(body.completed).toBe(body.results.filter((r) => r.success).length);
          if (body.total !== null) expect(body.results.length).toBeLessThanOrEqual(body.total);
        }
      }),
    );
  });
});
