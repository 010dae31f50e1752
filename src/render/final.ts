// The closing view shared by the plain log and the terminal: per-platform
// tables (all of them for a few IDs; only the failed ones for a batch), then
// one summary line.
import { OUTCOME_KINDS, OUTCOME_TABLE, type Outcome, type OutcomeKind } from '../poll/outcome.js';
import { firstByRank } from '../util/lists.js';
import { fit } from '../util/text-width.js';
import { nextSteps } from '../poll/next-steps.js';
import { outcomeLine } from './outcome-text.js';
import { countText, idLabel, statusLabel, statusWord } from './rows.js';
import { makeTable, MAX_PLATFORM_ROWS, platformTable } from './table.js';
import { type Theme } from './theme.js';

/** Up to this many IDs, every ID gets its own platform table. */
export const DETAIL_LIMIT = 5;

/** ["3 completed", "1 failed"]: how many IDs ended each way, in the table's order, each in its tone. */
export function countParts(counts: ReadonlyMap<OutcomeKind, number>, paint: Theme['paint'] = (_tone, text) => text): string[] {
  return OUTCOME_KINDS.filter((k) => (counts.get(k) ?? 0) > 0).map((k) => paint(OUTCOME_TABLE[k].tone, `${counts.get(k)} ${OUTCOME_TABLE[k].label}`));
}

export function summaryLine(outcomes: readonly Outcome[], theme: Theme): string {
  const counts = new Map<OutcomeKind, number>();
  for (const o of outcomes) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return `${outcomes.length} ${outcomes.length === 1 ? 'upload' : 'uploads'}: ${countParts(counts, theme.paint).join(', ')}`;
}

/** Rows of the batch table; --json and the reports keep every ID. */
export const MAX_BATCH_ROWS = 100;
/** Failed IDs of a batch that get their own platform table. */
export const MAX_FAILED_DETAIL = 10;

/**
 * The first `limit` outcomes worth a person's attention: failures first, then
 * those not final, then the rest, each in input order. One pass, no sort.
 */
export function mostInteresting(outcomes: readonly Outcome[], limit: number): Outcome[] {
  return firstByRank(outcomes, interest, 3, limit);
}

function interest(o: Outcome): number {
  const info = OUTCOME_TABLE[o.kind];
  return info.failure ? 0 : info.verdict === 'completed' ? 2 : 1;
}

export function batchTable(outcomes: readonly Outcome[], theme: Theme, width?: number): string {
  const table = makeTable(['id', 'status', 'done'], theme);
  const idMax = width ? Math.max(12, width - 30) : 80;
  const shown = outcomes.length <= MAX_BATCH_ROWS ? outcomes : mostInteresting(outcomes, MAX_BATCH_ROWS - 1);
  for (const o of shown) {
    const status = o.kind === 'api_error' || o.kind === 'auth_error' ? theme.fail('error') : o.facts ? statusLabel(o.facts, theme) : statusWord(o.kind, theme);
    table.push([fit(idLabel(o.upload), idMax), status, countText(o.facts)]);
  }
  const more = outcomes.length - shown.length;
  return table.toString() + (more > 0 ? `\n${theme.dim(`… and ${more} more uploads (--json has them all)`)}` : '');
}

/** Platforms' warnings under their table: a handful, each on its own line. */
function warningLines(o: Outcome, theme: Theme): string[] {
  const lines: string[] = [];
  for (const p of (o.facts?.platforms ?? []).slice(0, MAX_PLATFORM_ROWS)) {
    for (const w of p.warnings) if (lines.length < 5) lines.push(`${theme.warn('⚠')} ${p.platform}: ${w}`);
  }
  return lines;
}

export function finalView(outcomes: readonly Outcome[], theme: Theme, width?: number): string {
  const out: string[] = [];
  const few = outcomes.length <= DETAIL_LIMIT;
  if (!few) out.push(batchTable(outcomes, theme, width));
  let detailed = 0;
  let failedUndetailed = 0;
  for (const o of outcomes) {
    if (few) out.push(outcomeLine(o, theme));
    if (!few && o.kind !== 'failed') continue;
    if (!few && detailed >= MAX_FAILED_DETAIL) {
      failedUndetailed += 1;
      continue;
    }
    const t = o.facts ? platformTable(o.facts, theme, width) : '';
    if (t) {
      out.push(few ? t : `${outcomeLine(o, theme)}\n${t}`);
      out.push(...warningLines(o, theme));
      detailed += 1;
    }
  }
  if (failedUndetailed > 0) out.push(theme.dim(`… and ${failedUndetailed} more failed uploads (--json has their platforms)`));
  for (const step of nextSteps(outcomes)) out.push(`${theme.warn('→')} ${step}`);
  out.push(theme.bold(summaryLine(outcomes, theme)));
  return out.join('\n') + '\n';
}
