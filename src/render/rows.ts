// Facts → what a person reads: per-platform rows, counts, labels. Pure; the
// facts were read and sanitised where the answer arrived (api/facts.ts), so
// this only words them.
import { type PlatformFacts, type UploadFacts } from '../api/facts.js';
import { PLATFORM_STATE_TABLE, STAGE_TABLE, type PlatformState, type Stage } from '../api/platform-states.js';
import { isKnownStatus, STATUS_TABLE } from '../api/statuses.js';
import { type Tone } from '../api/tone.js';
import { type Theme } from './theme.js';

export type { PlatformState } from '../api/platform-states.js';

export interface PlatformRow {
  platform: string;
  state: PlatformState;
  stage?: Stage;
  /** Why it failed or was skipped, its note, its sentence, else the server's message. */
  message: string;
  time: string;
  /** Where the post went live: a validated absolute http(s) URL. */
  link?: string;
}

/** A platform in flight shows its stage ("↻ retrying"); any other its state. */
function look(p: Pick<PlatformFacts, 'state' | 'stage'>): { symbol: string; tone: Tone; label: string } {
  return p.state === 'in_flight' && p.stage ? STAGE_TABLE[p.stage] : PLATFORM_STATE_TABLE[p.state];
}

export function stateLabel(p: Pick<PlatformFacts, 'state' | 'stage'>, theme: Theme): string {
  const info = look(p);
  return theme.paint(info.tone, `${info.symbol} ${info.label}`);
}

export function stateSymbol(p: Pick<PlatformFacts, 'state' | 'stage'>, theme: Theme): string {
  const info = look(p);
  return theme.paint(info.tone, info.symbol);
}

/** "Video too long (quota_exceeded)", the code alone, or nothing: a reason as every output words it. */
export function reasonWithCode(p: Pick<PlatformFacts, 'reason' | 'errorCode'>): string | undefined {
  if (p.reason && p.errorCode) return `${p.reason} (${p.errorCode})`;
  return p.reason ?? p.errorCode;
}

/** What the message column says of a platform (docs/CONTRACT.md#links-and-reports). */
export function platformDetail(p: PlatformFacts): string {
  switch (p.state) {
    case 'published':
      if (p.note !== undefined) return p.note;
      return p.link ? (p.message ?? '') : p.message ? `${p.message} — link not yet known` : 'link not yet known';
    case 'failed':
      return reasonWithCode(p) ?? 'no reason given';
    case 'skipped':
      return reasonWithCode(p) ?? '';
    case 'draft':
    case 'no_result':
      return PLATFORM_STATE_TABLE[p.state].sentence;
    case 'in_flight':
      return p.message ?? '';
    default: {
      const never: never = p.state;
      return String(never);
    }
  }
}

/** "14:00:05", in UTC (the table says so in its header), from an ISO timestamp; the text itself (already sanitised) when it is not one. */
export function shortTime(ts: string | undefined): string {
  if (ts === undefined) return '';
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts.slice(0, 20) : d.toISOString().slice(11, 19);
}

/** Rows for the first `limit` platforms: a view never words what it will not show. */
export function platformRows(facts: UploadFacts, limit = Infinity): PlatformRow[] {
  const rows: PlatformRow[] = [];
  for (const p of facts.platforms) {
    if (rows.length >= limit) break;
    rows.push({ platform: p.platform, state: p.state, ...(p.stage ? { stage: p.stage } : {}), message: platformDetail(p), time: shortTime(p.timestamp), ...(p.link ? { link: p.link } : {}) });
  }
  return rows;
}

/** Platforms a one-line summary names before "+N more". */
export const SUMMARY_PLATFORMS = 10;

/** "x ✔ · linkedin … · +3 more": at most `limit` platforms, each with its state's symbol. */
export function platformSymbols(facts: UploadFacts, theme: Theme, limit = SUMMARY_PLATFORMS): string[] {
  const parts = facts.platforms.slice(0, limit).map((p) => `${p.platform} ${stateSymbol(p, theme)}`);
  const more = facts.platforms.length - parts.length;
  if (more > 0) parts.push(theme.dim(`+${more} more`));
  return parts;
}

/** "2/3", "1/?" while the total is unknown. */
export function countText(facts: UploadFacts | undefined): string {
  if (!facts) return '–';
  return `${facts.completed ?? facts.counts.published}/${facts.total ?? '?'}`;
}

export { idLabel } from '../poll/next-steps.js';

/** A status word of ours, in its tone; "waiting" before any answer. */
export function statusWord(status: string | undefined, theme: Theme): string {
  if (status === undefined) return theme.dim('waiting');
  return isKnownStatus(status) ? theme.paint(STATUS_TABLE[status].tone, STATUS_TABLE[status].label) : theme.dim(status);
}

/** The status an answer gave, in its tone; an unknown one shows the server's own word (sanitised in the facts). */
export function statusLabel(facts: UploadFacts | undefined, theme: Theme): string {
  if (!facts) return theme.dim('waiting');
  return isKnownStatus(facts.status) ? statusWord(facts.status, theme) : theme.dim(facts.statusText);
}

/** One line about an answer: "in_progress 1/2 · x ✔ · linkedin …". */
export function bodySummary(facts: UploadFacts, theme: Theme): string {
  return [`${statusLabel(facts, theme)} ${countText(facts)}`, ...platformSymbols(facts, theme)].join(' · ');
}
