// Progress notifications: on every change, and never 25 s of silence.
import { withFacts } from '../helpers/facts.js';
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, ProgressReporter, type Timers } from '../../src/mcp/progress.js';
import { type Outcome } from '../../src/poll/outcome.js';

function fakeTimers() {
  let now = 0;
  let timer: { at: number; fn: () => void } | undefined;
  const timers: Timers = {
    now: () => now,
    setTimer(fn, ms) {
      const t = { at: now + ms, fn };
      timer = t;
      return () => {
        if (timer === t) timer = undefined;
      };
    },
  };
  /** Moves time on, firing the timer when it falls due. */
  function advance(ms: number): void {
    const end = now + ms;
    while (timer && timer.at <= end) {
      const t = timer;
      timer = undefined;
      now = t.at;
      t.fn();
    }
    now = end;
  }
  return { timers, advance, pending: () => timer !== undefined };
}

const upload = { kind: 'request' as const, id: 'ok-1' };
const body = (status: string) => ({ request_id: 'ok-1', status, completed: 0, total: 2, results: [] });

describe('ProgressReporter', () => {
  it('a heartbeat whenever 20 s pass without news, so no client waits 25 s in silence', () => {
    const t = fakeTimers();
    const sent: { progress: number; total: number; message: string; at: number }[] = [];
    const r = new ProgressReporter({ send: (progress, total, message) => sent.push({ progress, total, message, at: t.timers.now() }) }, 1, 600_000, t.timers);
    t.advance(65_000);
    expect(sent.map((s) => s.at)).toEqual([20_000, 40_000, 60_000]);
    expect(sent[0]).toMatchObject({ progress: 20, total: 600, message: '0 of 1 final — still waiting for the first answers' });
    expect(HEARTBEAT_MS).toBeLessThan(25_000);
    r.stop();
    t.advance(100_000);
    expect(sent).toHaveLength(3);
    expect(t.pending()).toBe(false);
  });

  it('a change is sent at once and restarts the silence clock; an unchanged poll is not sent', () => {
    const t = fakeTimers();
    const sent: { progress: number; message: string; at: number }[] = [];
    const r = new ProgressReporter({ send: (progress, _total, message) => sent.push({ progress, message, at: t.timers.now() }) }, 2, 600_000, t.timers);
    t.advance(5_000);
    r.onProgress(withFacts({ upload, body: body('processing') as never, changed: true, requests: 1 }));
    t.advance(5_000);
    r.onProgress(withFacts({ upload, body: body('processing') as never, changed: false, requests: 2 }));
    t.advance(14_000);
    expect(sent.map((s) => s.at)).toEqual([5_000]);
    expect(sent[0]!.message).toBe('0 of 2 final — ok-1: processing 0/2');
    t.advance(1_000);
    expect(sent.map((s) => s.at)).toEqual([5_000, 25_000]);
    expect(sent[1]!.message).toBe('0 of 2 final — still waiting: ok-1: processing 0/2');
    r.onFinal({ kind: 'completed', upload } as Outcome);
    expect(sent[2]!.message).toBe('1 of 2 final — ok-1: completed');
    r.stop();
  });

  it('progress grows with every notification, even two in the same millisecond', () => {
    const t = fakeTimers();
    const progress: number[] = [];
    const r = new ProgressReporter({ send: (p) => progress.push(p) }, 3, 60_000, t.timers);
    for (const id of ['a', 'b', 'c']) r.onFinal({ kind: 'completed', upload: { kind: 'request', id } } as Outcome);
    expect(progress).toEqual([0, 0.001, 0.002]);
    t.advance(1_500);
    r.onProgress(withFacts({ upload, body: body('pending') as never, changed: true, requests: 1 }));
    expect(progress.at(-1)).toBe(1.5);
    r.stop();
  });
});
