// What one platform's entry in `results` says, each state defined once
// (docs/API.md#platform-results): its symbol and tone in every view, whether
// it fails the upload, and whether it paces the upload like processing.
import { type Tone } from './tone.js';

export interface PlatformStateInfo {
  readonly symbol: string;
  readonly tone: Tone;
  /** A final status with a platform in this state is a failed upload. */
  readonly fails: boolean;
  /** Any platform in this state paces the whole upload at the processing row. */
  readonly pacesAsProcessing: boolean;
}

export const PLATFORM_STATE_TABLE = {
  success: { symbol: '✔', tone: 'ok', fails: false, pacesAsProcessing: false },
  failed: { symbol: '✖', tone: 'fail', fails: true, pacesAsProcessing: false },
  // Failed, but the server will try again by itself: not final.
  retryable: { symbol: '↻', tone: 'warn', fails: false, pacesAsProcessing: true },
  processing: { symbol: '…', tone: 'dim', fails: false, pacesAsProcessing: false },
  queued: { symbol: '…', tone: 'dim', fails: false, pacesAsProcessing: false },
  pending: { symbol: '·', tone: 'dim', fails: false, pacesAsProcessing: false },
  // No account connected on that platform: shown with its reason, never a failure.
  skipped: { symbol: '⊘', tone: 'dim', fails: false, pacesAsProcessing: false },
} as const satisfies Record<string, PlatformStateInfo>;

export type PlatformState = keyof typeof PLATFORM_STATE_TABLE;

/** A platform's own `status` field, as the server spells it, → our state. */
const WIRE_STATUS: Readonly<Record<string, PlatformState>> = {
  queued: 'queued',
  processing: 'processing',
  completed: 'success',
  failed: 'failed',
  retryable: 'retryable',
};

/** The fields of a result entry this classification reads. */
export interface PlatformFields {
  status?: unknown;
  success?: unknown;
  skipped?: unknown;
}

/**
 * `skipped: true` (no account on that platform) is neither a success nor a
 * failure. Otherwise an explicit `status` wins over `success`: servers send `success: false`
 * while a platform is still being worked on, so only `failed` (or no status
 * at all with `success: false`) fails it. An unknown explicit status is
 * pending unless `success: true` says the post is up.
 */
export function platformState(r: PlatformFields): PlatformState {
  if (r.skipped === true) return 'skipped';
  const wire = typeof r.status === 'string' && r.status !== '' ? r.status : undefined;
  if (wire !== undefined && Object.hasOwn(WIRE_STATUS, wire)) return WIRE_STATUS[wire]!;
  if (r.success === true) return 'success';
  if (wire === undefined && r.success === false) return 'failed';
  return 'pending';
}

export function platformStateInfo(r: PlatformFields): PlatformStateInfo {
  return PLATFORM_STATE_TABLE[platformState(r)];
}
