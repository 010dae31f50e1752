// What a status body means, read once where the answer arrives
// (docs/CONTRACT.md#links-and-reports, docs/ARCHITECTURE.md#one-vocabulary):
// each platform's state, link, note, reason and error code, and what the
// whole upload comes to. Pure. Every text here is sanitised once, so the
// views, the next steps and every report only present these facts; none of
// them reads a body again.
import { causeOf, type Cause } from './causes.js';
import { postLink } from './links.js';
import { isStage, PLATFORM_STATE_TABLE, PLATFORM_STATES, STAGE_TABLE, WIRE_STATUS, type PlatformState, type Stage } from './platform-states.js';
import { isKnownStatus, statusInfo, type FinalStatus } from './statuses.js';
import { type PlatformResult, type StatusBody } from './types.js';
import { sanitize } from '../util/sanitize.js';

/** One platform, as every output tells it. Text is sanitised (one safe line, bounded). */
export interface PlatformFacts {
  /** The name as narrowed: a key (post-urls, timings), never printed as it is. */
  readonly key: string;
  /** The name, sanitised. */
  readonly platform: string;
  readonly state: PlatformState;
  /** In flight (or left without a result): where it stood. */
  readonly stage?: Stage;
  /** Published only: a validated absolute http(s) URL, rebuilt by us. */
  readonly link?: string;
  /** Failed, skipped or a draft: why. */
  readonly reason?: string;
  readonly errorCode?: string;
  /** A `post_url`/`url` that is no link ("Post uploaded as Private. No public URL available."). */
  readonly note?: string;
  /** The server's own message, for a row that has no reason to show. */
  readonly message?: string;
  /** Failed or skipped: what a person can do about it. */
  readonly cause?: Cause;
  /** `upload_timestamp`, sanitised. */
  readonly timestamp?: string;
  readonly warnings: readonly string[];
}

/** What a final upload comes to, before any view words it (`UploadFacts.conclusion`). */
export type Conclusion = 'published' | 'not_published' | 'no_result' | 'stalled' | 'failed' | 'not_found';

export interface UploadFacts {
  /** The top-level status as sent (a STATUS_TABLE key, or any word: compare, never print). */
  readonly status: string;
  /** The same, sanitised, for printing. */
  readonly statusText: string;
  /** The top-level message, sanitised. */
  readonly message?: string;
  readonly completed?: number;
  readonly total: number | null;
  /** The verdict once final: `failed` when a platform failed, is a draft or has no result; null while not final. */
  readonly final: FinalStatus | null;
  readonly conclusion?: Conclusion;
  /** What a final upload came to, in words a person can act on ("stalled: no activity for over an hour"); none when it went well. */
  readonly sentence?: string;
  /** Every row, in the body's order. */
  readonly platforms: readonly PlatformFacts[];
  /** Rows in each state; `no_result` counts the missing rows too. */
  readonly counts: Readonly<Record<PlatformState, number>>;
  /** Platforms counted in `total` with no row in a final body. */
  readonly missing: number;
  /** Some platform is retrying: the upload is paced like processing. */
  readonly retrying: boolean;
}

/** A message that only says the platform is waiting its turn: never a reason, never a result. */
const QUEUE_WORD = /^\s*(?:queued|pending|waiting|processing|in[ _]progress|scheduled|uploading|retrying)\W*$/i;

/** A scheme up front: a URL we refused (`javascript:`…) is neither a link nor a note. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

/** Longest error code shown: a code is a word, not a story. */
const MAX_CODE = 100;

function text(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const clean = sanitize(v).trim();
  return clean === '' ? undefined : clean;
}

/** A draft in the TikTok inbox: `fallback_to_inbox: true`, or an id only the inbox hands out. */
function isDraft(r: PlatformResult): boolean {
  if (r.fallback_to_inbox === true) return true;
  return [r.platform_post_id, r.publish_id, r.post_id].some((id) => typeof id === 'string' && id.startsWith('v_inbox'));
}

/** The row's state, and its stage while in flight; `final`: the upload's status is final. */
function stateOf(r: PlatformResult, final: boolean): { state: PlatformState; stage?: Stage } {
  const wire = typeof r.status === 'string' && r.status !== '' ? r.status : undefined;
  const mapped = wire !== undefined && Object.hasOwn(WIRE_STATUS, wire) ? WIRE_STATUS[wire] : undefined;
  if (r.skipped === true || mapped === 'skipped') return { state: 'skipped' };
  if (mapped === 'failed') return { state: 'failed' };
  if (isDraft(r)) return { state: 'draft' };
  if (mapped === 'published') return { state: 'published' };
  let stage: Stage | undefined = mapped !== undefined && isStage(mapped) ? mapped : undefined;
  if (stage === undefined) {
    // `success` is worth little until the row is final: a queue word says it is not (docs/API.md#what-real-answers-look-like).
    if (r.message !== undefined && QUEUE_WORD.test(r.message) && !(final && r.success === true)) stage = 'queued';
    else if (r.success === true) return { state: 'published' };
    // Only a row without a status fails on `success: false`: servers send it for rows still being worked on.
    else if (r.success === false && wire === undefined) return { state: 'failed' };
    else stage = 'pending';
  }
  return { state: final ? 'no_result' : 'in_flight', stage };
}

/** A message that only names a state: it explains nothing. */
const STATE_WORD = /^\s*(?:skipped|failed|failure|error|published|completed|success|done)\W*$/i;

/** Why it failed, was skipped or is a draft: error_message, error, message (no queue or state word), skip_reason. */
function reasonOf(r: PlatformResult): string | undefined {
  const message = r.message !== undefined && !QUEUE_WORD.test(r.message) && !STATE_WORD.test(r.message) ? r.message : undefined;
  return text(r.error_message) ?? text(r.error) ?? text(message) ?? text(r.skip_reason);
}

export function readPlatform(r: PlatformResult, final: boolean): PlatformFacts {
  const { state, stage } = stateOf(r, final);
  const link = state === 'published' ? postLink(r) : undefined;
  // A post_url that is a sentence is a note: a private video, a draft's "sent to inbox".
  const note = link === undefined ? [r.post_url, r.url].map(text).find((t) => t !== undefined && !URL_LIKE.test(t)) : undefined;
  const explains = state === 'failed' || state === 'skipped' || state === 'draft';
  const reason = explains ? reasonOf(r) : undefined;
  const code = explains ? text(r.error_code)?.slice(0, MAX_CODE) : undefined;
  const message = text(r.message);
  const timestamp = text(r.upload_timestamp);
  return {
    key: r.platform,
    platform: sanitize(r.platform),
    state,
    ...(stage ? { stage } : {}),
    ...(link ? { link } : {}),
    ...(reason ? { reason } : {}),
    ...(code ? { errorCode: code } : {}),
    ...(note ? { note } : {}),
    ...(message ? { message } : {}),
    ...(state === 'failed' || state === 'skipped' ? { cause: causeOf(code, reason) } : {}),
    ...(timestamp ? { timestamp } : {}),
    warnings: (r.warnings ?? []).map((w) => sanitize(w)),
  };
}

/** `statusFinal`: what the top-level status says; `verdict`: that, once the rows are read. */
function conclusionOf(statusFinal: FinalStatus | null, verdict: FinalStatus | null, counts: Record<PlatformState, number>): Conclusion | undefined {
  if (verdict === null) return undefined;
  if (verdict === 'not_found') return 'not_found';
  // Top-level failed with no platform at an end: no activity for over an hour, the outcome unknown.
  if (statusFinal === 'failed' && counts.published + counts.failed + counts.draft + counts.skipped === 0) return 'stalled';
  if (counts.no_result > 0) return 'no_result';
  if (counts.failed + counts.draft > 0) return 'not_published';
  return verdict === 'failed' ? 'failed' : 'published';
}

/**
 * What a final upload came to, in one sentence a person can act on; nothing
 * while it is not final, or when it is published everywhere it could be.
 */
function sentenceOf(f: Omit<UploadFacts, 'sentence'>): string | undefined {
  const of = `of ${platformCount(f)} ${platformCount(f) === 1 ? 'platform' : 'platforms'}`;
  switch (f.conclusion) {
    case undefined:
    case 'published':
    case 'not_found':
      return undefined;
    case 'stalled':
      return 'stalled: no activity for over an hour';
    case 'no_result':
      return `no result for ${f.counts.no_result} ${of} — check the upload history before posting again`;
    case 'not_published': {
      const parts = [];
      if (f.counts.failed > 0) parts.push(`failed on ${f.counts.failed}`);
      if (f.counts.draft > 0) parts.push(`a draft in the TikTok inbox on ${f.counts.draft}`);
      return `${parts.join(', ')} ${of}`;
    }
    case 'failed':
      return f.message ?? 'the API says it failed';
    default: {
      const never: never = f.conclusion;
      return String(never);
    }
  }
}

/** Read a narrowed body once: every platform's facts and what the upload comes to. */
export function readUpload(body: StatusBody): UploadFacts {
  const statusFinal = statusInfo(body.status).final;
  const final = statusFinal === 'completed' || statusFinal === 'failed';
  const counts = Object.fromEntries(PLATFORM_STATES.map((s) => [s, 0])) as Record<PlatformState, number>;
  const platforms: PlatformFacts[] = [];
  let retrying = false;
  for (const r of body.results) {
    const f = readPlatform(r, final);
    counts[f.state] += 1;
    if (f.stage !== undefined && STAGE_TABLE[f.stage].pacesAsProcessing) retrying = true;
    platforms.push(f);
  }
  const missing = final && body.total !== null && body.total !== undefined && body.total > platforms.length ? body.total - platforms.length : 0;
  counts.no_result += missing;
  const fails = PLATFORM_STATES.some((s) => PLATFORM_STATE_TABLE[s].fails && counts[s] > 0);
  const verdict: FinalStatus | null = statusFinal === 'completed' && fails ? 'failed' : statusFinal;
  const conclusion = conclusionOf(statusFinal, verdict, counts);
  const message = text(body.message);
  const facts = {
    status: body.status,
    statusText: isKnownStatus(body.status) ? body.status : sanitize(body.status),
    ...(message ? { message } : {}),
    ...(body.completed !== undefined ? { completed: body.completed } : {}),
    total: body.total ?? null,
    final: verdict,
    ...(conclusion ? { conclusion } : {}),
    platforms,
    counts,
    missing,
    retrying,
  };
  const sentence = sentenceOf(facts);
  return sentence === undefined ? facts : { ...facts, sentence };
}

/** How many platforms an upload counts: its `total`, or its rows when that is unknown or fewer. */
export function platformCount(f: Pick<UploadFacts, 'total' | 'platforms'>): number {
  return Math.max(f.total ?? 0, f.platforms.length);
}
