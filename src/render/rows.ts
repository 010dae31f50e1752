// API data → what a person reads: per-platform rows, counts, labels. Pure, and
// every server string passes through sanitize() here, before any renderer.
import { failureReason } from '../api/links.js';
import { PLATFORM_STATE_TABLE, platformState, type PlatformState } from '../api/platform-states.js';
import { isKnownStatus, STATUS_TABLE } from '../api/statuses.js';
import { type StatusBody, type UploadId } from '../api/types.js';
import { sanitize } from '../util/sanitize.js';
import { platformFact } from './facts.js';
import { type Theme } from './theme.js';

export type { PlatformState } from '../api/platform-states.js';

export interface PlatformRow {
  platform: string;
  state: PlatformState;
  /** The server's message; for a failed or skipped platform, its reason. */
  message: string;
  time: string;
  /** Where the post went live: a validated absolute http(s) URL. */
  link?: string;
}

export function stateLabel(state: PlatformState, theme: Theme): string {
  const info = PLATFORM_STATE_TABLE[state];
  return theme.paint(info.tone, `${info.symbol} ${state}`);
}

export function stateSymbol(state: PlatformState, theme: Theme): string {
  const info = PLATFORM_STATE_TABLE[state];
  return theme.paint(info.tone, info.symbol);
}

/** "14:00:05", in UTC (the table says so in its header), from an ISO timestamp; the sanitised text when it is not one. */
export function shortTime(ts: unknown): string {
  if (typeof ts !== 'string') return '';
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? sanitize(ts).slice(0, 20) : d.toISOString().slice(11, 19);
}

/** Rows for the first `limit` platforms: a view never builds what it will not show. */
export function platformRows(body: StatusBody, limit = Infinity): PlatformRow[] {
  const rows: PlatformRow[] = [];
  for (const r of body.results) {
    if (rows.length >= limit) break;
    const f = platformFact(r);
    rows.push({
      platform: f.platform,
      state: f.state,
      // A failed or skipped platform shows its reason; the others their message.
      message: f.reason ?? sanitize(r.message ?? failureReason(r)),
      time: shortTime(r.upload_timestamp),
      ...(f.link ? { link: f.link } : {}),
    });
  }
  return rows;
}

/** Platforms a one-line summary names before "+N more". */
export const SUMMARY_PLATFORMS = 10;

/** "x ✔ · linkedin … · +3 more": at most `limit` platforms, each with its state's symbol. */
export function platformSymbols(body: StatusBody, theme: Theme, limit = SUMMARY_PLATFORMS): string[] {
  // Names and states only: no link, reason or time is worked out for a summary.
  const parts = body.results.slice(0, limit).map((r) => `${sanitize(r.platform)} ${stateSymbol(platformState(r), theme)}`);
  const more = body.results.length - parts.length;
  if (more > 0) parts.push(theme.dim(`+${more} more`));
  return parts;
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

/** A status as the server named it, in its tone; an unknown one shows the server's own word. */
export function statusLabel(status: string | undefined, theme: Theme): string {
  if (status === undefined) return theme.dim('waiting');
  if (!isKnownStatus(status)) return theme.dim(sanitize(status));
  const info = STATUS_TABLE[status];
  return theme.paint(info.tone, info.label);
}

/** One line about a body: "in_progress 1/2 · x ✔ · linkedin …". */
export function bodySummary(body: StatusBody, theme: Theme): string {
  return [`${statusLabel(body.status, theme)} ${countText(body)}`, ...platformSymbols(body, theme)].join(' · ');
}
