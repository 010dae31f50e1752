// --markdown <file> and the GitHub step summary: a headline with counts, then
// a table per upload (platform, result, link or reason); past a few uploads
// one compact table plus detail for the failed ones only
// (docs/CONTRACT.md#links-and-reports). Server text is escaped so it cannot
// break a table or become HTML or a link; the only links are ours, built from
// validated URLs.
import { OUTCOME_TABLE, runVerdict, type Outcome } from '../poll/outcome.js';
import { uploadFacts, type PlatformFact, type UploadFacts } from '../render/facts.js';
import { DETAIL_LIMIT, MAX_BATCH_ROWS, MAX_FAILED_DETAIL, mostInteresting, summaryLine } from '../render/final.js';
import { nextSteps } from '../render/next-steps.js';
import { type Report, type RunResult } from '../render/renderer.js';
import { countText } from '../render/rows.js';
import { makeTheme } from '../render/theme.js';
import { sanitize } from '../util/sanitize.js';
import { appendText } from './files.js';

const PLAIN = makeTheme(0);

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * Server text as Markdown text: one line, every ASCII punctuation character
 * backslash-escaped (no `|` can end a cell, no `<` open a tag, no `[`, `(`,
 * `!` or `*` start markup), and "://" and "www." broken by an escape so GFM
 * finds no bare link in it.
 */
export function mdText(s: unknown): string {
  return sanitize(s).replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/** A validated URL as a link destination: what could end the destination or the cell is percent-encoded. */
function mdUrl(href: string): string {
  return href.replace(/[\s|()<>\\[\]`*_"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** "[x.com/…/status/123](https://x.com/…)": our own link, labelled by host and path. */
export function mdLink(href: string): string {
  const u = new URL(href);
  const label = `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  const short = label.length > 60 ? `${label.slice(0, 59)}…` : label;
  return `[${mdText(short)}](${mdUrl(href)})`;
}

const RESULT: Record<PlatformFact['state'], string> = {
  success: '✅ published',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  retryable: '🔁 retrying',
  processing: '⏳ processing',
  queued: '⏳ queued',
  pending: '⏳ pending',
};

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function platformTable(facts: UploadFacts): string[] {
  const lines = [row(['platform', 'result', 'link or reason']), row(['---', '---', '---'])];
  for (const p of facts.platforms.slice(0, 50)) {
    const detail = p.link ? mdLink(p.link) : p.reason ? mdText(p.reason) : '';
    const warnings = p.warnings.length > 0 ? ` ⚠️ ${p.warnings.map(mdText).join('; ')}` : '';
    lines.push(row([mdText(p.platform), RESULT[p.state], detail + warnings]));
  }
  if (facts.platforms.length > 50) lines.push(row([`… and ${facts.platforms.length - 50} more`, '', '']));
  return lines;
}

function outcomeHeading(o: Outcome): string {
  const info = OUTCOME_TABLE[o.kind];
  const id = o.upload.kind === 'job' ? `job ${mdText(o.upload.id)}` : mdText(o.upload.id);
  const why = o.error ? ` — ${mdText(o.error)}` : o.kind === 'failed' && o.body?.message ? ` — ${mdText(o.body.message)}` : '';
  return `**${id}** · ${info.symbol} ${info.label}${o.body ? ` ${countText(o.body)}` : ''}${why}`;
}

/** "x, linkedin and 3 more" */
function names(platforms: readonly PlatformFact[]): string {
  const shown = platforms.slice(0, 10).map((p) => mdText(p.platform));
  return platforms.length > 10 ? `${shown.join(', ')} and ${platforms.length - 10} more` : shown.join(', ');
}

function compactTable(outcomes: readonly Outcome[]): string[] {
  const shown = outcomes.length <= MAX_BATCH_ROWS ? outcomes : mostInteresting(outcomes, MAX_BATCH_ROWS);
  const lines = [row(['upload', 'result', 'published on', 'failed on']), row(['---', '---', '---', '---'])];
  for (const o of shown) {
    const facts = uploadFacts(o);
    const id = o.upload.kind === 'job' ? `job ${mdText(o.upload.id)}` : mdText(o.upload.id);
    const info = OUTCOME_TABLE[o.kind];
    lines.push(row([id, `${info.symbol} ${info.label}`, names(facts.published), names(facts.failed)]));
  }
  if (shown.length < outcomes.length) lines.push(row([`… and ${outcomes.length - shown.length} more`, '', '', '']));
  return lines;
}

const VERDICT_MARK = { completed: '✅', failed: '❌', not_found: '❓', timeout: '⏱️', error: '❌', pending: '⏳', interrupted: '⏹️' } as const;

export function markdownReport(result: RunResult): string {
  const { outcomes } = result;
  const verdict = runVerdict(result.exitCode, outcomes);
  const out = [`### ${VERDICT_MARK[verdict]} Upload-Post · ${mdText(summaryLine(outcomes, PLAIN))}`, ''];
  const few = outcomes.length <= DETAIL_LIMIT;
  if (!few) out.push(...compactTable(outcomes), '');
  let detailed = 0;
  for (const o of outcomes) {
    if (!few && (o.kind !== 'failed' || detailed >= MAX_FAILED_DETAIL)) continue;
    detailed += 1;
    out.push(outcomeHeading(o), '');
    const facts = uploadFacts(o);
    if (facts.platforms.length > 0) out.push(...platformTable(facts), '');
  }
  const steps = nextSteps(outcomes);
  if (steps.length > 0) out.push(...steps.map((s) => `- ${mdText(s)}`), '');
  return out.join('\n') + '\n';
}

export function createMarkdownReport(path: string, what: string, scrub: (text: string) => string): Report {
  return { name: `${what} ${path}`, write: (result) => appendText(path, scrub(markdownReport(result))) };
}
