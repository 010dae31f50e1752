// --not-before on an injected clock: the exact request times of a scheduled
// post, a due time already past, and a --timeout shorter than the wait.
import { describe, expect, it } from 'vitest';
import { watchUploads, type Progress } from '../../src/poll/watcher.js';
import { body, fakeTime } from '../helpers/fake-time.js';

const START = 1_000_000;
const MIN = 60_000;
const ok = [{ platform: 'x', success: true, status: 'completed' }];
const job = (id: string, dueInMs: number) => ({ kind: 'job' as const, id, notBefore: START + dueInMs });

/** Pending until `dueInMs` (plus `runsFor`), then completed. */
const scheduled = (dueInMs: number, runsFor = 12_000) => (u: { id: string }, _n: number, now: number) => (now - START < dueInMs + runsFor ? body(u.id, 'pending') : body(u.id, 'completed', ok));

describe('--not-before', () => {
  it('a job due in 2 h: one check at once, then every 5 minutes, the due time itself, then the pending pace', async () => {
    const t = fakeTime(scheduled(120 * MIN));
    const [o] = await watchUploads([job('j', 120 * MIN)], { watch: true }, t.deps);
    expect(o!.kind).toBe('completed');
    const fiveMinuteSteps = Array.from({ length: 25 }, (_, i) => i * 5 * MIN); // 0, 5m, …, 2h
    expect(t.calls.map((c) => c.at)).toEqual([...fiveMinuteSteps, 120 * MIN + 5_000, 120 * MIN + 11_000, 120 * MIN + 18_000]);
  });

  it('a due time between two 5-minute steps: the last wait is cut short to the due time', async () => {
    const t = fakeTime(scheduled(12 * MIN));
    await watchUploads([job('j', 12 * MIN)], { watch: true }, t.deps);
    expect(t.calls.slice(0, 5).map((c) => c.at)).toEqual([0, 5 * MIN, 10 * MIN, 12 * MIN, 12 * MIN + 5_000]);
  });

  it('a job due in 1 h costs 13 requests until it is due, not ~360', async () => {
    const t = fakeTime(scheduled(60 * MIN));
    await watchUploads([job('j', 60 * MIN)], { watch: true }, t.deps);
    expect(t.calls.filter((c) => c.at <= 60 * MIN)).toHaveLength(13);
    const without = fakeTime(scheduled(60 * MIN));
    await watchUploads([{ kind: 'job', id: 'j' }], { watch: true }, without.deps);
    expect(without.calls.filter((c) => c.at <= 60 * MIN).length).toBeGreaterThan(350);
  });

  it('a due time already past: the normal pace at once', async () => {
    const t = fakeTime(scheduled(0));
    await watchUploads([{ ...job('j', 0), notBefore: START - 10 * MIN }], { watch: true }, t.deps);
    expect(t.calls.slice(0, 3).map((c) => c.at)).toEqual([0, 5_000, 11_000]);
  });

  it('it finishes the moment it is final, due or not', async () => {
    const t = fakeTime((u, n) => body(u.id, n === 1 ? 'pending' : 'failed'));
    const [o] = await watchUploads([job('j', 120 * MIN)], { watch: true }, t.deps);
    expect(o!.kind).toBe('failed');
    expect(t.calls.map((c) => c.at)).toEqual([0, 5 * MIN]);
  });

  it('a --timeout shorter than the wait: a timeout with the last body, and says the job was not yet due', async () => {
    const t = fakeTime(scheduled(120 * MIN));
    const [o] = await watchUploads([job('j', 120 * MIN)], { watch: true, timeoutMs: 12 * MIN }, t.deps);
    expect(o).toMatchObject({ kind: 'timeout', error: 'the --timeout ran out before this job was due', body: { status: 'pending' } });
    expect(t.calls.map((c) => c.at)).toEqual([0, 5 * MIN, 10 * MIN]);
    expect(t.clock.now - START).toBe(12 * MIN);
  });

  it('several IDs, each with its own time, share one loop; the view is told what each waits for', async () => {
    const seen = new Map<string, number | undefined>();
    const dueIn: Record<string, number> = { soon: 10 * MIN, later: 20 * MIN, now: Infinity };
    const t = fakeTime((u, _n, now) => (now - START >= dueIn[u.id]! ? body(u.id, 'completed', ok) : body(u.id, 'pending')));
    const out = await watchUploads([job('soon', 10 * MIN), job('later', 20 * MIN), { kind: 'request', id: 'now' }], { watch: true, timeoutMs: 30 * MIN }, t.deps, {
      onProgress: (p: Progress) => void (p.body?.status === 'pending' && seen.set(p.upload.id, p.dueAt)),
    });
    expect(out.map((o) => o.kind)).toEqual(['completed', 'completed', 'timeout']);
    expect(seen.get('soon')).toBe(START + 10 * MIN);
    expect(seen.get('later')).toBe(START + 20 * MIN);
    expect(seen.get('now')).toBeUndefined();
    const times = (id: string) => t.calls.filter((c) => c.id === id).map((c) => c.at);
    expect(times('soon')).toEqual([0, 5 * MIN, 10 * MIN]);
    expect(times('later')).toEqual([0, 5 * MIN, 10 * MIN, 15 * MIN, 20 * MIN]);
  });
});
