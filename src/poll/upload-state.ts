// One upload's life as a pure state machine: what we know of it, and, for
// each answer the server gives, the one step that follows — ask again at T,
// finish with outcome O, or stop everything (a bad key). The watcher owns the
// clock, the queue and the shared budget; every rule of docs/CONTRACT.md#pacing
// and docs/CONTRACT.md#faults-and-retries that concerns a single ID is here.
import { type FetchResult } from '../api/client.js';
import { readUpload, type UploadFacts } from '../api/facts.js';
import { type RateInfo } from '../api/rate-limit-headers.js';
import { type StatusBody, type UploadId } from '../api/types.js';
import { formatSpan } from '../util/duration.js';
import { localTime } from '../util/local-time.js';
import { counted } from '../util/plural.js';
import { type Outcome, type OutcomeKind } from './outcome.js';
import {
  backoffMs,
  cacheTtlMs,
  jittered,
  MAX_FAULT_SPAN_MS,
  MAX_FAULTS_IN_A_ROW,
  MAX_THROTTLED_ANSWERS,
  nextDelayMs,
  ONE_SHOT_THROTTLE_MS,
  paceOf,
  PENDING_BASE_MS,
  SCHEDULED_CHECK_MS,
  scheduledCheckAt,
  type Pace,
} from './schedule.js';

export interface UploadState {
  readonly upload: UploadId;
  /** The last status body, and its text exactly as received. */
  readonly body?: StatusBody;
  readonly raw?: string;
  /** What that body means, read once as it arrived. */
  readonly facts?: UploadFacts;
  /** What a person would notice of the last body (see `signature`). */
  readonly signature?: string;
  /** Answers in a row that showed nothing new: lets the pending pace grow. */
  readonly unchanged: number;
  /**
   * Faults in a row, the last of them, and when the first of them was asked
   * (undefined once a good answer came): the run of faults is judged on its
   * own, never on the quiet before it (docs/CONTRACT.md#faults-and-retries).
   */
  readonly failures: number;
  readonly fault?: { readonly message: string; readonly http?: number };
  readonly faultSince?: number;
  /** 429s since the last good answer, and when the first of them came. */
  readonly throttled?: { readonly count: number; readonly since: number };
  readonly requests: number;
  readonly firstSentAt?: number;
  readonly lastSentAt?: number;
  readonly lastGoodAt?: number;
  /** The centre delay last chosen: what the shared budget expects of this ID. */
  readonly centreDelayMs: number;
  /** Waiting for its --not-before time: asked every few minutes, not at the status's pace. */
  readonly waiting?: boolean;
  /** Its --not-before time on the watcher's monotonic clock (the UploadId holds it by the wall clock). */
  readonly due?: number;
}

export interface AnswerContext {
  /** When the answer arrived (monotonic), and the wall clock then: only to print a time. */
  readonly at: number;
  readonly wallAt: number;
  /** --watch; without it the first good answer is the outcome. */
  readonly watch: boolean;
  readonly notFoundGraceMs: number;
  readonly intervalMs?: number;
  /** One draw in [0, 1) for this answer's jitter. */
  readonly random: number;
  /** Nobody may send before this: the shared budget's 429 pause, this answer included. */
  readonly pausedUntil: number;
  /** All the 429 pauses of the run so far, this answer's included. */
  readonly throttledMs: number;
}

export type Step =
  /**
   * Ask again at `at`. `note` is a fault being retried (server-derived:
   * sanitise before display); `dueAt` the --not-before time being waited for.
   */
  | { kind: 'poll'; at: number; changed: boolean; note?: string; throttled?: true; log?: string; dueAt?: number }
  /** This ID is done. `changed` is set when the answer was a body worth showing first. */
  | { kind: 'finish'; outcome: Outcome; changed?: boolean }
  /** Every ID ends with this kind and error: the key is bad for all of them. */
  | { kind: 'stop-all'; outcomeKind: OutcomeKind; error: string; httpStatus: number };

/** `due`: the upload's --not-before time on the watcher's monotonic clock. */
export function newUploadState(upload: UploadId, due?: number): UploadState {
  return { upload, unchanged: 0, failures: 0, requests: 0, centreDelayMs: PENDING_BASE_MS, ...(due !== undefined ? { due } : {}) };
}

/** A request for this upload goes out at `at`. */
export function sent(s: UploadState, at: number): UploadState {
  return { ...s, requests: s.requests + 1, firstSentAt: s.firstSentAt ?? at, lastSentAt: at };
}

/** The outcome `kind` for this upload, carrying the last body seen. */
export function outcomeOf(s: UploadState, kind: OutcomeKind, extra: Partial<Outcome> = {}): Outcome {
  return { kind, upload: s.upload, ...(s.body ? { body: s.body, raw: s.raw, facts: s.facts } : {}), ...extra };
}

/** The error of a timeout that came before a scheduled post's time. */
export const NOT_YET_DUE = 'the --timeout ran out before this job was due';

/**
 * The --timeout ran out at `at` with this upload not final. Faults that
 * persist past the timeout end it as an error
 * (docs/CONTRACT.md#faults-and-retries): a server failing right up to the
 * deadline is not a slow upload. Otherwise it timed out, with the last body
 * seen — and before its --not-before time, as not yet due (every output
 * reads that from the outcome's error).
 */
export function onDeadline(s: UploadState, at: number): Outcome {
  if (s.failures > 0 && s.fault) {
    const error = `${s.fault.message}, ${s.failures === 1 ? 'once' : `${s.failures} times in a row`} until the --timeout ran out`;
    return outcomeOf(s, 'api_error', { error, ...httpOf(s.fault.http) });
  }
  const notDue = s.due !== undefined && at < s.due;
  return outcomeOf(s, 'timeout', { error: notDue ? NOT_YET_DUE : 'the --timeout ran out before this ID was final' });
}

/** What a person would call a change: status, counts, and each platform's state, message, link and note. */
export function signature(f: UploadFacts): string {
  return JSON.stringify([f.status, f.completed ?? null, f.total, f.platforms.map((p) => [p.key, p.state, p.stage ?? null, p.message ?? null, p.link ?? null, p.note ?? null])]);
}

export function onAnswer(s: UploadState, r: FetchResult, ctx: AnswerContext): { state: UploadState; step: Step } {
  switch (r.kind) {
    case 'body':
      return onBody(s, r.body, r.raw, r.http, ctx);
    case 'auth':
      return { state: s, step: { kind: 'stop-all', outcomeKind: 'auth_error', error: r.message, httpStatus: r.http } };
    case 'throttled':
      return onThrottled(s, r.rate, ctx);
    case 'transient':
      return onFault(s, r.message, r.http, ctx);
    case 'rejected':
      return { state: s, step: { kind: 'finish', outcome: outcomeOf(s, 'api_error', { error: r.message, lasting: true, ...httpOf(r.http) }) } };
    default: {
      const never: never = r;
      throw new Error(`unhandled answer ${String(never)}`);
    }
  }
}

function onBody(prev: UploadState, body: StatusBody, raw: string, http: number, ctx: AnswerContext): { state: UploadState; step: Step } {
  const facts = readUpload(body);
  const sig = signature(facts);
  const changed = sig !== prev.signature;
  // The end of a --not-before wait counts as a change: the pending pace starts afresh at the due time.
  const fresh = changed || prev.waiting === true;
  const s: UploadState = { ...prev, failures: 0, fault: undefined, faultSince: undefined, throttled: undefined, lastGoodAt: ctx.at, signature: sig, unchanged: fresh ? 0 : prev.unchanged + 1, waiting: false, body, raw, facts };
  const final = facts.final;
  // An ID submitted with a caller-chosen request ID may not be registered yet.
  const inGrace = final === 'not_found' && ctx.notFoundGraceMs > 0 && ctx.at - (s.firstSentAt ?? ctx.at) < ctx.notFoundGraceMs;
  if ((final && !inGrace) || !ctx.watch) {
    const kind = final && !inGrace ? final : 'pending';
    return { state: s, step: { kind: 'finish', outcome: outcomeOf(s, kind, { httpStatus: http }), changed } };
  }
  const due = s.due;
  if (due !== undefined && ctx.at < due && !inGrace) {
    const at = Math.max(scheduledCheckAt(ctx.at, due), ttlFloor(s, ctx.at));
    return { state: { ...s, unchanged: 0, waiting: true, centreDelayMs: SCHEDULED_CHECK_MS }, step: { kind: 'poll', at, changed, dueAt: due } };
  }
  const pace: Pace | 'final' = inGrace ? 'pending' : paceOf(body.status, facts.retrying);
  if (pace === 'final') throw new Error('a non-final status paced as final');
  const centre = nextDelayMs(pace, s.unchanged, ctx.intervalMs);
  const floor = cacheTtlMs(inGrace ? 'pending' : body.status);
  const at = Math.max(ctx.at + jittered(centre, floor, ctx.random), (s.lastSentAt ?? ctx.at) + floor);
  return { state: { ...s, centreDelayMs: centre }, step: { kind: 'poll', at, changed } };
}

/**
 * A 429: never a failure, everyone waits for the window — unless the server
 * answers nothing else. A one-shot waits only for a window about to reset, and
 * not for long in all; past that the quota is named, not waited out
 * (docs/CONTRACT.md#time-and-quotas).
 */
function onThrottled(prev: UploadState, rate: RateInfo, ctx: AnswerContext): { state: UploadState; step: Step } {
  const throttled = { count: (prev.throttled?.count ?? 0) + 1, since: prev.throttled?.since ?? ctx.at };
  const s: UploadState = { ...prev, throttled };
  if (!ctx.watch && (ctx.pausedUntil - ctx.at >= ONE_SHOT_THROTTLE_MS || ctx.throttledMs > ONE_SHOT_THROTTLE_MS)) {
    const until = Math.max(ctx.pausedUntil, rate.saidUntil ?? ctx.pausedUntil);
    const error = `rate limit exhausted until ${localTime(ctx.wallAt + (until - ctx.at), { date: true })} (in ${formatSpan(until - ctx.at)})`;
    return { state: s, step: { kind: 'stop-all', outcomeKind: 'api_error', error, httpStatus: 429 } };
  }
  if (throttled.count >= MAX_THROTTLED_ANSWERS && ctx.at - throttled.since >= MAX_FAULT_SPAN_MS) {
    const error = `the API answered 429 (rate limited) ${counted(throttled.count, 'time')} in a row over ${Math.round((ctx.at - throttled.since) / 1000)}s and nothing else`;
    return { state: s, step: { kind: 'finish', outcome: outcomeOf(s, 'api_error', { error, httpStatus: 429 }) } };
  }
  const at = Math.max(ctx.pausedUntil, ttlFloor(s, ctx.at));
  const log = `429 for ${s.upload.id}: every request waits ${tenths(ctx.pausedUntil - ctx.at)}s (throttled until ${localTime(ctx.wallAt + (ctx.pausedUntil - ctx.at))})`;
  return { state: s, step: { kind: 'poll', at, changed: false, throttled: true, log } };
}

/**
 * A transient fault. It persists — and ends the ID — only when its run has
 * MAX_FAULTS_IN_A_ROW faults spread over MAX_FAULT_SPAN_MS, timed from the
 * first fault of the run: a wait the tool chose before it (pacing,
 * --not-before, a 429, a suspend) is no part of it.
 */
function onFault(prev: UploadState, message: string, http: number | undefined, ctx: AnswerContext): { state: UploadState; step: Step } {
  const faultSince = prev.failures > 0 && prev.faultSince !== undefined ? prev.faultSince : (prev.lastSentAt ?? ctx.at);
  const s: UploadState = { ...prev, failures: prev.failures + 1, fault: { message, ...(http ? { http } : {}) }, faultSince };
  const span = ctx.at - faultSince;
  if (s.failures >= MAX_FAULTS_IN_A_ROW && span >= MAX_FAULT_SPAN_MS) {
    const error = `${message}, ${counted(s.failures, 'time')} in a row over ${formatSpan(span)}`;
    return { state: s, step: { kind: 'finish', outcome: outcomeOf(s, 'api_error', { error, ...httpOf(http) }) } };
  }
  const at = Math.max(ctx.at + backoffMs(s.failures, cacheTtlMs(s.body?.status), ctx.random), ttlFloor(s, ctx.at));
  const log = `${s.upload.id}: ${message}; fault ${s.failures} in a row, retry in ${tenths(at - ctx.at)}s`;
  return { state: s, step: { kind: 'poll', at, changed: false, note: message, log } };
}

/** Never two requests for one ID inside the cache TTL of what it last showed, retries included. */
function ttlFloor(s: UploadState, now: number): number {
  return (s.lastSentAt ?? now) + cacheTtlMs(s.body?.status);
}

function httpOf(http: number | undefined): { httpStatus?: number } {
  return http ? { httpStatus: http } : {};
}

function tenths(ms: number): number {
  return Math.round(ms / 100) / 10;
}
