// GitHub Actions (GITHUB_ACTIONS=true, unless --no-github): the Markdown
// report appended to the step summary, outputs appended to $GITHUB_OUTPUT
// (exit-code, status, post-urls), and an annotation per failed platform or
// ID on stderr — stdout stays pure JSON Lines under --json, and the runner
// reads workflow commands from both streams (docs/CONTRACT.md#links-and-reports).
// Every value is escaped by the workflow-command rules, so server text can
// forge neither a command nor an output.
import { stat } from 'node:fs/promises';
import { type PlatformFacts } from '../api/facts.js';
import { PLATFORM_STATE_TABLE } from '../api/platform-states.js';
import { idKey } from '../api/types.js';
import { idLabel } from '../poll/next-steps.js';
import { runVerdict, type Outcome } from '../poll/outcome.js';
import { type Report, type RunResult } from '../render/renderer.js';
import { reasonWithCode } from '../render/rows.js';
import { andMore } from '../util/lists.js';
import { randomHex } from '../util/random-hex.js';
import { appendText } from './files.js';
import { markdownReport, withinBytes } from './markdown.js';

/** Command data: `%`, CR and LF escaped, as the runner unescapes them. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property: data escaping plus `:` and `,`, which end a property. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub's ceiling for one step's summary is 1 MiB; ours stays well under it. */
export const SUMMARY_MAX_BYTES = 1000 * 1024;
/** Less room than this, and the summary is left as it is: a headline alone would say little. */
const SUMMARY_MIN_BYTES = 4 * 1024;

/** Annotations stop here: a batch of thousands must not flood the log. */
export const MAX_ANNOTATIONS = 50;

/**
 * `::error title=…::message` lines: one per failed platform or failed ID, a
 * warning per timeout or unknown ID. No more than MAX_ANNOTATIONS are built,
 * whatever the batch or the body holds; a last warning counts the rest.
 */
export function annotations(outcomes: readonly Outcome[]): string[] {
  const lines: string[] = [];
  let left = 0;
  const room = (n = 1): boolean => {
    if (lines.length < MAX_ANNOTATIONS) return true;
    left += n;
    return false;
  };
  const add = (level: 'error' | 'warning', title: string, message: string) => {
    // Every piece is sanitised already: IDs and facts where they were read, errors where they arose.
    if (room()) lines.push(`::${level} title=${escapeProperty(title)}::${escapeData(message)}`);
  };
  for (const o of outcomes) {
    const id = idLabel(o.upload);
    switch (o.kind) {
      case 'failed': {
        const platforms = o.facts?.platforms ?? [];
        const failed = platforms.filter((p) => p.state === 'failed' || p.state === 'draft');
        const why = o.facts?.sentence;
        // A stall or a platform without a row is the upload's own trouble: one annotation for it.
        if (failed.length === 0 || o.facts?.conclusion === 'no_result' || o.facts?.conclusion === 'stalled') add('error', `upload-post: ${id}`, `${id} failed${why ? ` — ${why}` : ''}`);
        if (failed.length === 0 || !room(failed.length)) break;
        // Named once per upload, in few words: the same note on every failed platform.
        const published = platforms.filter((p) => p.state === 'published');
        const keep = published.length > 0 ? ` (already published on ${andMore(published, 10, (p) => p.platform)}: don't re-run for those)` : '';
        for (const p of failed) add('error', `upload-post: ${id} on ${p.platform}`, `${platformTrouble(p)}${keep}`);
        break;
      }
      case 'auth_error':
      case 'api_error':
        add('error', `upload-post: ${id}`, `${id}: ${o.error ?? 'no status was obtained'}`);
        break;
      case 'timeout':
        add('warning', `upload-post: ${id}`, `${id} was not final when the --timeout ran out${o.facts ? ` (${o.facts.statusText})` : ''}`);
        break;
      case 'not_found':
        add('warning', `upload-post: ${id}`, `${id} was not found`);
        break;
      default:
        break;
    }
  }
  if (left > 0) lines.push(`::warning title=upload-post::${left} more annotations left out; the step summary and --json have every result`);
  return lines;
}

/** "tiktok failed: Video too long (quota_exceeded)", "tiktok: draft in the TikTok inbox — post it from the app". */
function platformTrouble(p: PlatformFacts): string {
  if (p.state === 'failed') return `${p.platform} failed: ${reasonWithCode(p) ?? 'no reason given'}`;
  return `${p.platform}: ${PLATFORM_STATE_TABLE[p.state].sentence}`;
}

/** GitHub takes an output of at most 1 MB; post-urls stays under this many bytes of JSON. */
export const MAX_POST_URLS_BYTES = 900 * 1024;

/** The links post-urls holds, and how many it had to leave out to stay under the output ceiling. */
export interface PostUrls {
  urls: Record<string, unknown>;
  left: number;
}

/**
 * `{platform: url}` for one ID, `{id: {platform: url}}` for several: links
 * in input order while the JSON stays under `maxBytes` (a body of 100,000
 * published platforms would make an output the runner refuses), the rest counted.
 */
export function collectPostUrls(outcomes: readonly Outcome[], maxBytes = MAX_POST_URLS_BYTES): PostUrls {
  const json = (v: string) => Buffer.byteLength(JSON.stringify(v));
  let size = 2 + (outcomes.length === 1 ? 0 : outcomes.length * 3);
  let left = 0;
  const of = (o: Outcome): Record<string, string> => {
    // A Map: a platform named `__proto__` is a key like any other. A name twice: its first link.
    const links = new Map<string, string>();
    for (const p of o.facts?.platforms ?? []) {
      if (p.state !== 'published' || !p.link || links.has(p.key)) continue;
      const cost = json(p.key) + json(p.link) + 2;
      if (size + cost > maxBytes) {
        left += 1;
        continue;
      }
      size += cost;
      links.set(p.key, p.link);
    }
    return Object.fromEntries(links);
  };
  if (outcomes.length === 1) return { urls: of(outcomes[0]!), left };
  const urls = new Map<string, Record<string, string>>();
  for (const o of outcomes) {
    const key = o.upload.kind === 'job' ? idKey(o.upload) : o.upload.id;
    size += json(key);
    urls.set(key, of(o));
  }
  return { urls: Object.fromEntries(urls), left };
}

export function postUrls(outcomes: readonly Outcome[]): Record<string, unknown> {
  return collectPostUrls(outcomes).urls;
}

/** The outputs in the runner's multi-line form, each with a fresh random delimiter no value can contain. */
export function outputsFile(result: RunResult, random: () => string = () => randomHex(16), urls: PostUrls = collectPostUrls(result.outcomes)): string {
  return outputLines(
    [
      ['exit-code', String(result.exitCode)],
      ['status', runVerdict(result.exitCode, result.outcomes)],
      ['post-urls', JSON.stringify(urls.urls)],
    ],
    random,
  );
}

/** Name-value pairs for $GITHUB_OUTPUT, each `name<<delimiter`, with a delimiter its value does not hold. */
export function outputLines(values: readonly (readonly [string, string])[], random: () => string = () => randomHex(16)): string {
  return values
    .map(([name, value]) => {
      let delimiter = `ghadelimiter_${random()}`;
      while (value.includes(delimiter)) delimiter = `ghadelimiter_${random()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

export interface GithubTargets {
  /** $GITHUB_OUTPUT, when set. */
  outputPath?: string;
  /** $GITHUB_STEP_SUMMARY, when set. */
  summaryPath?: string;
  /** Where annotations go: stderr. */
  annotate: (line: string) => void;
}

export function createGithubReport(targets: GithubTargets): Report {
  return {
    name: 'the GitHub Actions report',
    async write(result) {
      for (const line of annotations(result.outcomes)) targets.annotate(line);
      if (targets.outputPath) {
        const urls = collectPostUrls(result.outcomes);
        await appendText(targets.outputPath, outputsFile(result, undefined, urls));
        if (urls.left > 0) targets.annotate(`::warning title=upload-post::post-urls holds the first links only: ${urls.left} more left out to keep the output under GitHub's 1 MB; the step summary and --json have every result`);
      }
      if (targets.summaryPath) {
        // The runner drops a step summary over 1 MiB whole; earlier writes in this step count too.
        const room = SUMMARY_MAX_BYTES - ((await stat(targets.summaryPath).catch(() => undefined))?.size ?? 0);
        if (room < SUMMARY_MIN_BYTES) throw new Error(`the step summary already holds ${Math.round((SUMMARY_MAX_BYTES - room) / 1024)} KiB; GitHub drops one over 1 MiB, so nothing was added`);
        await appendText(targets.summaryPath, withinBytes(markdownReport(result), room));
      }
    },
  };
}
