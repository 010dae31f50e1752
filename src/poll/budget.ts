// One rate-limit budget shared by every ID a watcher polls: it
// remembers what the last response said and decides when the next request
// may go out so the budget lasts until the window resets.
import { type RateInfo } from '../api/rate-limit-headers.js';

export interface BudgetState {
  limit?: number;
  remaining?: number;
  resetAt?: number;
  /** Nothing may be sent before this (429 / Retry-After). */
  pausedUntil: number;
  /** When the last request was let through. */
  lastGrantAt: number;
  /** Requests sent since the last response that carried a Remaining count. */
  sentSinceInfo: number;
}

export function newBudget(): BudgetState {
  return { pausedUntil: 0, lastGrantAt: -Infinity, sentSinceInfo: 0 };
}

/** While no window is known, how many requests may be in flight. */
export function burstCap(b: BudgetState, now: number, concurrency: number): number {
  const windowOpen = b.remaining !== undefined && b.resetAt !== undefined && b.resetAt > now;
  return windowOpen || b.limit === undefined ? concurrency : Math.max(1, Math.min(concurrency, b.limit));
}

/**
 * The earliest instant a request may be sent, given `demand(left)`: how many
 * requests the watcher expects to want before the window resets (a count past
 * `left` may stop early: only whether it exceeds `left` matters). While the
 * budget covers demand there is no spacing; otherwise requests are spread
 * evenly over what is left of the window.
 */
export function earliestSend(b: BudgetState, now: number, demand: (left: number) => number): number {
  const at = Math.max(now, b.pausedUntil);
  if (b.remaining === undefined || b.resetAt === undefined || b.resetAt <= at) return at;
  const left = b.remaining - b.sentSinceInfo;
  // Nothing left: wait for the window to roll over (plus a little for clock
  // rounding — the header has 1 s resolution).
  if (left <= 0) return b.resetAt + 250;
  if (demand(left) <= left) return at;
  const spacing = (b.resetAt - at) / left;
  return Math.max(at, b.lastGrantAt + spacing);
}

export function recordSend(b: BudgetState, at: number): void {
  b.lastGrantAt = at;
  b.sentSinceInfo += 1;
}

/** Fold in what a response said. `inFlight` excludes the request that answered. */
export function recordInfo(b: BudgetState, info: RateInfo, inFlight: number, now: number): void {
  if (info.remaining !== undefined) {
    const sameWindow = info.resetAt !== undefined && b.resetAt !== undefined && Math.abs(info.resetAt - b.resetAt) < 1000;
    // Answers can arrive out of order: within one window the lowest count is the truest.
    b.remaining = sameWindow && b.remaining !== undefined ? Math.min(b.remaining, info.remaining) : info.remaining;
    // Requests still in flight were sent after this answer was counted by the
    // server (or at about the same time): they will spend from it too.
    b.sentSinceInfo = Math.max(0, inFlight);
  }
  if (info.limit !== undefined) b.limit = info.limit;
  if (info.resetAt !== undefined) b.resetAt = info.resetAt;
  if (b.resetAt !== undefined && b.resetAt <= now && info.remaining === undefined) {
    b.remaining = undefined;
  }
}

/** A 429: nobody sends until the later of Reset and Retry-After. */
export function recordThrottle(b: BudgetState, info: RateInfo, now: number, fallbackMs: number): void {
  const until = Math.max(info.resetAt ?? 0, info.retryAt ?? 0);
  b.pausedUntil = Math.max(b.pausedUntil, until > now ? until : now + fallbackMs);
  if (info.resetAt !== undefined) b.resetAt = info.resetAt;
  b.remaining = 0;
  b.sentSinceInfo = 0;
  // After the pause the window has rolled: what is left is unknown again.
  if (b.resetAt !== undefined && b.resetAt <= b.pausedUntil) b.remaining = undefined;
}
