// Magic ID prefixes, like a payment API's test card numbers: the prefix picks
// the outcome, the rest of the ID is the caller's (docs/CONTRACT.md#commands).
// Pure: the body at a moment of an upload's life, shaped like the vendor's
// examples in docs/API.md.
import { postLinkFor } from './links.js';
import { pickIndex } from './platforms.js';
import { REAL_SHAPES, SHAPE_ROWS, type RealShape } from './real-shapes.js';
import { SCHEDULED_PREFIX, scheduledDelayOf } from './scheduled.js';
import {
  DEFAULT_TIMELINE_OPTIONS,
  timelineFor,
  type ScenarioName,
  type Timeline,
  type TimelineOptions,
  type Track,
} from './timelines.js';

export type { ScenarioName, TimelineOptions } from './timelines.js';
export type IdKind = 'request' | 'job';

export interface Scenario {
  readonly name: ScenarioName;
  readonly prefix: string;
  /** How the magic-ID table spells the prefix, when more than `prefix…`. */
  readonly label?: string;
  readonly description: string;
  /** For prefixes with a grammar: an ID it rejects is an unknown ID. */
  readonly accepts?: (id: string) => boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'ok', prefix: 'ok-', description: 'pending → processing → in_progress → completed at ~8 s; 2–4 platforms, all succeed' },
  { name: 'fail', prefix: 'fail-', description: 'ends failed at ~8 s; every platform fails with a message and an error_message' },
  { name: 'partial', prefix: 'partial-', description: 'ends completed at ~8 s with exactly one platform success: false; another has warnings' },
  { name: 'retry', prefix: 'retry-', description: 'one platform is retryable (rate limited) for a while, then all succeed; completed at ~16 s' },
  { name: 'slow', prefix: 'slow-', description: 'like ok- but completed at ~60 s' },
  { name: 'stuck', prefix: 'stuck-', description: 'stays processing for ever' },
  { name: 'error', prefix: 'error-', description: 'HTTP 500 {"error":"Failed to get status"} on every request' },
  { name: 'hostile', prefix: 'hostile-', description: 'like ok- but server text carries terminal escapes and bidi overrides' },
  { name: 'skipped', prefix: 'skipped-', description: 'like ok- but one platform is skipped: true (no account connected); must not count as a failure' },
  ...REAL_SHAPES,
  {
    name: 'scheduled',
    prefix: SCHEDULED_PREFIX,
    label: `${SCHEDULED_PREFIX}<d>-…`,
    description: 'pending for <d> (8s, 90m, 1h30m; scheduled--… waits --scheduled-delay), then like ok-',
    accepts: (id) => scheduledDelayOf(id) !== null,
  },
];

/** What happens to an ID no prefix matches. */
export const UNKNOWN_ID_DESCRIPTION = 'HTTP 404 not_found';

export function scenarioFor(id: string): Scenario | null {
  return SCENARIOS.find((s) => id.startsWith(s.prefix) && (s.accepts?.(id) ?? true)) ?? null;
}

export interface SimResponse {
  readonly http: number;
  readonly body: Record<string, unknown>;
}

/** Maps scenario time to the server's wall clock, for the ISO timestamps. */
export interface TimelineClock {
  /** Server time (epoch ms) of the ID's first request. */
  readonly startedAt: number;
  /** Scenario ms per real ms. */
  readonly speed: number;
}

const DEFAULT_CLOCK: TimelineClock = { startedAt: Date.UTC(2025, 0, 1, 12, 0, 0), speed: 1 };

/** The vendor writes seconds, no fraction: "2025-01-01T12:34:56Z". */
function iso(clock: TimelineClock, at: number): string {
  return new Date(clock.startedAt + at / clock.speed).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The response for `kind`/`id` when `elapsedMs` of scenario time (already
 * scaled by speed) have passed since that ID's first request.
 */
export function bodyAt(
  kind: IdKind,
  id: string,
  elapsedMs: number,
  clock: TimelineClock = DEFAULT_CLOCK,
  options: TimelineOptions = DEFAULT_TIMELINE_OPTIONS,
): SimResponse {
  const key = kind === 'request' ? 'request_id' : 'job_id';
  const scenario = scenarioFor(id);
  if (scenario === null) {
    return {
      http: 404,
      body: { [key]: id, status: 'not_found', message: 'No upload request found with this ID' },
    };
  }
  if (scenario.name === 'error') {
    return { http: 500, body: { error: 'Failed to get status', details: 'simulated server error' } };
  }
  const t = Math.max(0, elapsedMs);
  const line = timelineFor(scenario.name, id, options);
  // Not in the vendor's docs: lets a test check that clients keep unknown fields.
  const trace = { sim: true, scenario: scenario.name };
  if (t < line.pendingUntil) {
    return {
      http: 200,
      body: { [key]: id, status: 'pending', completed: 0, total: null, results: [], trace },
    };
  }
  const body = progress(line, id, t, clock);
  const shape = REAL_SHAPES.find((s) => s.name === scenario.name);
  return { http: 200, body: { [key]: id, ...(shape ? reshape(shape, body, id, t >= line.finalAt) : body), trace } };
}

type Progress = ReturnType<typeof progress>;

/**
 * An ok- upload as a real answer shape (real-shapes.ts): one platform (the
 * shape's own, or one picked by the ID) changed once it is final; a stalled
 * upload fails with its first row still queued; a missing row is dropped.
 */
function reshape(shape: (typeof REAL_SHAPES)[number], body: Progress, id: string, final: boolean): Progress {
  const n = body.results.length;
  if (n === 0) return body;
  const named = shape.platform === undefined ? -1 : body.results.findIndex((r) => r.platform === shape.platform);
  const at = named >= 0 ? named : shape.platform !== undefined ? 0 : pickIndex(id, shape.name, n);
  const results = body.results.map((r, i) => (i === at && shape.platform !== undefined ? { ...r, platform: shape.platform } : r));
  if (!final) return { ...body, results };
  const name: RealShape = shape.name;
  if (name === 'stalled') {
    const first = results[0]!;
    return { ...body, status: 'failed', message: 'Upload appears to have failed (no activity for over 1 hour)', completed: 0, results: [{ platform: first.platform, success: false, status: 'queued', message: 'Queued', upload_timestamp: first.upload_timestamp }] };
  }
  if (name === 'missing') return { ...body, completed: n - 1, results: results.slice(0, -1) };
  const change = SHAPE_ROWS[name];
  if (!change) return { ...body, results };
  const { platform, upload_timestamp } = results[at]!;
  const row: PlatformResult = { platform, success: change.state === 'completed', message: change.row.message ?? '', upload_timestamp, ...change.row.fields };
  if (change.row.message === undefined) delete (row as Partial<PlatformResult>).message;
  if (change.state !== 'skipped') row.status = change.state;
  else row.status = 'skipped';
  results[at] = row;
  return { ...body, completed: results.filter((r) => r.success).length, results };
}

function progress(line: Timeline, id: string, t: number, clock: TimelineClock) {
  const final = t >= line.finalAt;
  const status = final ? line.finalStatus : t < line.processingUntil ? 'processing' : 'in_progress';
  const results = line.tracks.flatMap((track) => platformResult(track, id, t, clock));
  const completed = results.filter((r) => r.success).length;
  const happened = line.tracks.flatMap((tr) => tr.events.map((e) => e.at)).filter((at) => at <= t);
  const lastEvent = Math.max(line.pendingUntil, ...happened);
  return {
    status,
    ...(final && line.finalMessage !== undefined ? { message: line.finalMessage } : {}),
    completed,
    total: line.total,
    results,
    last_update: iso(clock, lastEvent),
  };
}

interface PlatformResult {
  [field: string]: unknown;
  platform: string;
  success: boolean;
  message: string;
  upload_timestamp: string;
  status?: string;
  skipped?: true;
  error_message?: string;
  warnings?: string[];
  post_url?: string;
  url?: string;
  post_id?: string;
}

/** The platform's latest state at `t`, or nothing if it has not started. */
function platformResult(track: Track, id: string, t: number, clock: TimelineClock): PlatformResult[] {
  const event = track.events.filter((e) => e.at <= t).at(-1);
  if (event === undefined) return [];
  const result: PlatformResult = {
    platform: track.platform,
    // `success` tells whether the post is up; an in-flight platform's is not yet.
    success: event.state === 'completed',
    message: event.message,
    upload_timestamp: iso(clock, event.at),
  };
  // `skipped` is no status the vendor documents. Without one, only
  // `skipped: true` tells this platform from a failed one (success: false),
  // so a client that ignores the flag is caught out.
  if (event.state === 'skipped') result.skipped = true;
  else result.status = event.state;
  if (event.errorMessage !== undefined) result.error_message = event.errorMessage;
  if (event.warnings !== undefined) result.warnings = [...event.warnings];
  if (event.state === 'completed') {
    const { postId, postUrl } = postLinkFor(track.plain, id);
    result.post_url = postUrl;
    // Some API versions name the link `url`; readers take post_url, else url.
    result.url = postUrl;
    result.post_id = postId;
  }
  return [result];
}
