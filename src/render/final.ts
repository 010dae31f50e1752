// The closing view shared by the plain log and the terminal: per-platform
// tables (all of them for a few IDs; only the failed ones for a batch), then
// one summary line.
import { OUTCOME_KINDS, OUTCOME_TABLE, type Outcome, type OutcomeKind } from '../poll/outcome.js';
import { fit } from '../util/text-width.js';
import { outcomeLine } from './outcome-text.js';
import { countText, idLabel, statusLabel } from './rows.js';
import { makeTable, platformTable } from './table.js';
import { type Theme } from './theme.js';

/** Up to this many IDs, every ID gets its own platform table. */
export const DETAIL_LIMIT = 5;

/** "3 completed, 1 failed": how many IDs ended each way, in the table's order. */
export function countByKind(kinds: Iterable<OutcomeKind>, theme: Theme): string[] {
  const count = new Map<OutcomeKind, number>();
  for (const k of kinds) count.set(k, (count.get(k) ?? 0) + 1);
  return OUTCOME_KINDS.filter((k) => count.has(k)).map((k) => theme.paint(OUTCOME_TABLE[k].tone, `${count.get(k)} ${OUTCOME_TABLE[k].label}`));
}

export function summaryLine(outcomes: readonly Outcome[], theme: Theme): string {
  const parts = countByKind(
    outcomes.map((o) => o.kind),
    theme,
  );
  return `${outcomes.length} ${outcomes.length === 1 ? 'upload' : 'uploads'}: ${parts.join(', ')}`;
}

export function batchTable(outcomes: readonly Outcome[], theme: Theme, width?: number): string {
  const table = makeTable(['id', 'status', 'done'], theme);
  const idMax = width ? Math.max(12, width - 30) : 80;
  for (const o of outcomes) {
    const status = o.kind === 'api_error' || o.kind === 'auth_error' ? theme.fail('error') : statusLabel(o.body?.status ?? o.kind, theme);
    table.push([fit(idLabel(o.upload), idMax), status, countText(o.body)]);
  }
  return table.toString();
}

export function finalView(outcomes: readonly Outcome[], theme: Theme, width?: number): string {
  const out: string[] = [];
  const few = outcomes.length <= DETAIL_LIMIT;
  if (!few) out.push(batchTable(outcomes, theme, width));
  for (const o of outcomes) {
    const detail = few || o.kind === 'failed';
    if (few) out.push(outcomeLine(o, theme));
    if (detail && o.body) {
      const t = platformTable(o.body, theme, width);
      if (t) out.push(few ? t : `${outcomeLine(o, theme)}\n${t}`);
    }
  }
  out.push(theme.bold(summaryLine(outcomes, theme)));
  return out.join('\n') + '\n';
}
