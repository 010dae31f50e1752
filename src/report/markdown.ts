// --markdown <file> and the GitHub step summary: a headline with counts, then
// a table per upload (platform, result, link or reason); past a few uploads
// one compact table plus detail for the failed ones only
// (docs/CONTRACT.md#links-and-reports). Server text goes in code spans, so it
// can neither break a table nor become HTML, markup or a link — not even one
// of the bare URLs GitHub links after rendering; the only links are ours,
// built from validated URLs.
import { type PlatformFacts } from '../api/facts.js';
import { PLATFORM_STATE_TABLE } from '../api/platform-states.js';
import { nextSteps } from '../poll/next-steps.js';
import { OUTCOME_TABLE, runVerdict, type Outcome } from '../poll/outcome.js';
import { DETAIL_LIMIT, MAX_BATCH_ROWS, MAX_FAILED_DETAIL, mostInteresting, summaryLine } from '../render/final.js';
import { type Report, type RunResult } from '../render/renderer.js';
import { countText, platformDetail } from '../render/rows.js';
import { MAX_PLATFORM_ROWS } from '../render/table.js';
import { plainTheme } from '../render/theme.js';
import { andMore } from '../util/lists.js';
import { sanitize } from '../util/sanitize.js';
import { appendText } from './files.js';

const PLAIN = plainTheme();

/** Server text in a cell is cut here: a step summary over 1 MiB is dropped whole by the runner. */
const MAX_CELL = 300;

/** One code span, fenced with one backtick more than the longest run inside. */
function codeSpan(s: string): string {
  if (s === '') return '';
  let longest = 0;
  for (const run of s.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '') ? ' ' : '';
  return fence + pad + s + pad + fence;
}

/**
 * Server text as Markdown: one line (sanitised), cut at each `|`, each piece
 * in its own code span and the pipes escaped between them. Code spans are
 * never parsed for HTML, markup or links (neither by GFM nor by GitHub's
 * later autolinking), and GFM splits cells on `|` before it reads code, so an
 * escaped pipe between spans is the only way to keep one in a cell.
 */
export function mdText(s: unknown): string {
  const text = sanitize(s);
  const cut = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
  return cut.split('|').map(codeSpan).join('\\|');
}

/**
 * A validated URL as a link destination: what could end the destination or
 * the cell is percent-encoded, and `&` is written `&amp;` — Markdown decodes
 * character references in destinations, so the URL comes out exactly as it
 * went in. Brackets stay: a validated link has them only around an IPv6 host,
 * where an encoded one would be no URL at all.
 */
function mdUrl(href: string): string {
  return href.replace(/[\s|()<>\\`*_"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).replace(/&/g, '&amp;');
}

/** "[x.com/…/status/123](https://x.com/…)": our own link, labelled by host and path. */
function mdLink(href: string): string {
  const u = new URL(href);
  const label = `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  const short = label.length > 60 ? `${label.slice(0, 59)}…` : label;
  return `[${mdText(short)}](${mdUrl(href)})`;
}

/** "✅ published", "⏳ in flight": the state's mark and word from the one table. */
function result(p: PlatformFacts): string {
  const info = PLATFORM_STATE_TABLE[p.state];
  return `${info.emoji} ${info.label}`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** An upload's platforms, the first MAX_PLATFORM_ROWS of them: no facts are built for the rest. */
function platformTable(o: Outcome): string[] {
  const platforms = o.facts?.platforms ?? [];
  const total = platforms.length;
  if (total === 0) return [];
  const lines = [row(['platform', 'result', 'link or reason']), row(['---', '---', '---'])];
  for (const p of platforms.slice(0, MAX_PLATFORM_ROWS)) {
    const detail = p.link ? mdLink(p.link) : mdText(platformDetail(p));
    const warnings = p.warnings.length > 0 ? ` ⚠️ ${p.warnings.map(mdText).join('; ')}` : '';
    lines.push(row([mdText(p.platform), result(p), detail + warnings]));
  }
  if (total > MAX_PLATFORM_ROWS) lines.push(row([`… and ${total - MAX_PLATFORM_ROWS} more`, '', '']));
  return [...lines, ''];
}

function outcomeHeading(o: Outcome): string {
  const info = OUTCOME_TABLE[o.kind];
  const id = o.upload.kind === 'job' ? `job ${mdText(o.upload.id)}` : mdText(o.upload.id);
  const sentence = o.kind === 'failed' && o.facts ? (o.facts.sentence ?? o.facts.message) : undefined;
  const why = o.error ? ` — ${mdText(o.error)}` : sentence ? ` — ${mdText(sentence)}` : '';
  return `**${id}** · ${info.symbol} ${info.label}${o.facts ? ` ${countText(o.facts)}` : ''}${why}`;
}

/** "x, linkedin and 3 more" */
function names(platforms: readonly PlatformFacts[]): string {
  return andMore(platforms, 10, (p) => mdText(p.platform));
}

function compactTable(outcomes: readonly Outcome[]): string[] {
  const shown = outcomes.length <= MAX_BATCH_ROWS ? outcomes : mostInteresting(outcomes, MAX_BATCH_ROWS);
  const lines = [row(['upload', 'result', 'published on', 'failed on']), row(['---', '---', '---', '---'])];
  for (const o of shown) {
    const platforms = o.facts?.platforms ?? [];
    const id = o.upload.kind === 'job' ? `job ${mdText(o.upload.id)}` : mdText(o.upload.id);
    const info = OUTCOME_TABLE[o.kind];
    const failed = platforms.filter((p) => PLATFORM_STATE_TABLE[p.state].fails);
    lines.push(row([id, `${info.symbol} ${info.label}`, names(platforms.filter((p) => p.state === 'published')), names(failed)]));
  }
  if (shown.length < outcomes.length) lines.push(row([`… and ${outcomes.length - shown.length} more`, '', '', '']));
  return lines;
}

const VERDICT_MARK = { completed: '✅', failed: '❌', not_found: '❓', timeout: '⏱️', error: '❌', pending: '⏳', interrupted: '⏹️' } as const;

/**
 * The report cut at a line's end to at most `maxBytes` of UTF-8, with a last
 * line saying so (a cut between rows leaves every table whole).
 */
export function withinBytes(report: string, maxBytes: number): string {
  if (Buffer.byteLength(report) <= maxBytes) return report;
  const note = `\n_The report was cut here to stay under ${Math.floor(maxBytes / 1024)} KiB; \`--json\` and \`--junit\` have every result._\n`;
  const room = Math.max(0, maxBytes - Buffer.byteLength(note));
  // Bytes to characters: a cut inside a character is dropped with it.
  const head = Buffer.from(report).subarray(0, room).toString('utf8').replace(/\ufffd$/, '');
  const end = head.lastIndexOf('\n');
  return (end >= 0 ? head.slice(0, end + 1) : '') + note;
}

export function markdownReport(result: RunResult): string {
  const { outcomes } = result;
  const verdict = runVerdict(result.exitCode, outcomes);
  // The summary line is ours alone: digits, words and commas.
  const out = [`### ${VERDICT_MARK[verdict]} Upload-Post · ${summaryLine(outcomes, PLAIN)}`, ''];
  const few = outcomes.length <= DETAIL_LIMIT;
  if (!few) out.push(...compactTable(outcomes), '');
  let detailed = 0;
  for (const o of outcomes) {
    if (!few && (o.kind !== 'failed' || detailed >= MAX_FAILED_DETAIL)) continue;
    detailed += 1;
    out.push(outcomeHeading(o), '', ...platformTable(o));
  }
  // Our sentences, with the server's words in them quoted.
  const steps = nextSteps(outcomes, mdText);
  if (steps.length > 0) out.push(...steps.map((s) => `- ${s}`), '');
  return out.join('\n') + '\n';
}

export function createMarkdownReport(path: string, what: string): Report {
  return { name: `${what} ${path}`, write: (result) => appendText(path, markdownReport(result)) };
}
