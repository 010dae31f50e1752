// The closed set of outcomes for one ID, how a body classifies, and how many
// outcomes fold into one exit code (CLI-CONTRACT.md, "Exit codes").
import { type StatusBody, type UploadId } from '../api/types.js';

export type OutcomeKind =
  | 'completed' // final, every platform succeeded
  | 'failed' // final: top-level failed, or a platform failed
  | 'not_found' // 404 (after any --not-found-grace)
  | 'pending' // one-shot: not final yet
  | 'timeout' // --timeout ran out
  | 'auth_error' // 401/403
  | 'api_error' // unreachable / unreadable past the retries, or a request we cannot make right
  | 'stopped' // --fail-fast stopped watching it
  | 'interrupted'; // SIGINT/SIGTERM/AbortSignal

export interface Outcome {
  kind: OutcomeKind;
  upload: UploadId;
  /** The last status body seen, if any, and its text exactly as received. */
  body?: StatusBody;
  raw?: string;
  /** For error kinds: one sentence, safe to print (never holds the API key). */
  error?: string;
  httpStatus?: number;
}

export function anyRetryable(body: StatusBody): boolean {
  return body.results.some((r) => r.status === 'retryable');
}

/**
 * A platform has failed for good: its own `status` says `failed`, or it has
 * no status and `success: false`. An explicit non-failed status (queued,
 * processing, retryable, completed) wins over `success: false`, which servers
 * also send while a platform is still being worked on.
 */
export function platformFailed(r: StatusBody['results'][number]): boolean {
  if (typeof r.status === 'string' && r.status !== '') return r.status === 'failed';
  return r.success === false;
}

/**
 * What a status body means once it is final. A final status with any
 * platform `success: false` or `failed` counts as failed (issue 2).
 * Returns null while the body is not final.
 */
export function classifyFinal(body: StatusBody): 'completed' | 'failed' | 'not_found' | null {
  switch (body.status) {
    case 'failed':
      return 'failed';
    case 'not_found':
      return 'not_found';
    case 'completed':
      return body.results.some(platformFailed) ? 'failed' : 'completed';
    default:
      return null;
  }
}

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  timeout: 5,
  pending: 6,
  unreachable: 7,
  sigint: 130,
  sigterm: 143,
} as const;

export function exitCodeOf(kind: OutcomeKind): number {
  switch (kind) {
    case 'completed':
      return EXIT.ok;
    case 'failed':
      return EXIT.failed;
    case 'not_found':
      return EXIT.notFound;
    case 'pending':
      return EXIT.pending;
    case 'timeout':
    // A --fail-fast stop is not itself a verdict: the failing ID's code wins by
    // precedence; the stopped ones rank like a timeout (not final).
    case 'stopped':
      return EXIT.timeout;
    case 'auth_error':
      return EXIT.auth;
    case 'api_error':
      return EXIT.unreachable;
    case 'interrupted':
      return EXIT.sigint;
    default: {
      const never: never = kind;
      throw new Error(`unhandled outcome ${String(never)}`);
    }
  }
}

/** Contract order: the first code that applies wins. */
const PRECEDENCE = [EXIT.usage, EXIT.auth, EXIT.unreachable, EXIT.failed, EXIT.notFound, EXIT.timeout, EXIT.pending, EXIT.ok];

export function combineExitCodes(codes: readonly number[]): number {
  // 130/143 (an interruption) outrank the table.
  const outside = codes.filter((c) => !(PRECEDENCE as readonly number[]).includes(c));
  if (outside.length > 0) return Math.max(...outside);
  for (const c of PRECEDENCE) if (codes.includes(c)) return c;
  return EXIT.ok;
}

export function exitCodeFor(outcomes: readonly Outcome[]): number {
  return combineExitCodes(outcomes.map((o) => exitCodeOf(o.kind)));
}
