// The library API: the watching core for Node scripts. Same pacing,
// rate-limit and fault rules as the CLI; no process exits, no console output
// (but for one line when a caller's callback throws and there is no onError).
// Every option is checked before any request (config/library-options.ts).
import { type ApiConnection } from './api/connect.js';
import { type Timeouts } from './api/client.js';
import { type UploadId } from './api/types.js';
import { resolveConnection } from './config/connection.js';
import { DEFAULT_CONCURRENCY } from './config/defaults.js';
import { checkId } from './config/ids.js';
import { checkIdInput, checkIdList, checkOptions, CLIENT_OPTIONS, WATCH_OPTIONS } from './config/library-options.js';
import { UsageError } from './config/usage-error.js';
import { parseWhen, WHEN_HINT } from './config/when.js';
import { exitCodeFor, type Outcome } from './poll/outcome.js';
import { processBudgets, type BudgetLease } from './poll/shared-budget.js';
import { realClock } from './poll/sleep.js';
import { watchUploads, type Progress, type UploadSource, type WatchEvents, type WatchOptions } from './poll/watcher.js';
import { redactor, sanitize } from './util/sanitize.js';

export type { UploadId, IdKind, StatusBody, PlatformResult } from './api/types.js';
export type { Outcome, OutcomeKind, Verdict } from './poll/outcome.js';
export type { Progress, WatchOptions } from './poll/watcher.js';
export type { Timeouts } from './api/client.js';
export type { PlatformFacts, UploadFacts, Conclusion } from './api/facts.js';
export type { PlatformState, Stage } from './api/platform-states.js';
export type { Cause } from './api/causes.js';
export type { UploadVerdict, PlatformVerdict, ResultsDocument } from './poll/verdict.js';
export { uploadVerdict, resultsDocument } from './poll/verdict.js';
export { nextSteps } from './poll/next-steps.js';
export { readUpload } from './api/facts.js';
export { classifyFinal, exitCodeFor, EXIT } from './poll/outcome.js';
export { UsageError } from './config/usage-error.js';

/**
 * Every optional field also takes `undefined` (a consumer compiling with
 * exactOptionalPropertyTypes may pass `process.env.X` as it is): undefined
 * means "not given", as leaving the field out does.
 */
type Optional<T> = { [K in keyof T]?: T[K] | undefined };

export interface ClientConfig {
  /** Defaults to UPLOAD_POST_API_KEY, then the key stored by `upload-post auth login`. */
  apiKey?: string | undefined;
  /** Defaults to UPLOAD_POST_BASE_URL, then the production API. */
  baseUrl?: string | undefined;
  timeouts?: Timeouts | undefined;
  userAgent?: string | undefined;
  /** Ends the call; a reason named TimeoutError (AbortSignal.timeout()) ends it as a timeout, anything else as interrupted. */
  signal?: AbortSignal | undefined;
  /** Give up after this long: not final by then is a timeout (exit 5). */
  timeoutMs?: number | undefined;
}

export interface WatchConfig extends ClientConfig, Optional<Omit<WatchOptions, 'watch'>> {
  /** Every new picture of an ID (`p.changed` tells whether anything moved). */
  onChange?: ((p: Progress) => void) | undefined;
  /** Each ID as it reaches its outcome. */
  onOutcome?: ((o: Outcome) => void) | undefined;
  /**
   * An error thrown by onChange or onOutcome: each one, once. It changes no
   * verdict and stops nothing. Without onError the first such error is
   * written to stderr, once per watch.
   */
  onError?: ((err: unknown) => void) | undefined;
}

export interface WatchResult {
  outcomes: Outcome[];
  /** What the CLI would exit with (docs/CONTRACT.md#exit-codes). */
  exitCode: number;
}

/**
 * A bare string is a request ID. A scheduled post may carry `notBefore`, its
 * due time (a Date, epoch ms, or the CLI's forms: an ISO time with a zone or a
 * duration from now): until then it is asked at most every 5 minutes.
 */
export type IdInput = string | (Omit<UploadId, 'notBefore'> & { notBefore?: Date | number | string | undefined });

function toUpload(input: IdInput, now: number): UploadId {
  if (typeof input === 'string') {
    checkId(input, 'request ID');
    return { kind: 'request', id: input };
  }
  const where = input.kind === 'job' ? 'job ID' : 'request ID';
  checkId(input.id, where);
  const u: UploadId = { kind: input.kind, id: input.id };
  const due = input.notBefore;
  if (due === undefined) return u;
  const at = due instanceof Date ? due.getTime() : typeof due === 'number' ? due : parseWhen(due, now);
  if (at === undefined || !Number.isFinite(at)) throw new UsageError(`${where} ${input.id}: notBefore is not a time: give a Date, epoch ms, or ${WHEN_HINT}`);
  u.notBefore = at;
  return u;
}

/** A stream of IDs, each checked as it comes: a bad one ends the watch, which rejects with its UsageError. */
async function* checked(ids: AsyncIterable<unknown>): AsyncGenerator<UploadId> {
  for await (const id of ids) {
    checkIdInput('watch()', id);
    // notBefore durations count from when the ID comes.
    yield toUpload(id as IdInput, realClock.wall());
  }
}

/**
 * Calls in one process with the same key and base URL spend one rate-limit
 * budget (docs/API.md#rate-limits), as the server counts them.
 */
async function open(ids: readonly IdInput[] | AsyncIterable<IdInput>, cfg: ClientConfig, concurrency: number): Promise<{ uploads: UploadSource; connection: ApiConnection; lease: BudgetLease }> {
  let uploads: UploadSource;
  if (isAsyncIterable(ids)) uploads = checked(ids);
  else {
    // notBefore durations count from the time of day: the watcher places them on its monotonic clock.
    const now = realClock.wall();
    uploads = ids.map((id) => toUpload(id, now));
    if (uploads.length === 0) throw new UsageError('no ID given');
  }
  // The CLI's order, less its flags: the option, then UPLOAD_POST_API_KEY, then the key `auth login` stored.
  // Loaded on first use, like the HTTP stack below: importing the library reads no file.
  const { findApiKey } = await import('./config/api-key.js');
  const key = await findApiKey(cfg.apiKey !== undefined ? { flag: cfg.apiKey, flagName: 'apiKey' } : {}, process.env);
  if (!key.found && key.refused !== undefined) throw new UsageError(`no API key: ${key.refused}`);
  const { apiKey, baseUrl } = resolveConnection(key.found?.key, cfg.baseUrl, process.env, 'apiKey');
  // Loaded on first use: the HTTP stack (got, http, https, zlib) is most of
  // what importing the library would cost (docs/ARCHITECTURE.md#start-up).
  const { connect } = await import('./api/connect.js');
  const connection = await connect({ baseUrl, apiKey, userAgent: cfg.userAgent ?? 'upload-post-cli (library)', timeouts: cfg.timeouts, maxSockets: concurrency, now: realClock.now, wall: realClock.wall });
  return { uploads, connection, lease: processBudgets.acquire(apiKey, baseUrl, realClock.now()) };
}

function isAsyncIterable(v: unknown): v is AsyncIterable<IdInput> {
  return typeof v === 'object' && v !== null && typeof (v as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';
}

/**
 * Watch IDs until each is final (or the timeout / signal ends it). Never
 * rejects for API trouble: that is an outcome. `ids` may be an AsyncIterable
 * (IDs as a script submits them): each is watched as it comes, and the watch
 * ends once the iterable is done and every ID is final; what the iterable
 * throws (a bad ID included) stops the watch and rejects with it.
 */
export async function watch(ids: readonly IdInput[] | AsyncIterable<IdInput>, cfg: WatchConfig = {}): Promise<WatchResult> {
  if (!isAsyncIterable(ids)) checkIdList('watch()', ids);
  checkOptions('watch()', cfg, WATCH_OPTIONS);
  const concurrency = cfg.concurrency ?? DEFAULT_CONCURRENCY;
  const { uploads, connection, lease } = await open(ids, cfg, concurrency);
  try {
    const { timeoutMs, intervalMs, notFoundGraceMs, failFast } = cfg;
    const outcomes = await watchUploads(
      uploads,
      { watch: true, concurrency, timeoutMs, intervalMs, notFoundGraceMs, failFast },
      { fetchStatus: connection.fetchStatus, ...realClock, budget: lease.budget },
      isolated(cfg),
      cfg.signal,
    );
    return { outcomes, exitCode: exitCodeFor(outcomes) };
  } finally {
    lease.release();
    connection.close();
  }
}

/** One answer for one ID (faults retried, 429s waited out) — the SDK's getStatus, done carefully. */
export async function getStatus(id: IdInput, cfg: ClientConfig = {}): Promise<Outcome> {
  checkIdInput('getStatus()', id);
  checkOptions('getStatus()', cfg, CLIENT_OPTIONS);
  const { uploads, connection, lease } = await open([id], cfg, 1);
  try {
    const [outcome] = await watchUploads(uploads, { watch: false, timeoutMs: cfg.timeoutMs }, { fetchStatus: connection.fetchStatus, ...realClock, budget: lease.budget }, {}, cfg.signal);
    return outcome!;
  } finally {
    lease.release();
    connection.close();
  }
}

/**
 * The caller's callbacks, each run so that a throw changes no verdict and
 * stops nothing: its error goes to onError, else — the first one only — to
 * stderr, with the key taken out.
 */
function isolated(cfg: WatchConfig): WatchEvents {
  let told = false;
  const report = (name: string, err: unknown): void => {
    if (cfg.onError) {
      try {
        cfg.onError(err);
      } catch {
        // An onError that throws has nobody left to tell.
      }
      return;
    }
    if (told) return;
    told = true;
    const message = typeof err === 'object' && err !== null && 'message' in err ? (err as { message: unknown }).message : err;
    const scrub = redactor([cfg.apiKey, process.env.UPLOAD_POST_API_KEY]);
    process.stderr.write(`upload-post: ${name} threw (${scrub(sanitize(message))}); the watch goes on and its verdicts stand (pass onError to handle this)\n`);
  };
  const guard =
    <T>(name: string, fn: ((value: T) => void) | undefined) =>
    (value: T): void => {
      if (!fn) return;
      try {
        fn(value);
      } catch (err) {
        report(name, err);
      }
    };
  return { onProgress: guard('onChange', cfg.onChange), onOutcome: guard('onOutcome', cfg.onOutcome) };
}
