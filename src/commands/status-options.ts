// flags + environment → StatusOptions, or a UsageError naming the bad value.
// Pure: no I/O, so every rule is a table test (STYLE.md: validate up front).
import { type IdKind, type UploadId } from '../api/types.js';
import { parseDuration } from '../util/duration.js';
import { DEFAULT_CONCURRENCY } from '../poll/watcher.js';

export const DEFAULT_BASE_URL = 'https://api.upload-post.com/api';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** What commander hands the action (after its own parsing). */
export interface StatusFlags {
  requestId?: string[];
  jobId?: string[];
  idsFrom?: string;
  watch?: boolean;
  json?: boolean;
  timeout?: string;
  interval?: string;
  notFoundGrace?: string;
  apiKey?: string;
  baseUrl?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  failFast?: boolean;
  concurrency?: string;
}

export interface StatusOptions {
  uploads: UploadId[];
  watch: boolean;
  json: boolean;
  timeoutMs?: number;
  intervalMs?: number;
  notFoundGraceMs: number;
  apiKey: string;
  baseUrl: string;
  /** false: --no-color or NO_COLOR; true: FORCE_COLOR; undefined: decide by the stream. */
  color?: boolean;
  quiet: boolean;
  verbose: boolean;
  failFast: boolean;
  concurrency: number;
}

export type Env = Record<string, string | undefined>;

const BAD_ID = /[\s\p{Cc}\p{Cf}]/u;

export function checkId(id: string, where: string): void {
  if (id.length === 0) throw new UsageError(`${where}: the ID is empty`);
  if (BAD_ID.test(id)) throw new UsageError(`${where}: the ID ${JSON.stringify(id)} holds whitespace or control characters`);
  if (id.length > 512) throw new UsageError(`${where}: the ID is longer than 512 characters`);
}

/**
 * IDs from an --ids-from text: a bare ID or `request:<id>` is a request ID,
 * `job:<id>` a job ID; blank lines and `#` comments are skipped.
 */
export function parseIdList(text: string, source: string): UploadId[] {
  const out: UploadId[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    const m = /^(request|job):(.*)$/.exec(s);
    const kind: IdKind = m?.[1] === 'job' ? 'job' : 'request';
    const id = m ? m[2]!.trim() : s;
    checkId(id, `${source} line ${i + 1}`);
    out.push({ kind, id });
  });
  return out;
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function checkBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base-url: ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol === 'https:') return text;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return text;
    throw new UsageError(`--base-url: plain http:// is accepted only for loopback hosts; use https:// for ${url.hostname}`);
  }
  throw new UsageError(`--base-url: ${url.protocol}// is not supported; use https://`);
}

function duration(flag: string, text: string | undefined, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`${flag}: ${JSON.stringify(text)} is not a duration (try 90, 90s, 5m or 1h)`);
  if (!allowZero && ms <= 0) throw new UsageError(`${flag}: must be more than zero`);
  return ms;
}

export function resolveColor(flags: StatusFlags, env: Env): boolean | undefined {
  if (flags.color === false) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force === 'false');
  return undefined;
}

/**
 * The key and base URL from what was given, else the environment, else the
 * default — checked the same way for the CLI and the library. `keyHint` names
 * how the caller passes a key (a flag, an option).
 */
export function resolveConnection(apiKey: string | undefined, baseUrl: string | undefined, env: Env, keyHint: string): { apiKey: string; baseUrl: string } {
  const key = apiKey ?? env.UPLOAD_POST_API_KEY ?? '';
  if (key.trim() === '') throw new UsageError(`no API key: pass ${keyHint} or set UPLOAD_POST_API_KEY`);
  // Never echo the key, even in this error; a newline in it would also be a header injection.
  if (/[\s\p{Cc}]/u.test(key)) throw new UsageError('the API key holds whitespace or control characters');
  return { apiKey: key, baseUrl: checkBaseUrl(baseUrl ?? (env.UPLOAD_POST_BASE_URL || DEFAULT_BASE_URL)) };
}

/** Everything but --ids-from's contents, which the caller reads and passes as `listed`. */
export function resolveStatusOptions(flags: StatusFlags, env: Env, listed: UploadId[] = []): StatusOptions {
  const uploads: UploadId[] = [];
  for (const id of flags.requestId ?? []) {
    checkId(id, '--request-id');
    uploads.push({ kind: 'request', id });
  }
  for (const id of flags.jobId ?? []) {
    checkId(id, '--job-id');
    uploads.push({ kind: 'job', id });
  }
  uploads.push(...listed);
  if (uploads.length === 0) {
    throw new UsageError(flags.idsFrom ? `--ids-from: ${flags.idsFrom} holds no IDs` : 'no ID given: pass --request-id <id>, --job-id <id> or --ids-from <file>');
  }

  const timeoutMs = duration('--timeout', flags.timeout, false);
  const intervalMs = duration('--interval', flags.interval, false);
  const notFoundGraceMs = duration('--not-found-grace', flags.notFoundGrace, true) ?? 0;

  let concurrency = DEFAULT_CONCURRENCY;
  if (flags.concurrency !== undefined) {
    if (!/^\d+$/.test(flags.concurrency) || Number(flags.concurrency) < 1 || Number(flags.concurrency) > 256) {
      throw new UsageError(`--concurrency: ${JSON.stringify(flags.concurrency)} is not a whole number from 1 to 256`);
    }
    concurrency = Number(flags.concurrency);
  }
  if (flags.failFast && !flags.watch) throw new UsageError('--fail-fast goes with --watch');

  const { apiKey, baseUrl } = resolveConnection(flags.apiKey, flags.baseUrl, env, '--api-key <key>');

  return {
    uploads,
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
  };
}
