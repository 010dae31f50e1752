// The per-platform table (cli-table3), for the final view in every human mode.
import Table from 'cli-table3';
import { type StatusBody } from '../api/types.js';
import { platformRows, stateLabel } from './rows.js';
import { type Theme } from './theme.js';

/** No rule between body rows: a table of ten platforms stays ten lines tall. */
export const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Cut to `max` visible characters with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * `width`: the columns available (undefined = no limit, e.g. a log file).
 * Only the message column gives way; the others are short by nature.
 */
export function platformTable(body: StatusBody, theme: Theme, width?: number): string {
  const rows = platformRows(body);
  if (rows.length === 0) return '';
  const platformW = Math.max(8, ...rows.map((r) => r.platform.length));
  const fixed = platformW + 14 /* state */ + 8 /* time */ + 13; /* borders, padding */
  const msgMax = width ? Math.max(10, width - fixed) : 200;
  const table = new Table({
    head: ['platform', 'state', 'message', 'time'].map((h) => theme.bold(h)),
    style: theme.level === 0 ? { head: [], border: [] } : { head: [], border: ['grey'] },
    chars: COMPACT,
    wordWrap: false,
  });
  for (const r of rows) {
    table.push([truncate(r.platform, 24), stateLabel(r.state, theme), truncate(r.message, msgMax), r.time]);
  }
  return table.toString();
}
