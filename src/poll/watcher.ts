// Drives any number of IDs in one loop (CLI-CONTRACT.md "Pacing"; issues 2, 5, 6):
// each ID keeps its own pace, all share one rate-limit budget, at most
// `concurrency` requests are in flight, and the loop ends at the deadline even
// while a request hangs. Time, sleep, randomness and HTTP are injected.
import { setMaxListeners } from 'node:events';
import { idKey, type StatusBody, type UploadId } from '../api/types.js';
import { type FetchResult, type FetchStatus } from '../api/client.js';
import { MinHeap } from '../util/heap.js';
import { burstCap, earliestSend, newBudget, recordInfo, recordSend, recordThrottle } from './budget.js';
import { anyRetryable, classifyFinal, type Outcome, type OutcomeKind } from './outcome.js';
import {
  backoffMs,
  cacheTtlMs,
  jittered,
  MAX_CONSECUTIVE_FAILURES,
  nextDelayMs,
  paceOf,
} from './schedule.js';

export interface WatchOptions {
  /** Poll until final; otherwise one answer per ID (retrying faults). */
  watch: boolean;
  timeoutMs?: number;
  intervalMs?: number;
  notFoundGraceMs?: number;
  /** Requests in flight at once (issue 6). */
  concurrency?: number;
  failFast?: boolean;
}

export interface WatchDeps {
  fetchStatus: FetchStatus;
  now: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
}

/** What renderers are told whenever an ID's picture changes. */
export interface Progress {
  upload: UploadId;
  body?: StatusBody;
  /** The body differs from the last one in something a person would notice. */
  changed: boolean;
  /** When the next request for this ID is due (undefined once final). */
  nextCheckAt?: number;
  requests: number;
  /** A fault being retried (server-derived text: sanitise before display). */
  note?: string;
  /** Waiting out a 429: every request is paused until the window resets. */
  throttled?: boolean;
}

export interface WatchEvents {
  onProgress?(p: Progress): void;
  onOutcome?(o: Outcome): void;
  /** Decisions worth a --verbose line: backoff, throttling. */
  onDecision?(line: string): void;
}

export const DEFAULT_CONCURRENCY = 16;
/** A fault also "persists" after this long without a good answer (issue 5). */
export const MAX_FAULT_SPAN_MS = 120_000;
/** A 429 with no usable Reset/Retry-After waits this long. */
const THROTTLE_FALLBACK_MS = 5_000;

interface Track {
  upload: UploadId;
  index: number;
  body?: StatusBody;
  raw?: string;
  signature?: string;
  unchanged: number;
  failures: number;
  requests: number;
  firstAt?: number;
  lastGoodAt?: number;
  lastSentAt?: number;
  /** Centre delay last chosen: what the budget expects of this ID. */
  lastDelay: number;
  dueAt: number;
  done: boolean;
}

/** What a person would call a change: status, counts, and each platform's state. */
export function signature(b: StatusBody): string {
  return JSON.stringify([b.status, b.completed ?? null, b.total ?? null, b.results.map((r) => [r.platform, r.status ?? null, r.success ?? null, r.message ?? null])]);
}

export async function watchUploads(
  uploads: readonly UploadId[],
  opts: WatchOptions,
  deps: WatchDeps,
  events: WatchEvents = {},
  signal?: AbortSignal,
): Promise<Outcome[]> {
  const { now, random } = deps;
  const start = now();
  const deadline = opts.timeoutMs !== undefined ? start + opts.timeoutMs : Infinity;
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const grace = opts.watch ? (opts.notFoundGraceMs ?? 0) : 0;

  // Duplicates are watched once (issue 6); outcomes come back one per distinct ID.
  const seen = new Set<string>();
  const tracks: Track[] = [];
  for (const u of uploads) {
    const k = idKey(u);
    if (seen.has(k)) continue;
    seen.add(k);
    tracks.push({ upload: u, index: tracks.length, unchanged: 0, failures: 0, requests: 0, lastDelay: 5_000, dueAt: start, done: false });
  }
  const outcomes: Outcome[] = new Array(tracks.length);
  const queue = new MinHeap<Track>((a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.index < b.index));
  for (const t of tracks) queue.push(t);

  const budget = newBudget();
  let answered = false;
  let open = tracks.length;
  let unsent = tracks.length;
  let stopReason: OutcomeKind | undefined;
  const requestsAbort = new AbortController();
  // Every request in flight listens on this one signal: up to `concurrency` at
  // once, past Node's default warning threshold of 10.
  setMaxListeners(0, requestsAbort.signal);
  const inFlight = new Set<Promise<void>>();
  let wake: () => void = () => {};

  const onExternalAbort = (): void => {
    stopReason ??= 'interrupted';
    requestsAbort.abort();
    wake();
  };
  signal?.addEventListener('abort', onExternalAbort, { once: true });
  if (signal?.aborted) onExternalAbort();

  function outcomeOf(t: Track, kind: OutcomeKind, extra: Partial<Outcome> = {}): Outcome {
    return { kind, upload: t.upload, ...(t.body ? { body: t.body, raw: t.raw } : {}), ...extra };
  }

  function finish(t: Track, o: Outcome): void {
    if (t.done) return;
    t.done = true;
    open -= 1;
    outcomes[t.index] = o;
    events.onOutcome?.(o);
    if (opts.failFast && opts.watch && (o.kind === 'failed' || o.kind === 'not_found' || o.kind === 'api_error')) {
      stopReason ??= 'stopped';
    }
  }

  /** Requests this ID will want before `until`, at its current pace. */
  function demandUntil(until: number, t0: number): number {
    if (!opts.watch) return unsent;
    let n = 0;
    for (const t of queue.values()) {
      const due = Math.max(t.dueAt, t0);
      if (due < until) n += 1 + Math.floor((until - due) / Math.max(2_000, t.lastDelay));
    }
    return n + inFlight.size;
  }

  function schedule(t: Track, at: number): void {
    t.dueAt = at;
    queue.push(t);
  }

  function handle(t: Track, r: FetchResult): void {
    const at = now();
    answered = true;
    recordInfo(budget, r.rate, inFlight.size - 1, at);
    const ttl = cacheTtlMs(t.body?.status);
    const notBefore = (t.lastSentAt ?? at) + ttl;
    switch (r.kind) {
      case 'body': {
        t.failures = 0;
        t.lastGoodAt = at;
        const sig = signature(r.body);
        const changed = sig !== t.signature;
        t.unchanged = changed ? 0 : t.unchanged + 1;
        t.signature = sig;
        t.body = r.body;
        t.raw = r.raw;
        const final = classifyFinal(r.body);
        const inGrace = final === 'not_found' && grace > 0 && at - (t.firstAt ?? at) < grace;
        if ((final && !inGrace) || !opts.watch) {
          events.onProgress?.({ upload: t.upload, body: t.body, changed, requests: t.requests });
          return finish(t, outcomeOf(t, final && !inGrace ? final : 'pending', { httpStatus: r.http }));
        }
        const pace = inGrace ? 'pending' : paceOf(r.body.status, anyRetryable(r.body));
        if (pace === 'final') throw new Error('a non-final status paced as final');
        const centre = nextDelayMs(pace, t.unchanged, opts.intervalMs);
        t.lastDelay = centre;
        const floor = cacheTtlMs(inGrace ? 'pending' : r.body.status);
        const due = Math.max(at + jittered(centre, floor, random()), (t.lastSentAt ?? at) + floor);
        schedule(t, due);
        events.onProgress?.({ upload: t.upload, body: t.body, changed, nextCheckAt: due, requests: t.requests });
        return;
      }
      case 'auth':
        // A bad key is bad for every ID: stop at once, no hammering (issue 2).
        stopReason = 'auth_error';
        finish(t, outcomeOf(t, 'auth_error', { error: r.message, httpStatus: r.http }));
        for (const other of tracks) {
          if (!other.done) finish(other, outcomeOf(other, 'auth_error', { error: r.message, httpStatus: r.http }));
        }
        requestsAbort.abort();
        return;
      case 'throttled': {
        // Never counted as a failure; everyone waits for the window (contract).
        recordThrottle(budget, r.rate, at, THROTTLE_FALLBACK_MS);
        const due = Math.max(budget.pausedUntil, notBefore);
        events.onDecision?.(`429 for ${t.upload.id}: every request waits ${Math.round((budget.pausedUntil - at) / 100) / 10}s`);
        schedule(t, due);
        events.onProgress?.({ upload: t.upload, body: t.body, changed: false, nextCheckAt: due, requests: t.requests, throttled: true });
        return;
      }
      case 'transient': {
        t.failures += 1;
        const since = t.lastGoodAt ?? t.firstAt ?? at;
        if (t.failures >= MAX_CONSECUTIVE_FAILURES || at - since >= MAX_FAULT_SPAN_MS) {
          const msg = `${r.message}, ${t.failures} times in a row`;
          return finish(t, outcomeOf(t, 'api_error', { error: msg, ...(r.http ? { httpStatus: r.http } : {}) }));
        }
        const due = Math.max(at + backoffMs(t.failures, ttl, random()), notBefore);
        events.onDecision?.(`${t.upload.id}: ${r.message}; retry ${t.failures}/${MAX_CONSECUTIVE_FAILURES - 1} in ${Math.round((due - at) / 100) / 10}s`);
        schedule(t, due);
        events.onProgress?.({ upload: t.upload, body: t.body, changed: false, nextCheckAt: due, requests: t.requests, note: r.message });
        return;
      }
      case 'rejected':
        return finish(t, outcomeOf(t, 'api_error', { error: r.message, ...(r.http ? { httpStatus: r.http } : {}) }));
      default: {
        const never: never = r;
        throw new Error(`unhandled result ${String(never)}`);
      }
    }
  }

  function launch(t: Track, at: number): void {
    recordSend(budget, at);
    t.firstAt ??= at;
    t.lastSentAt = at;
    t.requests += 1;
    if (t.requests === 1) unsent -= 1;
    const p = deps
      .fetchStatus(t.upload, requestsAbort.signal)
      .then(
        (r) => {
          if (!t.done && !requestsAbort.signal.aborted) handle(t, r);
        },
        (err: unknown) => {
          if (t.done || requestsAbort.signal.aborted) return;
          // A fetcher should map every fault; anything else still must not kill the watch.
          handle(t, { kind: 'transient', message: `unexpected error (${(err as Error)?.message ?? String(err)})`, rate: {} });
        },
      )
      .finally(() => {
        inFlight.delete(p);
        wake();
      });
    inFlight.add(p);
  }

  /** Sleep until `until` or until something in flight settles, whichever is first. */
  async function waitUntil(until: number): Promise<void> {
    const ctl = new AbortController();
    const woken = new Promise<void>((r) => (wake = r));
    const t = now();
    const timer = until === Infinity ? new Promise<void>(() => {}) : deps.sleep(Math.max(0, until - t), ctl.signal);
    await Promise.race([timer, woken]);
    ctl.abort();
    wake = () => {};
  }

  while (open > 0 && stopReason === undefined) {
    const t0 = now();
    if (t0 >= deadline) {
      stopReason = 'timeout';
      break;
    }
    // Learn the budget from one answer before a burst, and after a window rolls
    // over send no more than it can hold (issue 6: zero 429s under a tight limit).
    const cap = answered ? burstCap(budget, t0, concurrency) : 1;
    const head = queue.peek();
    if (!head || inFlight.size >= cap) {
      await waitUntil(deadline);
      continue;
    }
    const sendAt = Math.max(head.dueAt, earliestSend(budget, t0, () => demandUntil(budget.resetAt ?? t0, t0)));
    if (sendAt > t0) {
      await waitUntil(Math.min(sendAt, deadline));
      continue;
    }
    queue.pop();
    launch(head, t0);
  }

  // Whatever is still open ends the way the loop stopped.
  requestsAbort.abort();
  signal?.removeEventListener('abort', onExternalAbort);
  const reason: OutcomeKind = stopReason === undefined || stopReason === 'auth_error' ? 'interrupted' : stopReason;
  for (const t of tracks) {
    if (!t.done) finish(t, outcomeOf(t, reason, reason === 'timeout' ? { error: 'the --timeout ran out before this ID was final' } : {}));
  }
  return outcomes;
}
