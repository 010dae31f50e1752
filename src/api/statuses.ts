// The API's top-level statuses, each defined once (docs/API.md#statuses,
// docs/API.md#caching-and-polling). Pacing, cache TTLs, verdicts and labels
// are all read from this table: adding a status is adding a row.
import { type Tone } from './tone.js';

/** Which row of the pacing table a non-final status falls in (docs/CONTRACT.md#pacing). */
export type Pace = 'pending' | 'processing';

/** What a final status means before its platform results are looked at. */
export type FinalStatus = 'completed' | 'failed' | 'not_found';

export interface StatusInfo {
  /** The server caches a body this long: never ask again sooner. */
  readonly ttlMs: number;
  /** How to pace the next request; null once final. */
  readonly pace: Pace | null;
  /** Final statuses only: the verdict it gives. */
  readonly final: FinalStatus | null;
  readonly label: string;
  readonly tone: Tone;
}

export const STATUS_TABLE = {
  pending: { ttlMs: 2_000, pace: 'pending', final: null, label: 'pending', tone: 'dim' },
  queued: { ttlMs: 2_000, pace: 'pending', final: null, label: 'queued', tone: 'dim' },
  processing: { ttlMs: 3_000, pace: 'processing', final: null, label: 'processing', tone: 'info' },
  in_progress: { ttlMs: 3_000, pace: 'processing', final: null, label: 'in_progress', tone: 'info' },
  completed: { ttlMs: 300_000, pace: null, final: 'completed', label: 'completed', tone: 'ok' },
  failed: { ttlMs: 300_000, pace: null, final: 'failed', label: 'failed', tone: 'fail' },
  // Our rule: a 404 body is never polled again (unless --not-found-grace), so
  // its TTL only matters for the simulator's cache; the vendor states none.
  not_found: { ttlMs: 2_000, pace: null, final: 'not_found', label: 'not_found', tone: 'fail' },
} as const satisfies Record<string, StatusInfo>;

export type KnownStatus = keyof typeof STATUS_TABLE;

/**
 * A status we have never heard of degrades safely: paced like pending, with
 * the shortest TTL, and never final — waiting longer is better than a wrong
 * verdict (docs/CONTRACT.md#pacing).
 */
export const UNKNOWN_STATUS: StatusInfo = { ttlMs: 2_000, pace: 'pending', final: null, label: 'unknown', tone: 'dim' };

export function isKnownStatus(status: string): status is KnownStatus {
  return Object.hasOwn(STATUS_TABLE, status);
}

/** The row for a status as a server sent it; `undefined` is "no answer yet". */
export function statusInfo(status: string | undefined): StatusInfo {
  return status !== undefined && isKnownStatus(status) ? STATUS_TABLE[status] : UNKNOWN_STATUS;
}
