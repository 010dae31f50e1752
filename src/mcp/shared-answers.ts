// One answer per upload for every call in the server (docs/MCP.md#pacing):
// two agents — or one agent asking twice — waiting on the same ID would each
// ask the API about it. The server caches a status for its TTL anyway
// (docs/API.md#statuses-and-cache), so an answer fetched for one call serves
// every other call that asks within that TTL, and a request already in
// flight for an ID is joined, not sent again.
import { type FetchResult, type FetchStatus } from '../api/client.js';
import { idKey, type UploadId } from '../api/types.js';
import { cacheTtlMs } from '../poll/schedule.js';
import { unlessAborted } from '../util/abort.js';

/**
 * What is kept at once: past either bound the oldest answers go first. An
 * answer may be megabytes (docs/API.md): the bytes are bounded, not just the count.
 */
export const MAX_KEPT_ANSWERS = 10_000;
export const MAX_KEPT_CHARS = 32 * 1024 * 1024;

/**
 * An answer serves for its status's TTL, but never longer than this: we do
 * not know how much of the server's TTL had run when it answered, and a
 * final status kept for its whole 5 minutes could outlive the server's copy
 * (an upload retried goes back to in_progress, docs/API.md). Long enough for
 * a status check right after a wait.
 */
export const MAX_KEEP_MS = 30_000;

const CANCELLED: FetchResult = { kind: 'transient', message: 'cancelled', rate: {} };

interface Kept {
  until: number;
  result: Extract<FetchResult, { kind: 'body' }>;
}

export class SharedAnswers {
  private readonly inFlight = new Map<string, Promise<FetchResult>>();
  private readonly kept = new Map<string, Kept>();
  private keptChars = 0;

  constructor(private readonly now: () => number) {}

  /** `fetch`, shared: what every call of the server asks through. */
  wrap(fetch: FetchStatus): FetchStatus {
    return (upload, signal) => {
      const key = idKey(upload);
      const now = this.now();
      const kept = this.kept.get(key);
      // A kept answer is the one the server would serve from its cache; its
      // rate-limit headers are not: each answer's count is folded in once.
      if (kept && now < kept.until) return Promise.resolve({ ...kept.result, rate: {} });
      if (kept) this.forget(key);
      const shared = this.inFlight.get(key) ?? this.send(fetch, upload, key);
      // A caller that stops listening gets an empty answer at once; the request goes on for the others.
      return signal ? unlessAborted(shared, signal).then((r) => r ?? CANCELLED) : shared;
    };
  }

  /** Everything forgotten (another key or base URL: another account's answers). */
  clear(): void {
    this.kept.clear();
    this.keptChars = 0;
    this.inFlight.clear();
  }

  /**
   * One request for `upload`, shared by whoever joins it. It carries no
   * caller's signal: one call cancelled must not cancel another's answer; the
   * request's own timeout still ends it.
   */
  private send(fetch: FetchStatus, upload: UploadId, key: string): Promise<FetchResult> {
    const request = fetch(upload).then((result) => {
      if (this.inFlight.get(key) === request) this.inFlight.delete(key);
      if (result.kind === 'body') this.keep(key, result);
      return result;
    });
    // A rejection (a fetcher should map every fault) is the callers'; the entry still goes.
    request.catch(() => this.inFlight.get(key) === request && this.inFlight.delete(key));
    this.inFlight.set(key, request);
    return request;
  }

  private keep(key: string, result: Kept['result']): void {
    this.forget(key);
    if (result.raw.length > MAX_KEPT_CHARS) return;
    this.kept.set(key, { until: this.now() + Math.min(cacheTtlMs(result.body.status), MAX_KEEP_MS), result });
    this.keptChars += result.raw.length;
    // Maps iterate in insertion order: the first is the oldest.
    while (this.kept.size > MAX_KEPT_ANSWERS || this.keptChars > MAX_KEPT_CHARS) this.forget(this.kept.keys().next().value!);
  }

  private forget(key: string): void {
    const old = this.kept.get(key);
    if (old === undefined) return;
    this.kept.delete(key);
    this.keptChars -= old.result.raw.length;
  }
}
