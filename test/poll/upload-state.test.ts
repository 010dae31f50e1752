// The per-upload state machine as a table: a state and an answer in, one step
// out. Time is a number; randomness is the draw passed in (0.5 = no jitter).
import { describe, expect, it } from 'vitest';
import { type FetchResult } from '../../src/api/client.js';
import { type StatusBody } from '../../src/api/types.js';
import { newUploadState, NOT_YET_DUE, onAnswer, onDeadline, outcomeOf, sent, type AnswerContext, type Step, type UploadState } from '../../src/poll/upload-state.js';

const T = 1_000_000;
const upload = { kind: 'request' as const, id: 'a' };
const ctx = (over: Partial<AnswerContext> = {}): AnswerContext => ({ at: T, wallAt: T, watch: true, notFoundGraceMs: 0, random: 0.5, pausedUntil: 0, throttledMs: 0, ...over });
const done = [{ platform: 'x', success: true, status: 'completed' }];

function body(status: string, results: StatusBody['results'] = [], http = 200): FetchResult {
  const b = { request_id: 'a', status, results };
  return { kind: 'body', body: b, raw: JSON.stringify(b), http, rate: {} };
}
const fault = (message = 'connection refused', http?: number): FetchResult => ({ kind: 'transient', message, rate: {}, ...(http ? { http } : {}) });

/** A state that sent its first request at T (and, optionally, has seen `prev`). */
function asked(over: Partial<UploadState> = {}): UploadState {
  return { ...sent(newUploadState(upload), T), ...over };
}

function step(s: UploadState, r: FetchResult, c: Partial<AnswerContext> = {}): Step {
  return onAnswer(s, r, ctx(c)).step;
}

describe('answers with a body', () => {
  it.each<[string, FetchResult, Partial<AnswerContext>, Partial<Step> & { kind: Step['kind'] }]>([
    ['pending → next check at 5 s', body('pending'), {}, { kind: 'poll', at: T + 5_000, changed: true }],
    ['queued → 5 s', body('queued'), {}, { kind: 'poll', at: T + 5_000 }],
    ['processing → 10 s', body('processing'), {}, { kind: 'poll', at: T + 10_000 }],
    ['in_progress → 10 s', body('in_progress'), {}, { kind: 'poll', at: T + 10_000 }],
    ['a retryable platform paces pending at 10 s', body('pending', [{ platform: 'x', success: false, status: 'retryable' }]), {}, { kind: 'poll', at: T + 10_000 }],
    ['an unknown status: pending pace, never final', body('cancelled_maybe'), {}, { kind: 'poll', at: T + 5_000 }],
    ['--interval replaces the table', body('processing'), { intervalMs: 4_000 }, { kind: 'poll', at: T + 4_000 }],
    ['--interval below the TTL is raised to it', body('processing'), { intervalMs: 500 }, { kind: 'poll', at: T + 3_000 }],
    ['jitter low end (random 0): −10 %', body('processing'), { random: 0 }, { kind: 'poll', at: T + 9_000 }],
    ['a one-shot ends with its first answer', body('processing'), { watch: false }, { kind: 'finish', changed: true }],
  ])('%s', (_name, answer, c, expected) => {
    expect(step(asked(), answer, c)).toMatchObject(expected);
  });

  it.each<[string, FetchResult, string]>([
    ['completed', body('completed', done), 'completed'],
    ['completed with a failed platform', body('completed', [...done, { platform: 'y', success: false }]), 'failed'],
    ['failed', body('failed'), 'failed'],
    ['not_found (404)', body('not_found', [], 404), 'not_found'],
    ['one-shot, not final', body('pending'), 'pending'],
  ])('%s → finish with that outcome, body and HTTP status kept', (_name, answer, kind) => {
    const s = step(asked(), answer, { watch: kind !== 'pending' });
    expect(s).toMatchObject({ kind: 'finish', outcome: { kind, upload, httpStatus: answer.kind === 'body' ? answer.http : undefined } });
    expect(s.kind === 'finish' && s.outcome.raw).toBe(answer.kind === 'body' && answer.raw);
  });

  it('pending grows 5 → 6 → 7 s while nothing changes, and resets on a change', () => {
    let s = asked();
    const gaps: number[] = [];
    for (const status of ['pending', 'pending', 'pending', 'queued', 'queued']) {
      const at = s.lastSentAt!;
      const r = onAnswer(s, body(status), ctx({ at }));
      if (r.step.kind !== 'poll') throw new Error('expected a poll');
      gaps.push(r.step.at - at);
      s = sent(r.state, r.step.at);
    }
    expect(gaps).toEqual([5_000, 6_000, 7_000, 5_000, 6_000]);
  });

  it('not-found grace: polled at the pending pace until the grace is over', () => {
    expect(step(asked(), body('not_found', [], 404), { notFoundGraceMs: 20_000 })).toMatchObject({ kind: 'poll', at: T + 5_000 });
    expect(step(asked(), body('not_found', [], 404), { notFoundGraceMs: 20_000, at: T + 20_000 })).toMatchObject({ kind: 'finish', outcome: { kind: 'not_found' } });
  });

  it('a good answer clears the fault count', () => {
    const { state } = onAnswer(asked({ failures: 3 }), body('processing'), ctx());
    expect(state.failures).toBe(0);
    expect(state.lastGoodAt).toBe(T);
  });
});

describe('faults', () => {
  it('backoff: 2 s, 4 s, 8 s ceilings with full jitter, never inside the TTL', () => {
    expect(step(asked(), fault(), { random: 0.99 })).toMatchObject({ kind: 'poll', at: T + 2_000, note: 'connection refused' });
    expect(step(asked({ failures: 1 }), fault(), { random: 0.99 })).toMatchObject({ kind: 'poll', at: T + 3_960 });
    expect(step(asked({ failures: 2 }), fault(), { random: 0.99 })).toMatchObject({ kind: 'poll', at: T + 7_920 });
    expect(step(asked({ failures: 2 }), fault(), { random: 0 })).toMatchObject({ kind: 'poll', at: T + 2_000 });
  });

  /** `n` faults in a row, `gapMs` apart, the first asked at `from`. */
  function faultsFor(n: number, gapMs: number, from: UploadState = asked(), first = T): { state: UploadState; step: Step } {
    let r = { state: from, step: { kind: 'poll', at: first, changed: false } as Step };
    for (let i = 0; i < n; i++) r = onAnswer(sent(r.state, first + i * gapMs), fault('server error (HTTP 502)', 502), ctx({ at: first + i * gapMs + 100 }));
    return r;
  }

  it('the tenth fault in a row, two minutes or more after the first, ends the ID as an API error, with the HTTP status', () => {
    expect(faultsFor(10, 13_500).step).toEqual({
      kind: 'finish',
      outcome: { kind: 'api_error', upload, error: 'server error (HTTP 502), 10 times in a row over 2m 1s', httpStatus: 502 },
    });
  });

  it('ten quick faults are no verdict yet: the run must also span two minutes', () => {
    expect(faultsFor(10, 5_000).step).toMatchObject({ kind: 'poll', note: 'server error (HTTP 502)' });
    expect(faultsFor(25, 5_000).step).toMatchObject({ kind: 'finish', outcome: { kind: 'api_error', error: 'server error (HTTP 502), 25 times in a row over 2m 0s' } });
  });

  it('nine faults are no verdict however long they take (a thin shared budget spreads them out)', () => {
    expect(faultsFor(9, 150_000).step).toMatchObject({ kind: 'poll' });
  });

  it.each<[string, UploadState]>([
    ['a --not-before wait of an hour', asked({ lastSentAt: T + 3_600_000, lastGoodAt: T, waiting: true })],
    ['--interval 5m', asked({ lastSentAt: T + 300_000, lastGoodAt: T })],
    ['a 15-minute 429 wait', asked({ lastSentAt: T + 900_000, lastGoodAt: T, throttled: { count: 1, since: T + 1_000 } })],
  ])('one fault after %s is one fault: the quiet before it is no part of the run', (_name, before) => {
    const r = onAnswer(before, fault('server error (HTTP 502)', 502), ctx({ at: before.lastSentAt! + 200 }));
    expect(r.step).toMatchObject({ kind: 'poll', note: 'server error (HTTP 502)' });
    expect(r.state).toMatchObject({ failures: 1, faultSince: before.lastSentAt });
  });

  it('a 429 is no fault: it neither counts in the run nor ends it', () => {
    const three = faultsFor(3, 5_000).state;
    const after = onAnswer(three, { kind: 'throttled', http: 429, rate: {} }, ctx({ at: T + 20_000, pausedUntil: T + 30_000 })).state;
    expect(after).toMatchObject({ failures: 3, faultSince: T });
    expect(onAnswer(after, body('processing'), ctx({ at: T + 31_000 })).state).toMatchObject({ failures: 0, faultSince: undefined });
  });

  it('a rejected request ends the ID at once, as lasting (no "run again later")', () => {
    expect(step(asked(), { kind: 'rejected', http: 400, message: 'the API refused the request (HTTP 400)', rate: {} })).toEqual({
      kind: 'finish',
      outcome: { kind: 'api_error', upload, error: 'the API refused the request (HTTP 400)', httpStatus: 400, lasting: true },
    });
  });

  it('401 stops every ID', () => {
    expect(step(asked(), { kind: 'auth', http: 401, message: 'the API rejected the key (HTTP 401)', rate: {} })).toEqual({
      kind: 'stop-all',
      outcomeKind: 'auth_error',
      error: 'the API rejected the key (HTTP 401)',
      httpStatus: 401,
    });
  });

  it('429: waits for the shared pause, never counted as a failure', () => {
    const r = onAnswer(asked(), { kind: 'throttled', http: 429, rate: {} }, ctx({ pausedUntil: T + 7_000 }));
    expect(r.step).toMatchObject({ kind: 'poll', at: T + 7_000, throttled: true });
    expect(r.state.failures).toBe(0);
  });

  it('429 with a pause shorter than the TTL: the TTL wins', () => {
    expect(step(asked(), { kind: 'throttled', http: 429, rate: {} }, { pausedUntil: T + 500 })).toMatchObject({ at: T + 2_000 });
  });

  const throttle: FetchResult = { kind: 'throttled', http: 429, rate: {} };
  /** `n` answers of 429, `gapMs` apart, from T on. */
  function throttledFor(n: number, gapMs: number, from: UploadState = asked()): { state: UploadState; step: Step } {
    let r = { state: from, step: { kind: 'poll', at: T, changed: false } as Step };
    for (let i = 0; i < n; i++) r = onAnswer(r.state, throttle, ctx({ at: T + i * gapMs, pausedUntil: T + (i + 1) * gapMs }));
    return r;
  }

  it('a server that answers nothing but "429, retry in 2 s": an error after 10 of them spread over 2 minutes, not for ever', () => {
    expect(throttledFor(60, 2_000).step).toMatchObject({ kind: 'poll', throttled: true }); // 118 s: just under
    expect(throttledFor(61, 2_000).step).toEqual({
      kind: 'finish',
      outcome: { kind: 'api_error', upload, error: 'the API answered 429 (rate limited) 61 times in a row over 120s and nothing else', httpStatus: 429 },
    });
  });

  it('a real window: one 429 each time, however long its reset, is waited on without end (the --timeout bounds it)', () => {
    expect(throttledFor(9, 15 * 60_000).step).toMatchObject({ kind: 'poll', throttled: true });
  });

  describe('a one-shot names a quota rather than wait it out', () => {
    const DAY = 24 * 3_600_000;
    it.each<[string, Partial<AnswerContext>, Step['kind']]>([
      ['a reset 59 s away is waited out', { pausedUntil: T + 59_000, throttledMs: 59_000 }, 'poll'],
      ['a reset 60 s away is not', { pausedUntil: T + 60_000, throttledMs: 60_000 }, 'stop-all'],
      ['"retry in 2 s" once more, after 59 s of 429 waits', { pausedUntil: T + 2_000, throttledMs: 61_000 }, 'stop-all'],
      ['with --watch, a long reset is waited (the --timeout bounds it)', { watch: true, pausedUntil: T + 15 * 60_000, throttledMs: 15 * 60_000 }, 'poll'],
    ])('%s', (_name, c, kind) => {
      expect(step(asked(), throttle, { watch: false, ...c }).kind).toBe(kind);
    });

    it('a spent daily quota: exit 7 at once, its end as a local time with its zone, and how far off', () => {
      const daily: FetchResult = { kind: 'throttled', http: 429, rate: { retryAt: T + 15 * 60_000, saidUntil: T + DAY - 60_000 } };
      const s = step(asked(), daily, { watch: false, wallAt: Date.UTC(2026, 11, 7, 18, 0), pausedUntil: T + 15 * 60_000, throttledMs: 15 * 60_000 });
      expect(s).toMatchObject({ kind: 'stop-all', outcomeKind: 'api_error', httpStatus: 429 });
      expect(s.kind === 'stop-all' && s.error).toMatch(/^rate limit exhausted until 2026-12-0[78] \d{2}:\d{2} \S+ \(in 23h 59m\)$/);
    });
  });

  it('a good answer starts the count afresh', () => {
    const half = throttledFor(40, 2_000).state;
    const good = onAnswer(half, body('processing'), ctx({ at: T + 80_000 })).state;
    expect(good.throttled).toBeUndefined();
    expect(throttledFor(40, 2_000, good).step).toMatchObject({ kind: 'poll', throttled: true });
  });
});

describe('outcomeOf', () => {
  it('carries the last body seen, and nothing when there was none', () => {
    expect(outcomeOf(newUploadState(upload), 'timeout')).toEqual({ kind: 'timeout', upload });
    const { state } = onAnswer(asked(), body('processing'), ctx());
    expect(outcomeOf(state, 'interrupted')).toMatchObject({ kind: 'interrupted', body: { status: 'processing' } });
  });
});

describe('onDeadline: the --timeout ran out', () => {
  const job = { kind: 'job' as const, id: 'j', notBefore: T + 60_000 };
  const slow = 'the --timeout ran out before this ID was final';
  it.each<[string, UploadState, number, string]>([
    ['before the due time, with no answer yet: not yet due', sent(newUploadState(job, job.notBefore), T), T + 1_000, NOT_YET_DUE],
    ['before the due time, waiting for it: not yet due', onAnswer(sent(newUploadState(job, job.notBefore), T), body('pending'), ctx()).state, T + 30_000, NOT_YET_DUE],
    ['past the due time, its check not yet answered: due, and not final', onAnswer(sent(newUploadState(job, job.notBefore), T), body('pending'), ctx()).state, T + 61_000, slow],
    ['no due time at all', asked(), T + 1_000, slow],
  ])('%s', (_name, s, at, error) => {
    expect(onDeadline(s, at)).toMatchObject({ kind: 'timeout', error });
  });

  it('faults up to the deadline are an error, due time or not', () => {
    const { state } = onAnswer(sent(newUploadState(job, job.notBefore), T), fault('server error (HTTP 503)', 503), ctx());
    expect(onDeadline(state, T + 1_000)).toMatchObject({ kind: 'api_error', httpStatus: 503, error: 'server error (HTTP 503), once until the --timeout ran out' });
  });
});
