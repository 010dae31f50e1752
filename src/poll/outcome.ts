// The closed set of outcomes for one ID (docs/CONTRACT.md#exit-codes), each
// defined once: its symbol, label and tone in every view, the verdict word
// reports use, its exit code, and whether it counts as a failure.
import { readUpload, type PlatformFacts, type UploadFacts } from '../api/facts.js';
import { safeLink } from '../api/links.js';
import { type FinalStatus } from '../api/statuses.js';
import { type Tone } from '../api/tone.js';
import { type StatusBody, type UploadId } from '../api/types.js';
import { combineExitCodes, EXIT } from './exit-codes.js';

export { combineExitCodes, EXIT } from './exit-codes.js';

/** The run's verdict in one word, as CI outputs name it (docs/CONTRACT.md#links-and-reports). */
export type Verdict = 'completed' | 'failed' | 'not_found' | 'timeout' | 'error' | 'pending' | 'interrupted';

export interface OutcomeInfo {
  readonly symbol: string;
  readonly label: string;
  readonly tone: Tone;
  readonly verdict: Verdict;
  readonly exitCode: number;
  /** A failure: it stops a --fail-fast watch and is listed before the rest. */
  readonly failure: boolean;
}

export const OUTCOME_TABLE = {
  // Final, every platform succeeded.
  completed: { symbol: '✔', label: 'completed', tone: 'ok', verdict: 'completed', exitCode: EXIT.ok, failure: false },
  // Final: top-level failed, or a platform failed.
  failed: { symbol: '✖', label: 'failed', tone: 'fail', verdict: 'failed', exitCode: EXIT.failed, failure: true },
  // 404, after any --not-found-grace.
  not_found: { symbol: '?', label: 'not found', tone: 'fail', verdict: 'not_found', exitCode: EXIT.notFound, failure: true },
  // 401/403: the key is bad for every ID.
  auth_error: { symbol: '✖', label: 'auth error', tone: 'fail', verdict: 'error', exitCode: EXIT.auth, failure: true },
  // Unreachable or unreadable past the retries, or a request the server will never accept.
  api_error: { symbol: '✖', label: 'API error', tone: 'fail', verdict: 'error', exitCode: EXIT.unreachable, failure: true },
  timeout: { symbol: '⏱', label: 'timed out', tone: 'warn', verdict: 'timeout', exitCode: EXIT.timeout, failure: false },
  // A one-shot whose answer is not final yet.
  pending: { symbol: '…', label: 'not final', tone: 'warn', verdict: 'pending', exitCode: EXIT.pending, failure: false },
  // --fail-fast stopped watching it: not a verdict of its own, so it ranks
  // like a timeout and the failing ID's code wins by precedence.
  stopped: { symbol: '■', label: 'stopped', tone: 'dim', verdict: 'timeout', exitCode: EXIT.timeout, failure: false },
  // SIGINT/SIGTERM/an AbortSignal.
  interrupted: { symbol: '■', label: 'interrupted', tone: 'dim', verdict: 'interrupted', exitCode: EXIT.sigint, failure: false },
} as const satisfies Record<string, OutcomeInfo>;

export type OutcomeKind = keyof typeof OUTCOME_TABLE;

/** Every kind, in the order summaries list them: the table's order. */
export const OUTCOME_KINDS = Object.keys(OUTCOME_TABLE) as OutcomeKind[];

export interface Outcome {
  kind: OutcomeKind;
  upload: UploadId;
  /** The last status body seen, if any, and its text exactly as received (--json prints it). */
  body?: StatusBody;
  raw?: string;
  /** What that body means, read once when it arrived: what every view and report presents. */
  facts?: UploadFacts;
  /** For error kinds: one sentence, safe to print (never holds the API key). */
  error?: string;
  httpStatus?: number;
  /** An api_error no retry heals (a redirect, an untrusted certificate, a wrong base URL): "run again later" would mislead. */
  lasting?: boolean;
}

/**
 * The outcome as reports get it: its facts with the key taken out of each
 * text — the ID, the error, every platform's name, reason, code, note and
 * link — before any report escapes, quotes or cuts it, and no body: a
 * report presents facts. Reports are redacted value by value, never as a
 * finished file: a short key must not rename an XML attribute or an output.
 */
export function scrubOutcome(o: Outcome, scrub: (text: string) => string): Outcome {
  const { body: _body, raw: _raw, ...rest } = o;
  const id = scrub(o.upload.id);
  return {
    ...rest,
    ...(id !== o.upload.id ? { upload: { ...o.upload, id } } : {}),
    ...(o.error !== undefined ? { error: scrub(o.error) } : {}),
    ...(o.facts ? { facts: scrubFacts(o.facts, scrub) } : {}),
  };
}

function scrubPlatform(p: PlatformFacts, scrub: (text: string) => string): PlatformFacts {
  const fields: Partial<Record<'key' | 'platform' | 'reason' | 'errorCode' | 'note' | 'message' | 'timestamp', string>> = {};
  for (const field of ['key', 'platform', 'reason', 'errorCode', 'note', 'message', 'timestamp'] as const) {
    const v = p[field];
    if (v !== undefined && scrub(v) !== v) fields[field] = scrub(v);
  }
  const warnings = p.warnings.some((w) => scrub(w) !== w) ? { warnings: p.warnings.map(scrub) } : {};
  // A link that held the key is no link once it is out.
  const link = p.link !== undefined && scrub(p.link) !== p.link ? { link: safeLink(scrub(p.link)) } : {};
  // A copy only where the key was found: 100,000 platforms cost no 100,000 copies.
  return Object.keys(fields).length === 0 && !('warnings' in warnings) && !('link' in link) ? p : { ...p, ...fields, ...warnings, ...link };
}

function scrubFacts(f: UploadFacts, scrub: (text: string) => string): UploadFacts {
  return {
    ...f,
    statusText: scrub(f.statusText),
    ...(f.message !== undefined ? { message: scrub(f.message) } : {}),
    ...(f.sentence !== undefined ? { sentence: scrub(f.sentence) } : {}),
    platforms: f.platforms.map((p) => scrubPlatform(p, scrub)),
  };
}

export function outcomeInfo(kind: OutcomeKind): OutcomeInfo {
  return OUTCOME_TABLE[kind];
}

/**
 * What a body means once it is final; null while it is not. A final status
 * with a platform failed, left as a draft or without a result is a failed
 * upload (docs/CONTRACT.md#links-and-reports).
 */
export function classifyFinal(body: StatusBody): FinalStatus | null {
  return readUpload(body).final;
}

export function exitCodeOf(kind: OutcomeKind): number {
  return OUTCOME_TABLE[kind].exitCode;
}

export function exitCodeFor(outcomes: readonly Outcome[]): number {
  return combineExitCodes(outcomes.map((o) => exitCodeOf(o.kind)));
}

/**
 * The run's verdict in one word (docs/CONTRACT.md#links-and-reports): the
 * verdict of whichever outcome set the exit code; "interrupted" for a signal.
 */
export function runVerdict(exitCode: number, outcomes: readonly Outcome[]): Verdict {
  if (exitCode === EXIT.sigint || exitCode === EXIT.sigterm || exitCode === EXIT.sighup) return 'interrupted';
  const code = exitCode === EXIT.output ? exitCodeFor(outcomes) : exitCode;
  const kind = OUTCOME_KINDS.find((k) => OUTCOME_TABLE[k].exitCode === code && outcomes.some((o) => o.kind === k));
  if (kind) return OUTCOME_TABLE[kind].verdict;
  return code === EXIT.ok ? 'completed' : 'error';
}
