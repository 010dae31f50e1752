// API data → what a person reads: per-platform rows and counts. Pure, and
// every server string passes through sanitize() here, before any renderer.
import { type PlatformResult, type StatusBody, type UploadId } from '../api/types.js';
import { platformFailed } from '../poll/outcome.js';
import { sanitize } from '../util/sanitize.js';
import { type Theme } from './theme.js';

export type PlatformState = 'success' | 'failed' | 'retryable' | 'processing' | 'queued' | 'pending';

export interface PlatformRow {
  platform: string;
  state: PlatformState;
  message: string;
  time: string;
}

export function platformState(r: PlatformResult): PlatformState {
  if (r.status === 'retryable') return 'retryable';
  if (platformFailed(r)) return 'failed';
  if (r.status === 'processing') return 'processing';
  if (r.status === 'queued') return 'queued';
  if (r.success === true || r.status === 'completed') return 'success';
  return 'pending';
}

const SYMBOL: Record<PlatformState, string> = {
  success: '✔',
  failed: '✖',
  retryable: '↻',
  processing: '…',
  queued: '…',
  pending: '·',
};

export function stateLabel(state: PlatformState, theme: Theme): string {
  return paint(`${SYMBOL[state]} ${state}`, state, theme);
}

export function stateSymbol(state: PlatformState, theme: Theme): string {
  return paint(SYMBOL[state], state, theme);
}

function paint(text: string, state: PlatformState, theme: Theme): string {
  switch (state) {
    case 'success':
      return theme.ok(text);
    case 'failed':
      return theme.fail(text);
    case 'retryable':
      return theme.warn(text);
    default:
      return theme.dim(text);
  }
}

/** "14:00:05" from an ISO timestamp; the sanitised text when it is not one. */
export function shortTime(ts: unknown): string {
  if (typeof ts !== 'string') return '';
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? sanitize(ts).slice(0, 20) : d.toISOString().slice(11, 19);
}

export function platformRows(body: StatusBody): PlatformRow[] {
  return body.results.map((r) => ({
    platform: sanitize(r.platform),
    state: platformState(r),
    message: sanitize(r.message ?? (typeof r.error === 'string' ? r.error : '')),
    time: shortTime(r.upload_timestamp),
  }));
}

/** "2/3", "1/?" while the total is unknown. */
export function countText(body: StatusBody | undefined): string {
  if (!body) return '–';
  const done = body.completed ?? body.results.filter((r) => platformState(r) === 'success').length;
  return `${done}/${body.total ?? '?'}`;
}

export function idLabel(u: UploadId): string {
  return u.kind === 'job' ? `job ${sanitize(u.id)}` : sanitize(u.id);
}

export function statusLabel(status: string | undefined, theme: Theme): string {
  const s = sanitize(status ?? 'waiting');
  switch (status) {
    case 'completed':
      return theme.ok(s);
    case 'failed':
    case 'not_found':
      return theme.fail(s);
    case 'processing':
    case 'in_progress':
      return theme.info(s);
    default:
      return theme.dim(s);
  }
}

/** One line about a body: "in_progress 1/2 · x ✔ · linkedin …". */
export function bodySummary(body: StatusBody, theme: Theme): string {
  const parts = platformRows(body).map((r) => `${r.platform} ${stateSymbol(r.state, theme)}`);
  return [`${statusLabel(body.status, theme)} ${countText(body)}`, ...parts].join(' · ');
}
