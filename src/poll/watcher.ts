// The loop that drives any number of IDs (docs/CONTRACT.md#pacing): a queue
// ordered by when each ID is due, at most `concurrency` requests in flight,
// one rate-limit budget shared by all, and a deadline that holds even while a
// request hangs. IDs come as a list or as a stream that the loop admits as
// they arrive (arrivals.ts). What happens to each ID lives in upload-state.ts;
// time, sleep, randomness and HTTP are injected.
import { setMaxListeners } from 'node:events';
import { type FetchResult, type FetchStatus } from '../api/client.js';
import { type UploadFacts } from '../api/facts.js';
import { idKey, type StatusBody, type UploadId } from '../api/types.js';
import { DEFAULT_CONCURRENCY } from '../config/defaults.js';
import { MinHeap } from '../util/heap.js';
import { burstCap, earliestSend, recordInfo, recordSend, recordThrottle, type BudgetState } from './budget.js';
import { pullArrivals, type UploadSource } from './arrivals.js';
import { outcomeInfo, type Outcome, type OutcomeKind } from './outcome.js';
import { MIN_TTL_MS, THROTTLE_FALLBACK_MS } from './schedule.js';
import { newSharedBudget, totalDemand, type Demand, type SharedBudget } from './shared-budget.js';
import { newUploadState, onAnswer, onDeadline, outcomeOf, sent, type Step, type UploadState } from './upload-state.js';

export interface WatchOptions {
  /** Poll until final; otherwise one answer per ID (retrying faults). */
  watch: boolean;
  timeoutMs?: number;
  intervalMs?: number;
  notFoundGraceMs?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  failFast?: boolean;
}

export interface WatchDeps {
  fetchStatus: FetchStatus;
  /** Monotonic milliseconds: every deadline, wait and span (docs/ARCHITECTURE.md#time). */
  now: () => number;
  /** The wall clock: only to place --not-before times and to print times. */
  wall: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  /** The budget of this key and base URL, shared with other loops in the process; else one of its own. */
  budget?: SharedBudget;
}

/** What views and reports are told whenever an ID's picture changes. */
export interface Progress {
  upload: UploadId;
  body?: StatusBody;
  /** What that body means (the views present this, never the body). */
  facts?: UploadFacts;
  /** The body differs from the last one in something a person would notice. */
  changed: boolean;
  /** When the next request for this ID is due, on the monotonic clock (undefined once final). */
  nextCheckAt?: number;
  requests: number;
  /** A fault being retried (server-derived text: sanitise before display). */
  note?: string;
  /** Waiting out a 429: every request is paused until the window resets (nextCheckAt). */
  throttled?: boolean;
  /** Waiting for its --not-before time, this one (monotonic, like nextCheckAt). */
  dueAt?: number;
}

export interface WatchEvents {
  onProgress?(p: Progress): void;
  onOutcome?(o: Outcome): void;
  /** Decisions worth a --verbose line: backoff, throttling. */
  onDecision?(line: string): void;
  /** A streamed source gave an ID not seen before: it is watched from now. */
  onArrival?(upload: UploadId): void;
  /** A streamed source ended: the watch ends once every ID read is final. */
  onInputEnd?(): void;
}

/** One ID in the loop: its state, its place in the queue, whether it is over. */
interface Entry {
  state: UploadState;
  /** Position in the input: outcomes come back in this order. */
  readonly index: number;
  dueAt: number;
  done: boolean;
}

export type { UploadSource } from './arrivals.js';

/**
 * Outcomes come back one per distinct ID, in the order the IDs came. A
 * streamed source is read while the loop runs; the watch ends when it has
 * ended and every ID is final (or at the deadline, a stop or the signal).
 */
export async function watchUploads(
  uploads: UploadSource,
  opts: WatchOptions,
  deps: WatchDeps,
  events: WatchEvents = {},
  signal?: AbortSignal,
): Promise<Outcome[]> {
  const streamed = !Array.isArray(uploads);
  const watch = new Watch(streamed ? [] : (uploads as readonly UploadId[]), opts, deps, events);
  return watch.run(signal, streamed ? (uploads as AsyncIterable<UploadId | readonly UploadId[]>) : undefined);
}

class Watch {
  /** IDs not final yet, in the order they came; an ended ID keeps only its outcome. */
  private readonly open = new Set<Entry>();
  /** Every ID seen, so a duplicate is watched once. */
  private readonly seen = new Set<string>();
  private readonly queue = new MinHeap<Entry>((a, b) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.index < b.index));
  private readonly outcomes: Outcome[] = [];
  private readonly shared: SharedBudget;
  private readonly budget: BudgetState;
  private readonly demand: Demand = (until, now, enough) => this.demandUntil(until, now, enough);
  /** Aborts every request in flight when the loop ends. */
  private readonly requests = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deadline: number;
  private readonly concurrency: number;
  private unfinished = 0;
  private notYetAsked = 0;
  /** A streamed source is still being read. */
  private inputOpen = false;
  /** Until one answer shows the rate limit, only one request goes out. */
  private anyAnswer = false;
  private stopReason: OutcomeKind | undefined;
  /** All the time this watch's 429s have paused sending (a one-shot spends little of it). */
  private throttledMs = 0;
  /** Cuts the loop's current wait short: an answer or an abort arrived. */
  private wakeLoop: () => void = () => {};
  /** A wake for arrivals is queued: a chunk of input brings thousands at once, and the loop needs one turn for them, not one each. */
  private arrivalWake: NodeJS.Immediate | undefined;
  /** The monotonic clock less the wall clock, at the start: where a wall-clock not-before falls. */
  private readonly wallOffset: number;

  constructor(
    uploads: readonly UploadId[],
    private readonly opts: WatchOptions,
    private readonly deps: WatchDeps,
    private readonly events: WatchEvents,
  ) {
    const start = deps.now();
    this.shared = deps.budget ?? newSharedBudget();
    this.budget = this.shared.state;
    // --not-before times are wall-clock instants: placed once on the monotonic clock.
    this.wallOffset = start - deps.wall();
    this.deadline = opts.timeoutMs !== undefined ? start + opts.timeoutMs : Infinity;
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
    for (const upload of uploads) this.admit(upload, start);
    // Every request in flight listens on this one signal: up to `concurrency`
    // at once, past Node's default warning threshold of 10.
    setMaxListeners(0, this.requests.signal);
  }

  /** A new ID is due at once; a duplicate is ignored. Returns whether it was new. */
  private admit(upload: UploadId, at: number): boolean {
    const key = idKey(upload);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    const due = upload.notBefore !== undefined ? upload.notBefore + this.wallOffset : undefined;
    const entry: Entry = { state: newUploadState(upload, due), index: this.outcomes.length, dueAt: at, done: false };
    this.outcomes.length += 1;
    this.open.add(entry);
    this.queue.push(entry);
    this.unfinished += 1;
    this.notYetAsked += 1;
    return true;
  }

  async run(signal?: AbortSignal, source?: AsyncIterable<UploadId | readonly UploadId[]>): Promise<Outcome[]> {
    const onAbort = (): void => {
      // AbortSignal.timeout() is a deadline the caller set, not an interruption.
      this.stopReason ??= isTimeoutReason(signal?.reason) ? 'timeout' : 'interrupted';
      this.requests.abort();
      this.wakeLoop();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    const over = new AbortController();
    const failed = source ? this.follow(source, over.signal) : undefined;
    this.shared.demands.add(this.demand);
    try {
      while ((this.unfinished > 0 || this.inputOpen) && this.stopReason === undefined) await this.turn();
    } finally {
      this.shared.demands.delete(this.demand);
      clearImmediate(this.arrivalWake);
      over.abort();
      this.requests.abort();
      signal?.removeEventListener('abort', onAbort);
    }
    this.endUnfinished();
    if (failed?.happened) throw failed.error;
    return this.outcomes;
  }

  /**
   * Reads `source` beside the loop until `over`: each new ID is admitted due
   * at once, and the loop woken once per batch that arrived together. What
   * the source throws stops the watch; the returned record holds it.
   */
  private follow(source: AsyncIterable<UploadId | readonly UploadId[]>, over: AbortSignal): { happened: boolean; error?: unknown } {
    const failed: { happened: boolean; error?: unknown } = { happened: false };
    this.inputOpen = true;
    pullArrivals(source, over, {
      arrive: (upload) => {
        if (this.admit(upload, this.deps.now())) this.events.onArrival?.(upload);
        this.arrivalWake ??= setImmediate(() => {
          this.arrivalWake = undefined;
          this.wakeLoop();
        });
      },
      end: (error) => {
        this.inputOpen = false;
        if (error) {
          failed.happened = true;
          failed.error = error.error;
          this.stopReason ??= 'interrupted';
        } else this.events.onInputEnd?.();
        this.wakeLoop();
      },
    });
    return failed;
  }

  /** One turn of the loop: send the next request that is due, or wait. */
  private async turn(): Promise<void> {
    const now = this.deps.now();
    if (now >= this.deadline) {
      this.stopReason = 'timeout';
      return;
    }
    // Learn the budget from one answer before a burst, and after a window
    // rolls over send no more than it can hold.
    const cap = this.anyAnswer ? burstCap(this.budget, now, this.concurrency) : 1;
    const head = this.queue.peek();
    if (!head || this.inFlight.size >= cap) return this.waitUntil(this.deadline);
    const sendAt = Math.max(head.dueAt, earliestSend(this.budget, now, (left) => totalDemand(this.shared, this.budget.resetAt ?? now, now, left)));
    if (sendAt > now) return this.waitUntil(Math.min(sendAt, this.deadline));
    this.queue.pop();
    this.launch(head, now);
  }

  private launch(entry: Entry, at: number): void {
    recordSend(this.budget, at);
    this.shared.inFlight += 1;
    if (entry.state.requests === 0) this.notYetAsked -= 1;
    entry.state = sent(entry.state, at);
    const request = this.deps
      .fetchStatus(entry.state.upload, this.requests.signal)
      .then(
        (r) => this.settle(entry, r),
        // A fetcher should map every fault; anything else still must not kill the watch.
        (err: unknown) => this.settle(entry, { kind: 'transient', message: `unexpected error (${describeError(err)})`, rate: {} }),
      )
      .finally(() => {
        this.shared.inFlight -= 1;
        this.inFlight.delete(request);
        this.wakeLoop();
      });
    this.inFlight.add(request);
  }

  /**
   * An answer arrived: fold it into the budget, then take the step its state
   * machine chooses. Nothing a server sends may throw out of the loop: if
   * anything does, it is this ID's fault, and the others carry on.
   */
  private settle(entry: Entry, r: FetchResult): void {
    if (entry.done || this.requests.signal.aborted) return;
    try {
      this.settleOrThrow(entry, r);
    } catch (err) {
      if (!entry.done) this.finish(entry, outcomeOf(entry.state, 'api_error', { error: `the answer could not be read (${describeError(err)})` }));
    }
  }

  private settleOrThrow(entry: Entry, r: FetchResult): void {
    const at = this.deps.now();
    this.anyAnswer = true;
    recordInfo(this.budget, r.rate, this.shared.inFlight - 1, at);
    if (r.kind === 'throttled') {
      const pausedFrom = Math.max(this.budget.pausedUntil, at);
      recordThrottle(this.budget, r.rate, at, THROTTLE_FALLBACK_MS);
      this.throttledMs += Math.max(0, this.budget.pausedUntil - pausedFrom);
    }
    const { state, step } = onAnswer(entry.state, r, {
      at,
      wallAt: this.deps.wall(),
      throttledMs: this.throttledMs,
      watch: this.opts.watch,
      notFoundGraceMs: this.opts.watch ? (this.opts.notFoundGraceMs ?? 0) : 0,
      intervalMs: this.opts.intervalMs,
      random: this.deps.random(),
      pausedUntil: this.budget.pausedUntil,
    });
    entry.state = state;
    this.take(entry, step);
  }

  private take(entry: Entry, step: Step): void {
    const { upload, body, facts, requests } = entry.state;
    switch (step.kind) {
      case 'poll':
        if (step.log) this.events.onDecision?.(step.log);
        entry.dueAt = step.at;
        this.queue.push(entry);
        this.tell({
          upload,
          body,
          facts,
          changed: step.changed,
          nextCheckAt: step.at,
          requests,
          ...(step.note ? { note: step.note } : {}),
          ...(step.throttled ? { throttled: true } : {}),
          ...(step.dueAt !== undefined ? { dueAt: step.dueAt } : {}),
        });
        return;
      case 'finish':
        if (step.changed !== undefined) this.tell({ upload, body, facts, changed: step.changed, requests });
        return this.finish(entry, step.outcome);
      case 'stop-all': {
        this.stopReason = step.outcomeKind;
        const extra = { error: step.error, httpStatus: step.httpStatus };
        this.finish(entry, outcomeOf(entry.state, step.outcomeKind, extra));
        for (const other of this.open) this.finish(other, outcomeOf(other.state, step.outcomeKind, extra));
        this.requests.abort();
        return;
      }
      default: {
        const never: never = step;
        throw new Error(`unhandled step ${String(never)}`);
      }
    }
  }

  /** An output that cannot show a picture must not change an ID's verdict. */
  private tell(p: Progress): void {
    try {
      this.events.onProgress?.(p);
    } catch {
      // The library reports its caller's errors itself (src/index.ts); a view's are its own.
    }
  }

  private finish(entry: Entry, outcome: Outcome): void {
    if (entry.done) return;
    entry.done = true;
    this.open.delete(entry);
    this.unfinished -= 1;
    this.outcomes[entry.index] = outcome;
    try {
      this.events.onOutcome?.(outcome);
    } catch {
      // The outcome is kept and counts; an output that cannot show it must not cost the other IDs theirs.
    }
    if (this.opts.failFast && this.opts.watch && outcomeInfo(outcome.kind).failure) this.stopReason ??= 'stopped';
  }

  /**
   * Requests the queue will want before `until`, each ID at its current pace —
   * counted only as far as `enough`: the budget asks whether demand exceeds
   * what is left, and a send must not cost a pass over 100,000 IDs.
   */
  private demandUntil(until: number, now: number, enough: number): number {
    if (!this.opts.watch) return this.notYetAsked;
    // No ID asks more often than the shortest cache TTL: if even that fits, it all fits.
    const most = (this.queue.size + this.inFlight.size) * (1 + Math.floor(Math.max(0, until - now) / MIN_TTL_MS));
    if (most <= enough) return most;
    let n = this.inFlight.size;
    for (const entry of this.queue.values()) {
      const due = Math.max(entry.dueAt, now);
      if (due < until) n += 1 + Math.floor((until - due) / Math.max(MIN_TTL_MS, entry.state.centreDelayMs));
      if (n > enough) break;
    }
    return n;
  }

  /** Sleep until `until` or until something in flight settles, whichever is first. */
  private async waitUntil(until: number): Promise<void> {
    const cancel = new AbortController();
    const woken = new Promise<void>((resolve) => (this.wakeLoop = resolve));
    const timer = until === Infinity ? new Promise<void>(() => {}) : this.deps.sleep(Math.max(0, until - this.deps.now()), cancel.signal);
    await Promise.race([timer, woken]);
    // A reason of our own: abort() without one builds a DOMException and its
    // stack, once per turn of the loop.
    cancel.abort(WAIT_OVER);
    this.wakeLoop = () => {};
  }

  /** Whatever is still open ends the way the loop stopped. */
  private endUnfinished(): void {
    const reason: OutcomeKind = this.stopReason === undefined || this.stopReason === 'auth_error' ? 'interrupted' : this.stopReason;
    const at = this.deps.now();
    for (const entry of this.open) this.finish(entry, reason === 'timeout' ? onDeadline(entry.state, at) : outcomeOf(entry.state, reason));
  }
}

const WAIT_OVER = Object.freeze({ reason: 'the wait is over' });

function isTimeoutReason(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

/** An error's message, read without trusting the value thrown. */
function describeError(err: unknown): string {
  const message = typeof err === 'object' && err !== null && 'message' in err ? (err as { message: unknown }).message : undefined;
  return typeof message === 'string' ? message.slice(0, 200) : typeof err;
}
