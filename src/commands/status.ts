// `upload-post status`: options → client + renderer + watcher → exit code.
// Returns the code; only the entry point sets process.exitCode (STYLE.md 2).
import { createClient, type ClientOptions, type FetchStatus } from '../api/client.js';
import { exitCodeFor, type Outcome } from '../poll/outcome.js';
import { watchUploads, type WatchDeps } from '../poll/watcher.js';
import { sleep as realSleep } from '../poll/sleep.js';
import { createJsonRenderer } from '../render/json.js';
import { createQuietRenderer } from '../render/quiet.js';
import { type OutStream, type Renderer } from '../render/renderer.js';
import { colorLevel, makeTheme, type Theme } from '../render/theme.js';
import { idLabel } from '../render/rows.js';
import { formatDuration } from '../util/duration.js';
import { redact, sanitize } from '../util/sanitize.js';
import { type StatusOptions } from './status-options.js';

export interface StatusIO {
  stdout: OutStream;
  stderr: OutStream;
  now?: () => number;
  sleep?: WatchDeps['sleep'];
  random?: () => number;
  /** Replace HTTP entirely (tests, the library API). */
  fetchStatus?: FetchStatus;
  /** Extra client settings (agents for proxies/keep-alive, timeouts). */
  client?: Partial<ClientOptions>;
  userAgent?: string;
  /** $TERM: `dumb` means no cursor movement. */
  term?: string;
  /** Chooses the terminal renderer; absent → plain output even on a TTY. */
  createTtyRenderer?: (out: OutStream, theme: Theme) => Promise<Renderer>;
}

async function chooseRenderer(opts: StatusOptions, io: StatusIO, theme: Theme): Promise<Renderer> {
  if (opts.json) return createJsonRenderer(io.stdout);
  if (opts.quiet) return createQuietRenderer();
  // A dumb terminal cannot move the cursor: it gets the log a pipe gets.
  if (io.stdout.isTTY && io.createTtyRenderer && io.term !== 'dumb') return io.createTtyRenderer(io.stdout, theme);
  // Loaded only here: its table's width module starts ICU (~20 ms), which --json never needs (issue 7).
  const { createPlainRenderer } = await import('../render/plain.js');
  return createPlainRenderer(io.stdout, theme);
}

/** Sentences for stderr: one per distinct problem, never the key. */
export function errorSentences(outcomes: readonly Outcome[], opts: Pick<StatusOptions, 'timeoutMs'>): string[] {
  const lines: string[] = [];
  const auth = outcomes.find((o) => o.kind === 'auth_error');
  if (auth) lines.push(`authentication failed: ${auth.error ?? 'the API rejected the key'}; check --api-key or UPLOAD_POST_API_KEY`);
  // One sentence per distinct problem: a batch against a dead network gets one line, not a thousand.
  const byError = new Map<string, string[]>();
  for (const o of outcomes) {
    if (o.kind !== 'api_error') continue;
    const why = sanitize(o.error ?? 'unknown error');
    byError.set(why, [...(byError.get(why) ?? []), idLabel(o.upload)]);
  }
  for (const [why, ids] of byError) {
    const named = ids.length <= 3 ? ids.join(', ') : `${ids.length} uploads (${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more)`;
    lines.push(`could not get the status of ${named}: ${why}`);
  }
  const timedOut = outcomes.filter((o) => o.kind === 'timeout').length;
  if (timedOut > 0) {
    const after = opts.timeoutMs !== undefined ? ` after ${formatDuration(opts.timeoutMs)}` : '';
    lines.push(`gave up${after} (--timeout): ${timedOut} of ${outcomes.length} ${outcomes.length === 1 ? 'upload was' : 'uploads were'} not final`);
  }
  return lines;
}

export async function runStatus(opts: StatusOptions, io: StatusIO, signal?: AbortSignal): Promise<{ code: number; outcomes: Outcome[] }> {
  const now = io.now ?? Date.now;
  const stderrLine = (s: string): void => void io.stderr.write(`upload-post: ${redact(s, opts.apiKey)}\n`);
  // Bound once the renderer exists: a live terminal view lifts its frame around each line.
  let say = stderrLine;
  const verbose = opts.verbose ? (s: string) => say(s) : undefined;
  const fetchStatus =
    io.fetchStatus ??
    (await createClient({
      baseUrl: opts.baseUrl,
      apiKey: opts.apiKey,
      userAgent: io.userAgent ?? 'upload-post-cli',
      log: verbose,
      now,
      ...io.client,
    }));
  const theme = makeTheme(colorLevel(opts.color, io.stdout.isTTY === true));
  const renderer = await chooseRenderer(opts, io, theme);
  if (renderer.interject) say = (s) => renderer.interject!(() => stderrLine(s));
  renderer.start(opts.uploads, { watch: opts.watch, now });

  let outcomes: Outcome[] = [];
  try {
    outcomes = await watchUploads(
      opts.uploads,
      {
        watch: opts.watch,
        timeoutMs: opts.timeoutMs,
        intervalMs: opts.intervalMs,
        notFoundGraceMs: opts.notFoundGraceMs,
        concurrency: opts.concurrency,
        failFast: opts.failFast,
      },
      { fetchStatus, now, sleep: io.sleep ?? realSleep, random: io.random ?? Math.random },
      {
        onProgress: (p) => renderer.progress(p),
        onOutcome: (o) => renderer.outcome(o),
        onDecision: verbose,
      },
      signal,
    );
  } finally {
    const code = exitCodeFor(outcomes);
    renderer.finish(outcomes, code);
  }
  for (const line of errorSentences(outcomes, opts)) stderrLine(line);
  return { code: exitCodeFor(outcomes), outcomes };
}
