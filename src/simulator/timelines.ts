// The scripted life of one upload, as data: when the top-level status moves on
// and what happens to each platform when. Times are scenario milliseconds since
// the ID's first request, at speed 1. scenarios.ts turns a timeline into a body.
import { HOSTILE_MESSAGES, hostileName, pickIndex, platformsFor, type Platform } from './platforms.js';
import { type RealShape } from './real-shapes.js';
import { DEFAULT_SCHEDULED_DELAY_MS, scheduledDelayOf } from './scheduled.js';

export type ScenarioName =
  | 'ok'
  | 'fail'
  | 'partial'
  | 'retry'
  | 'slow'
  | 'stuck'
  | 'error'
  | 'hostile'
  | 'skipped'
  | 'scheduled'
  | RealShape;

export type PlatformState = 'processing' | 'retryable' | 'completed' | 'failed' | 'skipped';

export interface PlatformEvent {
  readonly at: number;
  readonly state: PlatformState;
  readonly message: string;
  /** Why a platform failed, in more detail than `message`. */
  readonly errorMessage?: string;
  readonly warnings?: readonly string[];
}

export interface Track {
  /** The name as the server reports it (hostile- spells it with escapes). */
  readonly platform: string;
  /** The plain name, for links and post IDs. */
  readonly plain: Platform;
  /** Sorted by `at`. */
  readonly events: readonly PlatformEvent[];
}

export interface Timeline {
  /** `pending` before this. */
  readonly pendingUntil: number;
  /** `processing` before this, `in_progress` after. */
  readonly processingUntil: number;
  /** Final from this moment on; Infinity for never. */
  readonly finalAt: number;
  readonly finalStatus: 'completed' | 'failed';
  readonly finalMessage?: string;
  readonly total: number;
  readonly tracks: readonly Track[];
}

/** What the simulator's flags change about timelines. */
export interface TimelineOptions {
  /** How long a scheduled- ID that names no delay stays pending (scenario ms). */
  readonly scheduledDelayMs: number;
}

export const DEFAULT_TIMELINE_OPTIONS: TimelineOptions = { scheduledDelayMs: DEFAULT_SCHEDULED_DELAY_MS };

interface Shape {
  readonly pendingUntil: number;
  readonly processingUntil: number;
  readonly finalAt: number;
}

// ok- and friends finish at ~8 s so the contract's "within ~10 s" holds even
// with a client's first poll arriving late; slow- is the ~60 s case.
const QUICK: Shape = { pendingUntil: 2_000, processingUntil: 4_000, finalAt: 8_000 };
const SLOW: Shape = { pendingUntil: 10_000, processingUntil: 20_000, finalAt: 60_000 };
const RETRY_DONE_AT = 16_000;

// The detail differs from the message, so a client test can tell which of the
// two a reader shows (readers should prefer error_message).
const FAILURES = [
  {
    message: 'Authentication with the platform expired, reconnect the account',
    errorMessage: 'The access token was revoked by the platform; reconnect the account in the dashboard',
  },
  {
    message: 'Media format not supported by the platform',
    errorMessage: 'Unsupported video codec: re-encode as H.264 video with AAC audio in an MP4 container',
  },
  {
    message: 'Post rejected by the platform',
    errorMessage: 'The platform rejected the post as a duplicate of one published in the last 24 hours',
  },
  {
    message: 'Upload to the platform timed out',
    errorMessage: 'No answer from the platform within 120 s; the upload was abandoned',
  },
] as const;

const TOO_LONG = {
  message: 'Video rejected: duration exceeds the platform limit',
  errorMessage: 'The video is 182 s long; the platform accepts at most 140 s',
} as const;

const THUMBNAIL_WARNING = 'Custom thumbnail was not applied; the platform picked a frame';

const PUBLISHED = 'Published';
const PROCESSING = 'Processing';

type Finish = Omit<PlatformEvent, 'at'>;

/**
 * Platforms take turns through [processingUntil, finalAt]: the first starts as
 * soon as the upload leaves `pending` (that is what makes it `processing`), each
 * later one when the one before it finishes; the last finishes at finalAt.
 */
function staggered(
  platforms: readonly Platform[],
  shape: Shape,
  finish: (index: number) => Finish,
): Track[] {
  const span = shape.finalAt - shape.processingUntil;
  const end = (i: number) => shape.processingUntil + Math.round((i * span) / platforms.length);
  return platforms.map((plain, i) => ({
    platform: plain,
    plain,
    events: [
      { at: i === 0 ? shape.pendingUntil : end(i), state: 'processing', message: PROCESSING },
      { at: end(i + 1), ...finish(i) },
    ],
  }));
}

function timeline(shape: Shape, tracks: Track[], total: number, failed = false): Timeline {
  return {
    ...shape,
    finalStatus: failed ? 'failed' : 'completed',
    ...(failed ? { finalMessage: 'Upload failed on every platform' } : {}),
    total,
    tracks,
  };
}

const published = (): Finish => ({ state: 'completed', message: PUBLISHED });

function retryTimeline(id: string, platforms: readonly Platform[]): Timeline {
  const r = pickIndex(id, 'retry', platforms.length);
  const others = platforms.filter((_, i) => i !== r);
  const retrying: Track = {
    platform: platforms[r] ?? 'x',
    plain: platforms[r] ?? 'x',
    events: [
      { at: QUICK.processingUntil, state: 'processing', message: PROCESSING },
      { at: 5_000, state: 'retryable', message: 'Rate limited by platform, will retry' },
      { at: 12_000, state: 'processing', message: 'Retrying' },
      { at: RETRY_DONE_AT, state: 'completed', message: PUBLISHED },
    ],
  };
  const shape = { ...QUICK, finalAt: RETRY_DONE_AT };
  const tracks = [...staggered(others, QUICK, published), retrying];
  return timeline(shape, tracks, platforms.length);
}

function skippedTimeline(id: string, platforms: readonly Platform[]): Timeline {
  const s = pickIndex(id, 'skipped', platforms.length);
  const skipped = platforms[s] ?? 'x';
  const reason = `No account connected for ${skipped}`;
  const tracks = staggered(platforms.filter((_, i) => i !== s), QUICK, published);
  // The profile's accounts are known when the upload is accepted, so the
  // skipped platform shows up as soon as anything does.
  tracks.splice(s, 0, {
    platform: skipped,
    plain: skipped,
    events: [{ at: QUICK.pendingUntil, state: 'skipped', message: reason, errorMessage: reason }],
  });
  return timeline(QUICK, tracks, platforms.length);
}

/** The same story, starting `delay` later; until then nothing happens, so `pending`. */
function later(line: Timeline, delay: number): Timeline {
  return {
    ...line,
    pendingUntil: line.pendingUntil + delay,
    processingUntil: line.processingUntil + delay,
    finalAt: line.finalAt + delay,
    tracks: line.tracks.map((t) => ({ ...t, events: t.events.map((e) => ({ ...e, at: e.at + delay })) })),
  };
}

function hostile(tracks: Track[]): Track[] {
  return tracks.map((t, i) => ({
    ...t,
    platform: hostileName(t.plain, i),
    events: t.events.map((e) => ({
      ...e,
      message: e.state === 'completed' ? HOSTILE_MESSAGES.completed : HOSTILE_MESSAGES.processing,
    })),
  }));
}

/** The timeline of a scripted scenario (not `error`, which has none). */
export function timelineFor(
  name: Exclude<ScenarioName, 'error'>,
  id: string,
  options: TimelineOptions = DEFAULT_TIMELINE_OPTIONS,
): Timeline {
  const platforms = platformsFor(id);
  const n = platforms.length;
  switch (name) {
    case 'ok':
    // The real shapes are ok- uploads reshaped as they are served (scenarios.ts).
    case 'draft':
    case 'code':
    case 'statusskip':
    case 'private':
    case 'stalled':
    case 'missing':
    case 'latelink':
      return timeline(QUICK, staggered(platforms, QUICK, published), n);
    case 'slow':
      return timeline(SLOW, staggered(platforms, SLOW, published), n);
    case 'hostile':
      return timeline(QUICK, hostile(staggered(platforms, QUICK, published)), n);
    case 'fail': {
      const failing = (i: number): Finish => ({ state: 'failed', ...(FAILURES[i % FAILURES.length] ?? FAILURES[0]) });
      return timeline(QUICK, staggered(platforms, QUICK, failing), n, true);
    }
    case 'partial': {
      const f = pickIndex(id, 'partial', n);
      // One of the platforms that published carries a warning.
      const w = (f + 1 + pickIndex(id, 'warning', n - 1)) % n;
      const finish = (i: number): Finish =>
        i === f
          ? { state: 'failed', ...TOO_LONG }
          : i === w
            ? { ...published(), warnings: [THUMBNAIL_WARNING] }
            : published();
      return timeline(QUICK, staggered(platforms, QUICK, finish), n);
    }
    case 'retry':
      return retryTimeline(id, platforms);
    case 'skipped':
      return skippedTimeline(id, platforms);
    case 'scheduled': {
      const asked = scheduledDelayOf(id);
      const delay = typeof asked === 'number' ? asked : options.scheduledDelayMs;
      return later(timeline(QUICK, staggered(platforms, QUICK, published), n), delay);
    }
    case 'stuck': {
      // One platform started and never came back: the upload sits in
      // `processing` for ever, which clients must end with --timeout.
      const first = platforms[0] ?? 'x';
      const track: Track = {
        platform: first,
        plain: first,
        events: [{ at: QUICK.pendingUntil, state: 'processing', message: PROCESSING }],
      };
      return { ...timeline(QUICK, [track], n), processingUntil: Infinity, finalAt: Infinity };
    }
    default: {
      const unreachable: never = name;
      throw new Error(`no timeline for ${String(unreachable)}`);
    }
  }
}
