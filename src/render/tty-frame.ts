// The live frame as lines of text, from what is known about each ID at one
// instant. Pure: the terminal renderer feeds it and hands the lines to ora.
// Two hard limits: no line wider than the terminal, and never more
// lines than the terminal has rows minus one — a taller frame cannot be erased
// and every redraw would land in the scrollback.
import { type UploadFacts } from '../api/facts.js';
import { type UploadId } from '../api/types.js';
import { OUTCOME_TABLE, type OutcomeKind } from '../poll/outcome.js';
import { formatDuration, formatSpan } from '../util/duration.js';
import { localTime } from '../util/local-time.js';
import { sanitize } from '../util/sanitize.js';
import { countParts, DETAIL_LIMIT } from './final.js';
import { outcomeSymbol } from './outcome-text.js';
import { countText, idLabel, platformSymbols, stateSymbol, statusLabel, statusWord } from './rows.js';
import { platformTable, platformTableHeight } from './table.js';
import { type Theme } from './theme.js';
import { firstByRank } from '../util/lists.js';
import { maxOf, minOf } from '../util/numbers.js';
import { clipLine, fit, padEnd, visibleWidth } from '../util/text-width.js';

/** What the frame knows about one ID. */
export interface IdView {
  upload: UploadId;
  /** What the last answer said. */
  facts?: UploadFacts;
  nextCheckAt?: number;
  note?: string;
  throttled?: boolean;
  outcome?: OutcomeKind;
  /** When the outcome arrived: the elapsed time stops there. */
  endedAt?: number;
  /** Waiting for its --not-before time. */
  dueAt?: number;
}

/** How many IDs stand where: outcome kinds, still watched, throttled. */
export interface Tally {
  readonly ended: ReadonlyMap<OutcomeKind, number>;
  readonly watching: number;
  readonly throttled: number;
}

/** One pass over the views; a live renderer keeps its own as events arrive. */
function tallyOf(views: Iterable<IdView>): Tally {
  const ended = new Map<OutcomeKind, number>();
  let watching = 0;
  let throttled = 0;
  for (const v of views) {
    if (v.outcome === undefined) {
      watching += 1;
      if (v.throttled) throttled += 1;
    } else ended.set(v.outcome, (ended.get(v.outcome) ?? 0) + 1);
  }
  return { ended, watching, throttled };
}

export interface FrameSpec {
  views: readonly IdView[];
  /** Counts of `views`, when the caller keeps them; else counted here. */
  tally?: Tally;
  /** Monotonic, like every instant of an IdView. */
  startedAt: number;
  now: number;
  /** The wall clock at `now`: only to print a time. */
  wall?: number;
  columns: number;
  rows: number;
  watch: boolean;
  theme: Theme;
  /** IDs are still being read: the header says so, whatever their number. */
  inputOpen?: boolean;
}

/** ora writes its spinner glyph and a space before the first line. */
export const SPINNER_COLUMNS = 2;

/** Lines of the frame; the spinner goes in front of the first one. */
export function buildFrame(spec: FrameSpec): string[] {
  // One column spare: a line that fills the last column leaves some terminals
  // in a pending wrap, which throws the erase off by a row.
  const width = Math.max(1, spec.columns - 1);
  const maxLines = Math.max(1, spec.rows - 1);
  const fitsDetailed = spec.views.length <= DETAIL_LIMIT && detailedHeight(spec.views, spec.inputOpen === true) <= maxLines;
  let lines = fitsDetailed ? detailed(spec, width) : [];
  if (lines.length === 0) lines = compact(spec, width, maxLines);
  return lines.map((l, i) => clipLine(l, i === 0 ? width - SPINNER_COLUMNS : width));
}

/** Lines the detailed frame would take, counted before anything is built. */
function detailedHeight(views: readonly IdView[], inputOpen: boolean): number {
  let n = views.length > 1 || inputOpen ? 1 : 0;
  for (const v of views) n += 1 + (v.facts ? platformTableHeight(v.facts) : 0);
  return n;
}

function detailed(spec: FrameSpec, width: number): string[] {
  const { views, theme } = spec;
  const lines: string[] = [];
  if (views.length > 1 || spec.inputOpen) lines.push(header(spec, spec.tally ?? tallyOf(views)));
  for (const v of views) {
    const prefix = views.length > 1 ? `${symbol(v, theme)} ` : '';
    lines.push(prefix + idLine(v, spec, width - SPINNER_COLUMNS - visibleWidth(prefix)));
    const table = v.facts ? platformTable(v.facts, theme, width) : '';
    if (table) for (const line of table.split('\n')) lines.push(line);
  }
  return lines;
}

/** One row per ID, the most interesting first, capped to the rows there are. */
function compact(spec: FrameSpec, width: number, maxLines: number): string[] {
  const { views, theme } = spec;
  const room = maxLines - 1;
  // Nothing is built for the views that will not be shown: 100,000 cost a frame no more than 30.
  const shown = firstByRank(views, rank, 3, views.length <= room ? room : Math.max(0, room - 1));
  const hidden = views.length - shown.length;
  const rows = shown.map((v) => ({ v, id: idLabel(v.upload), status: status(v, theme) }));
  const idW = Math.min(maxOf(rows, (r) => visibleWidth(r.id), 2), Math.max(12, Math.floor(width / 3)));
  const statusW = maxOf(rows, (r) => visibleWidth(r.status), 7);
  const tally = spec.tally ?? tallyOf(views);
  const lines = [header(spec, tally)];
  for (const { v, id, status: shownStatus } of rows) {
    const cells = [symbol(v, theme), padEnd(fit(id, idW), idW), padEnd(shownStatus, statusW), countText(v.facts)];
    let line = cells.join(' ');
    const note = v.throttled ? throttledUntil(v, spec.now, spec.wall) : v.note;
    if (v.outcome === undefined && note) line += ` · ${theme.warn(sanitize(note))}`;
    else if (v.outcome === undefined && v.dueAt !== undefined && v.dueAt > spec.now) line += ` · ${theme.info(`scheduled · due in ${formatSpan(v.dueAt - spec.now)}`)}`;
    if (views.length <= DETAIL_LIMIT && v.facts) line += '  ' + platformSymbols(v.facts, theme, Math.ceil(width / 4)).join(' · ');
    lines.push(line);
  }
  if (hidden > 0 && room > 0) {
    const rest = hiddenTally(tally, shown);
    lines.push(theme.dim(`… and ${hidden} more${breakdown(rest.ended, rest.watching)}`));
  }
  return lines;
}

/** Not final first, then failures, then the rest. */
function rank(v: IdView): number {
  if (v.outcome === undefined) return 0;
  return OUTCOME_TABLE[v.outcome].failure ? 1 : 2;
}

function header(spec: FrameSpec, tally: Tally): string {
  const { views, theme } = spec;
  const n = views.length;
  const final = n - tally.watching;
  const count = `${n} ${n === 1 ? 'upload' : 'uploads'}`;
  const parts = [spec.inputOpen ? `${count} so far · input open` : count, `${final}/${n} final${breakdown(tally.ended, 0)}`, elapsed(spec.startedAt, spec.now)];
  if (tally.watching > 0) {
    const due = minOf(views, (v) => (v.outcome === undefined ? (v.nextCheckAt ?? -Infinity) : Infinity));
    parts.push(nextCheck({ nextCheckAt: Number.isFinite(due) ? due : undefined, throttled: tally.throttled > 0 }, spec.now, spec.watch, theme, spec.wall));
  }
  return parts.join(' · ');
}

/** " (3 completed, 1 failed, 2 watching)": outcomes in the table's order, then IDs still watched. */
function breakdown(ended: ReadonlyMap<OutcomeKind, number>, watching: number): string {
  const parts = countParts(ended);
  if (watching > 0) parts.push(`${watching} watching`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** The tally less the views shown: what "… and N more" stands for. */
function hiddenTally(tally: Tally, shown: readonly IdView[]): { ended: Map<OutcomeKind, number>; watching: number } {
  const ended = new Map(tally.ended);
  let watching = tally.watching;
  for (const v of shown) {
    if (v.outcome === undefined) watching -= 1;
    else ended.set(v.outcome, (ended.get(v.outcome) ?? 0) - 1);
  }
  return { ended, watching };
}

/** The server's status, except that a final body with a failed platform reads "failed". */
function status(v: IdView, theme: Theme): string {
  return v.outcome === 'failed' ? statusWord('failed', theme) : statusLabel(v.facts, theme);
}

function idLine(v: IdView, spec: FrameSpec, room: number): string {
  const { theme } = spec;
  const tail = [`${status(v, theme)} ${countText(v.facts)}`];
  if (v.outcome === undefined && v.dueAt !== undefined && v.dueAt > spec.now) {
    tail.push(theme.info(`scheduled · due in ${formatSpan(v.dueAt - spec.now)}`), nextCheck(v, spec.now, spec.watch, theme, spec.wall));
  } else if (v.outcome === undefined) {
    tail.push(elapsed(spec.startedAt, spec.now), nextCheck(v, spec.now, spec.watch, theme, spec.wall));
  } else {
    tail.push(`done in ${formatDuration(wholeSeconds((v.endedAt ?? spec.now) - spec.startedAt))}`);
  }
  const rest = tail.join(' · ');
  // The ID gives way first, down to a readable stub; clipLine handles the rest.
  const id = fit(idLabel(v.upload), Math.max(12, room - visibleWidth(rest) - 2));
  return `${theme.bold(id)}  ${rest}`;
}

function elapsed(from: number, now: number): string {
  return `${formatDuration(wholeSeconds(now - from))} elapsed`;
}

function wholeSeconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000)) * 1000;
}

/**
 * "next check in 4s", "throttled until 18:05 UTC · next check in 9s", "HTTP 503 · retrying in 2s".
 * `wall` is the wall clock at `now` (monotonic), to print the end of a 429 wait as a time.
 */
export function nextCheck(v: Pick<IdView, 'nextCheckAt' | 'note' | 'throttled'>, now: number, watch: boolean, theme: Theme, wall = now): string {
  if (!watch || v.nextCheckAt === undefined) return 'checking…';
  const secs = Math.ceil((v.nextCheckAt - now) / 1000);
  if (secs <= 0) return 'checking…';
  const when = `in ${formatDuration(secs * 1000)}`;
  if (v.throttled) return `${theme.warn(throttledUntil(v, now, wall))} · next check ${when}`;
  if (!v.note) return `next check ${when}`;
  return `${theme.warn(fit(sanitize(v.note), 48))} · retrying ${when}`;
}

/** "throttled until 18:05 UTC": when a 429's wait ends, as a time of day with its zone. */
function throttledUntil(v: Pick<IdView, 'nextCheckAt'>, now: number, wall = now): string {
  return v.nextCheckAt === undefined ? 'throttled' : `throttled until ${localTime(wall + (v.nextCheckAt - now))}`;
}

function symbol(v: IdView, theme: Theme): string {
  if (v.outcome !== undefined) return outcomeSymbol(v.outcome, theme);
  return v.facts?.retrying ? stateSymbol({ state: 'in_flight', stage: 'retryable' }, theme) : theme.info('…');
}
