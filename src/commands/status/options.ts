// flags + environment → StatusOptions, or a UsageError naming the bad value.
// Pure: no I/O, so every rule is a table test.
import { type UploadId } from '../../api/types.js';
import { resolveConnection, type Connection } from '../../config/connection.js';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../config/defaults.js';
import { type Env } from '../../config/env.js';
import { readPastedId } from '../../config/ids.js';
import { UsageError } from '../../config/usage-error.js';
import { type WatchOptions } from '../../poll/watcher.js';
import { requireWhen } from '../../config/when.js';
import { parseDuration } from '../../util/duration.js';
import { isIdStream, type IdList, type IdStream, type InputProblem } from './ids-input.js';

/** What commander hands the action, after its own parsing (positional IDs as `ids`). */
export interface StatusFlags {
  /** `status <id>…`: request IDs, like gh run watch <id>. */
  ids?: string[];
  requestId?: string[];
  jobId?: string[];
  idsFrom?: string;
  watch?: boolean;
  json?: boolean;
  timeout?: string;
  interval?: string;
  notFoundGrace?: string;
  apiKey?: string;
  /** Read by the command (config/api-key.ts), which passes the key it found as `apiKey`. */
  apiKeyFile?: string;
  baseUrl?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  failFast?: boolean;
  concurrency?: string;
  junit?: string;
  markdown?: string;
  results?: string;
  /** false with --no-github. */
  github?: boolean;
  notBefore?: string;
}

/** The watch settings the poll loop takes, all of them decided. */
type DecidedWatch = Required<Pick<WatchOptions, 'watch' | 'notFoundGraceMs' | 'concurrency' | 'failFast'>> & Pick<WatchOptions, 'timeoutMs' | 'intervalMs'>;

/** Where the GitHub Actions report goes (set only inside GitHub Actions, without --no-github). */
export interface GithubPaths {
  outputPath?: string;
  summaryPath?: string;
}

export interface StatusOptions extends DecidedWatch, Connection {
  /** The IDs known before the watch starts: arguments, flags, a regular --ids-from file. */
  uploads: UploadId[];
  /** --ids-from read as a stream (stdin, a pipe, a FIFO): its IDs join the watch as they arrive. */
  stream?: IdStream;
  /** Upload answers in a regular --ids-from file that say the upload failed: reported, and the exit is at least 1. */
  inputProblems?: InputProblem[];
  /** --not-before, for the streamed IDs that carry no time of their own. */
  notBefore?: number;
  json: boolean;
  junit?: string;
  markdown?: string;
  results?: string;
  github?: GithubPaths;
  /** false: --no-color or NO_COLOR; true: FORCE_COLOR; undefined: decide by the stream. */
  color?: boolean;
  quiet: boolean;
  verbose: boolean;
  /** What was read into a pasted ID (quotes removed, an ID taken from a URL): said on stderr before the first request. */
  notes: string[];
}

function duration(flag: string, text: string | undefined, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`${flag}: ${JSON.stringify(text)} is not a duration (try 90, 90s, 5m or 1h)`);
  if (!allowZero && ms <= 0) throw new UsageError(`${flag}: must be more than zero`);
  return ms;
}

export function resolveColor(flags: Pick<StatusFlags, 'color'>, env: Env): boolean | undefined {
  if (flags.color === false) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force === 'false');
  return undefined;
}

function concurrencyOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency: ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  return n;
}

/**
 * The IDs given as arguments, by flag, then those listed in a regular
 * --ids-from file (read by the caller and passed as `listed`); `notBefore`
 * goes to every ID that has no time of its own. None at all is a usage error
 * unless a stream may still bring some, or the file held failed answers.
 */
function collectUploads(flags: StatusFlags, listed: IdList | undefined, more: boolean, notBefore: number | undefined, notes: string[]): UploadId[] {
  const uploads: UploadId[] = [];
  // Positional IDs take --ids-from's `job:`/`request:`; a flag already says which kind it is.
  const read = (ids: readonly string[] | undefined, kind: 'request' | 'job', where: string, prefixes: boolean): void => {
    for (const text of ids ?? []) {
      const { upload, note } = readPastedId(text, kind, where, prefixes);
      uploads.push(upload);
      if (note) notes.push(note);
    }
  };
  read(flags.ids, 'request', 'the ID argument', true);
  read(flags.requestId, 'request', '--request-id', false);
  read(flags.jobId, 'job', '--job-id', false);
  // One at a time: a spread of 100,000s of IDs would overflow the call stack.
  for (const upload of listed?.uploads ?? []) uploads.push(upload);
  if (uploads.length === 0 && !more && (listed?.problems.length ?? 0) === 0) {
    const source = flags.idsFrom === '-' ? 'stdin' : flags.idsFrom;
    throw new UsageError(source ? `--ids-from: ${source} holds no IDs` : 'no ID given: pass <id>, --request-id <id>, --job-id <id> or --ids-from <file>');
  }
  if (notBefore !== undefined) for (const u of uploads) u.notBefore ??= notBefore;
  return uploads;
}

function githubPaths(env: Env): GithubPaths {
  return {
    ...(env.GITHUB_OUTPUT ? { outputPath: env.GITHUB_OUTPUT } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { summaryPath: env.GITHUB_STEP_SUMMARY } : {}),
  };
}

/** `input` is --ids-from, opened by the caller; `now` is when durations (`--not-before 2h`) count from. */
export function resolveStatusOptions(flags: StatusFlags, env: Env, input?: IdList | IdStream, now: number = Date.now()): StatusOptions {
  const notes: string[] = [];
  const notBefore = flags.notBefore === undefined ? undefined : requireWhen(flags.notBefore, now, '--not-before');
  const stream = input && isIdStream(input) ? input : undefined;
  const listed = input && !isIdStream(input) ? input : undefined;
  const uploads = collectUploads(flags, listed, stream !== undefined, notBefore, notes);
  const timeoutMs = duration('--timeout', flags.timeout, false);
  const intervalMs = duration('--interval', flags.interval, false);
  const notFoundGraceMs = duration('--not-found-grace', flags.notFoundGrace, true) ?? 0;
  const concurrency = concurrencyOf(flags.concurrency);
  if (flags.failFast && !flags.watch) throw new UsageError('--fail-fast goes with --watch');
  const { apiKey, baseUrl } = resolveConnection(flags.apiKey, flags.baseUrl, env, '--api-key-file <path> or --api-key <key>', '--api-key');
  const github = env.GITHUB_ACTIONS === 'true' && flags.github !== false ? githubPaths(env) : undefined;
  return {
    ...(flags.junit !== undefined ? { junit: flags.junit } : {}),
    ...(flags.markdown !== undefined ? { markdown: flags.markdown } : {}),
    ...(flags.results !== undefined ? { results: flags.results } : {}),
    ...(github ? { github } : {}),
    uploads,
    ...(stream ? { stream } : {}),
    ...(listed?.problems.length ? { inputProblems: listed.problems } : {}),
    ...(notBefore !== undefined ? { notBefore } : {}),
    watch: flags.watch === true,
    json: flags.json === true,
    timeoutMs,
    intervalMs,
    notFoundGraceMs,
    apiKey,
    baseUrl,
    color: resolveColor(flags, env),
    quiet: flags.quiet === true,
    verbose: flags.verbose === true,
    failFast: flags.failFast === true,
    concurrency,
    notes,
  };
}
