// The pacing schedule of docs/CONTRACT.md#pacing as pure functions. Every
// delay here is a centre: ≤ 10 % jitter goes around it, then the status's
// cache TTL is the floor, so two requests for one ID are never closer.
import { STATUS_TABLE, statusInfo, type Pace } from '../api/statuses.js';
import { minOf } from '../util/numbers.js';

export type { Pace } from '../api/statuses.js';

/** The shortest cache TTL of any status: no ID is ever asked about more often. */
export const MIN_TTL_MS = minOf(Object.values(STATUS_TABLE), (s) => s.ttlMs);

/** The server's cache TTL for a status; "no answer yet" counts as pending. */
export function cacheTtlMs(status: string | undefined): number {
  return statusInfo(status).ttlMs;
}

/** Which row of the pacing table a body falls in: a retryable platform paces like processing. */
export function paceOf(status: string, anyRetryable: boolean): Pace | 'final' {
  const info = statusInfo(status);
  if (info.pace === null) return 'final';
  return anyRetryable ? 'processing' : info.pace;
}

export const PENDING_BASE_MS = 5_000;
export const PENDING_STEP_MS = 1_000;
export const PENDING_MAX_MS = 10_000;
export const PROCESSING_MS = 10_000;

/**
 * Centre delay before the next request for one ID.
 * `unchanged` counts consecutive answers that showed nothing new (0 right
 * after a change), which is what lets pending grow 5 → 6 → … → 10 s.
 * `intervalMs` is --interval: it replaces the table (but never the TTL floor).
 */
export function nextDelayMs(pace: Pace, unchanged: number, intervalMs?: number): number {
  if (intervalMs !== undefined) return intervalMs;
  if (pace === 'processing') return PROCESSING_MS;
  return Math.min(PENDING_MAX_MS, PENDING_BASE_MS + PENDING_STEP_MS * Math.max(0, unchanged));
}

/** ≤ 10 % jitter around the centre, never below the TTL floor. `random` ∈ [0, 1). */
export function jittered(centreMs: number, floorMs: number, random: number): number {
  const j = centreMs * 0.1 * (random * 2 - 1);
  return Math.max(floorMs, Math.round(centreMs + j));
}

/**
 * A scheduled post (--not-before) answers pending until its time: until then
 * it is asked at most this often (docs/CONTRACT.md#scheduled-posts).
 */
export const SCHEDULED_CHECK_MS = 5 * 60_000;

/** When to ask a not-yet-due upload again: every SCHEDULED_CHECK_MS, and once exactly at its time. */
export function scheduledCheckAt(now: number, due: number): number {
  return Math.min(now + SCHEDULED_CHECK_MS, due);
}

// Transient faults (network, timeouts, 5xx, unreadable bodies): exponential
// backoff with full jitter, never inside the cache TTL
// (docs/CONTRACT.md#faults-and-retries).
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 30_000;
/**
 * A fault "persists" once its run holds this many failed requests in a row,
 * spread over at least MAX_FAULT_SPAN_MS from the run's first fault: a burst
 * of quick faults is no verdict, and neither is one fault after a long quiet.
 */
export const MAX_FAULTS_IN_A_ROW = 10;
export const MAX_FAULT_SPAN_MS = 120_000;
/**
 * 429s are no failure, but a server that answers nothing else stops being
 * waited on: this many 429s for one ID since its last good answer, spread
 * over at least MAX_FAULT_SPAN_MS, end it as an error. A real window's reset
 * (one or two 429s, however long the wait) never comes near it; a server that
 * says "retry in 2 s" for ever does.
 */
export const MAX_THROTTLED_ANSWERS = 10;
/**
 * Without --watch nobody asked to wait: a 429 is waited out only while the
 * window resets sooner than this, and 429 waits add up to no more than this
 * in all (docs/CONTRACT.md#time-and-quotas).
 */
export const ONE_SHOT_THROTTLE_MS = 60_000;
/** A 429 with no usable Reset or Retry-After waits this long. */
export const THROTTLE_FALLBACK_MS = 5_000;

export function backoffMs(failures: number, floorMs: number, random: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(floorMs, Math.round(random * ceiling));
}
