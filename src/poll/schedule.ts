// The pacing schedule of CLI-CONTRACT.md ("Pacing"), as pure functions.
// Every delay here is a centre: the watcher adds ≤ 10 % jitter, then clamps
// to the status's cache TTL so two requests for one ID are never closer.

/** Server-side cache TTLs (api doc, "Server-side caching"). */
export function cacheTtlMs(status: string | undefined): number {
  switch (status) {
    case 'processing':
    case 'in_progress':
      return 3_000;
    case 'completed':
    case 'failed':
      return 300_000;
    default:
      // pending, queued, unknown statuses and "no answer yet".
      return 2_000;
  }
}

export type Pace = 'pending' | 'processing' | 'final';

/** Which row of the pacing table a body falls in. */
export function paceOf(status: string, anyRetryable: boolean): Pace {
  if (status === 'completed' || status === 'failed' || status === 'not_found') return 'final';
  if (anyRetryable || status === 'processing' || status === 'in_progress') return 'processing';
  // pending, queued — and statuses we do not know, which we treat as the
  // most cautious non-final pace rather than as final.
  return 'pending';
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
export function nextDelayMs(pace: Exclude<Pace, 'final'>, unchanged: number, intervalMs?: number): number {
  if (intervalMs !== undefined) return intervalMs;
  if (pace === 'processing') return PROCESSING_MS;
  return Math.min(PENDING_MAX_MS, PENDING_BASE_MS + PENDING_STEP_MS * Math.max(0, unchanged));
}

/** ≤ 10 % jitter around the centre, never below the TTL floor. `random` ∈ [0, 1). */
export function jittered(centreMs: number, floorMs: number, random: number): number {
  const j = centreMs * 0.1 * (random * 2 - 1);
  return Math.max(floorMs, Math.round(centreMs + j));
}

// Transient faults (network, timeouts, 5xx, unreadable bodies): exponential
// backoff with full jitter, never inside the cache TTL (issue 5).
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 30_000;
/** A fault "persists" after this many failed requests in a row (issue 5). */
export const MAX_CONSECUTIVE_FAILURES = 5;

export function backoffMs(failures: number, floorMs: number, random: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(floorMs, Math.round(random * ceiling));
}
