// What one platform's result comes to, each state defined once
// (docs/CONTRACT.md#links-and-reports): its symbol, tone, label and sentence in
// every view and report, and whether it fails a final upload. A platform still
// being worked on is `in_flight`, with the stage it is in (its own small table:
// the live view shows it, and a retryable one paces the upload like processing).
import { type Tone } from './tone.js';

export interface PlatformStateInfo {
  readonly symbol: string;
  /** The Markdown report's mark. */
  readonly emoji: string;
  readonly tone: Tone;
  /** The word in a table's state column. */
  readonly label: string;
  /** What the state means for a person, on its own. */
  readonly sentence: string;
  /** A final upload with a platform in this state has failed (exit 1). */
  readonly fails: boolean;
}

export const PLATFORM_STATE_TABLE = {
  published: { symbol: '✔', emoji: '✅', tone: 'ok', label: 'published', sentence: 'published', fails: false },
  failed: { symbol: '✖', emoji: '❌', tone: 'fail', label: 'failed', sentence: 'failed', fails: true },
  // No account on that platform: shown with its reason, never a failure.
  skipped: { symbol: '⊘', emoji: '⏭️', tone: 'dim', label: 'skipped', sentence: 'skipped', fails: false },
  // TikTok's daily cap: the video waits in the creator's inbox, nothing is live.
  draft: { symbol: '✉', emoji: '📥', tone: 'fail', label: 'draft', sentence: 'draft in the TikTok inbox — post it from the app', fails: true },
  // Final, yet this platform has no result: it may or may not have gone out.
  no_result: { symbol: '?', emoji: '❓', tone: 'fail', label: 'no result', sentence: 'no result — check the upload history before posting again', fails: true },
  in_flight: { symbol: '…', emoji: '⏳', tone: 'dim', label: 'in flight', sentence: 'in flight', fails: false },
} as const satisfies Record<string, PlatformStateInfo>;

export type PlatformState = keyof typeof PLATFORM_STATE_TABLE;

export const PLATFORM_STATES = Object.keys(PLATFORM_STATE_TABLE) as PlatformState[];

export interface StageInfo {
  readonly symbol: string;
  readonly tone: Tone;
  readonly label: string;
  /** Any platform at this stage paces the whole upload at the processing row. */
  readonly pacesAsProcessing: boolean;
}

/** Where an in-flight platform stands. */
export const STAGE_TABLE = {
  pending: { symbol: '·', tone: 'dim', label: 'pending', pacesAsProcessing: false },
  queued: { symbol: '…', tone: 'dim', label: 'queued', pacesAsProcessing: false },
  processing: { symbol: '…', tone: 'dim', label: 'processing', pacesAsProcessing: false },
  // Failed, but the server will try again by itself: not final.
  retryable: { symbol: '↻', tone: 'warn', label: 'retrying', pacesAsProcessing: true },
} as const satisfies Record<string, StageInfo>;

export type Stage = keyof typeof STAGE_TABLE;

/** A platform's own `status`, as the server spells it, → our state, or the stage of one in flight. */
export const WIRE_STATUS: Readonly<Record<string, PlatformState | Stage>> = {
  queued: 'queued',
  processing: 'processing',
  retryable: 'retryable',
  completed: 'published',
  failed: 'failed',
  skipped: 'skipped',
};

export function isStage(word: PlatformState | Stage): word is Stage {
  return Object.hasOwn(STAGE_TABLE, word);
}
