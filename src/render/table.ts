// Tables (cli-table3) for the final view in every human mode.
import Table from 'cli-table3';
import { type UploadFacts } from '../api/facts.js';
import { maxOf } from '../util/numbers.js';
import { fit, visibleWidth } from '../util/text-width.js';
import { platformRows, stateLabel } from './rows.js';
import { type Theme } from './theme.js';

/** No rule between body rows: a table of ten platforms stays ten lines tall. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * Every table of ours: bold heads, compact rows, and no escape codes at colour
 * level 0 — cli-table3 colours head and borders even when piped and ignores
 * NO_COLOR (docs/ARCHITECTURE.md#stack-traps), so its own styles are turned off then.
 */
export function makeTable(heads: readonly string[], theme: Theme): InstanceType<typeof Table> {
  return new Table({
    head: heads.map((h) => theme.bold(h)),
    style: theme.level === 0 ? { head: [], border: [] } : { head: [], border: ['grey'] },
    chars: COMPACT,
    wordWrap: false,
  });
}

/** Platforms a table shows; --json and the reports keep them all. */
export const MAX_PLATFORM_ROWS = 50;

/**
 * `width`: the columns available (undefined = no limit, e.g. a log file).
 * Only the message column gives way; the others are short by nature. At most
 * `maxRows` platforms, then a line saying how many more there are.
 */
export function platformTable(facts: UploadFacts, theme: Theme, width?: number, maxRows = MAX_PLATFORM_ROWS): string {
  const rows = platformRows(facts, maxRows);
  if (rows.length === 0) return '';
  const platformW = Math.min(24, maxOf(rows, (r) => visibleWidth(r.platform), 8));
  const timeW = maxOf(rows, (r) => visibleWidth(r.time), 'time (UTC)'.length);
  const fixed = platformW + 13 /* state */ + timeW + 13; /* borders, padding */
  // A terminal too narrow for a link column and a readable message gets none: the plain log has every link.
  const anyLink = rows.some((r) => r.link !== undefined) && (!width || width - fixed - 3 >= 10 + 16);
  // Without a width (a log) nothing is cut, links least of all: `grep -o 'https://[^ ]*'` finds each whole.
  // In a terminal the link takes what it needs first, leaving the message at
  // least a few words; the message gives way, then the link's text (a
  // hyperlink keeps its whole target).
  const linkCol = anyLink ? 3 : 0;
  const msgWants = Math.min(32, maxOf(rows, (r) => visibleWidth(r.message), 7));
  const linkW = width && anyLink ? Math.min(maxOf(rows, (r) => r.link?.length ?? 0, 4), Math.max(16, width - fixed - linkCol - msgWants)) : Infinity;
  const msgMax = width ? Math.max(10, width - fixed - (anyLink ? linkW + linkCol : 0)) : 200;
  const table = makeTable(['platform', 'state', 'message', 'time (UTC)', ...(anyLink ? ['link'] : [])], theme);
  const linkTexts = rows.map((r) => (r.link ? linkText(r.link, linkW) : ''));
  for (const [i, r] of rows.entries()) {
    const cells = [fit(r.platform, 24), stateLabel(r, theme), fit(r.message, msgMax), r.time];
    if (anyLink) cells.push(linkTexts[i]!);
    table.push(cells);
  }
  // cli-table3 would count an OSC 8 hyperlink's target as visible width: the
  // table is laid out with the links' text, and each becomes a hyperlink after.
  const lines = table.toString().split('\n');
  for (const [i, r] of rows.entries()) {
    const text = linkTexts[i]!;
    const line = lines[i + 2]; // top rule, head, then one line per row
    if (r.link && text && line !== undefined) lines[i + 2] = replaceLast(line, text, theme.link(r.link, text));
  }
  const more = facts.platforms.length - rows.length;
  return lines.join('\n') + (more > 0 ? `\n${theme.dim(`… and ${more} more platforms (--json has them all)`)}` : '');
}

/** A link's text in `max` columns: whole when it fits, else its host and path (the hyperlink keeps the whole URL). */
function linkText(url: string, max: number): string {
  if (url.length <= max) return url;
  return fit(url.replace(/^https?:\/\/(www\.)?/, ''), max);
}

/** `line` with the last `text` in it replaced (the link is the row's last cell). */
function replaceLast(line: string, text: string, by: string): string {
  const at = line.lastIndexOf(text);
  return at === -1 ? line : line.slice(0, at) + by + line.slice(at + text.length);
}

/** Lines a platform table of these facts takes, without building it. */
export function platformTableHeight(facts: UploadFacts, maxRows = MAX_PLATFORM_ROWS): number {
  const n = facts.platforms.length;
  if (n === 0) return 0;
  return Math.min(n, maxRows) + 3 + (n > maxRows ? 1 : 0); // top rule, head, rows, bottom rule; "… and N more"
}
