// `upload-post status`: options → connection + view + reports + watcher →
// exit code. Returns the code; only main() sets the process's exit code.
import { type Connect } from '../../api/connect.js';
import { type UploadId } from '../../api/types.js';
import { combineExitCodes, EXIT, interruptionCode } from '../../poll/exit-codes.js';
import { exitCodeFor, type Outcome } from '../../poll/outcome.js';
import { watchUploads, type Progress } from '../../poll/watcher.js';
import { errorSentences } from '../../render/error-sentences.js';
import { type OutputEvents, type OutStream, type RenderContext, type Report, type RunResult } from '../../render/renderer.js';
import { colorLevel, loadTheme } from '../../render/theme-loader.js';
import { chooseView, type ViewChoice } from '../../render/view.js';
import { redactor } from '../../util/sanitize.js';
import { type Clock, type Factory } from '../factory.js';
import { feedOf, problemCodes } from './input-feed.js';
import { type StatusOptions } from './options.js';
import { createReports, resolveReportPaths } from './reports.js';

export interface StatusDeps extends Pick<ViewChoice, 'createTtyRenderer' | 'term'> {
  stdout: OutStream;
  stderr: OutStream;
  userAgent: string;
  connect: Connect;
  clock: Clock;
  /** Whether stdout shows OSC 8 hyperlinks, given the colour level; absent → never. */
  hyperlinks?: (stdout: OutStream, colorLevel: number) => Promise<boolean>;
  /** Outputs beside the view, written when the run ends however it ends. */
  reports?: readonly Report[];
  /** Ctrl-Z and fg (Factory.onJobControl). */
  onJobControl?: Factory['onJobControl'];
  /** Why stdout lost output, once the view's last line is out or `waitMs` is up (Factory.stdoutFailure). */
  stdoutFailure?: (waitMs?: number) => Promise<string | undefined>;
}

/** How long past the --timeout a reader may take to read what is left on stdout. */
export const STDOUT_GRACE_MS = 1_000;

export interface StatusResult {
  code: number;
  outcomes: Outcome[];
}

/** The same events to every output. */
function fanOut(outputs: readonly Partial<OutputEvents>[]): OutputEvents {
  return {
    start: (uploads: readonly UploadId[], ctx: RenderContext) => outputs.forEach((o) => o.start?.(uploads, ctx)),
    progress: (p: Progress) => outputs.forEach((o) => o.progress?.(p)),
    outcome: (o: Outcome) => outputs.forEach((out) => out.outcome?.(o)),
    arrive: (u: UploadId) => outputs.forEach((o) => o.arrive?.(u)),
    inputEnd: () => outputs.forEach((o) => o.inputEnd?.()),
  };
}

/**
 * Every report gets its chance; one that cannot be written says so, and the
 * run's output counts as lost (true): exit 74, as for stdout (docs/CONTRACT.md#exit-codes).
 */
async function writeReports(reports: readonly Report[], result: RunResult, say: (line: string) => void): Promise<boolean> {
  let lost = false;
  for (const report of reports) {
    try {
      await report.write(result);
    } catch (err) {
      lost = true;
      say(`${report.name}: could not be written (${(err as Error)?.message ?? String(err)})`);
    }
  }
  return lost;
}

export async function runStatus(opts: StatusOptions, deps: StatusDeps, signal?: AbortSignal): Promise<StatusResult> {
  const { now, wall } = deps.clock;
  const scrub = redactor([opts.apiKey]);
  const stderrLine = (s: string): void => void deps.stderr.write(`upload-post: ${scrub(s)}\n`);
  // Bound once the view exists: a live terminal view lifts its frame around each line.
  let say = stderrLine;
  const verbose = opts.verbose ? (s: string) => say(s) : undefined;
  const connection = await deps.connect({ baseUrl: opts.baseUrl, apiKey: opts.apiKey, userAgent: deps.userAgent, log: verbose, now, wall, maxSockets: opts.concurrency });
  try {
    const level = await colorLevel(opts.color, deps.stdout.isTTY === true);
    const theme = await loadTheme(level, { hyperlinks: !opts.json && (await deps.hyperlinks?.(deps.stdout, level)) === true });
    const view = await chooseView(deps.stdout, theme, { json: opts.json, quiet: opts.quiet, term: deps.term, createTtyRenderer: deps.createTtyRenderer, scrub });
    if (view.interject) say = (s) => view.interject!(() => stderrLine(s));
    const jobControl = view.suspend && view.resume ? deps.onJobControl?.({ suspend: () => view.suspend!(), resume: () => view.resume!() }) : undefined;
    const reports = deps.reports ?? [];
    const events = fanOut([view, ...reports]);
    const startedAt = now();
    const startedWall = wall();
    for (const problem of opts.inputProblems ?? []) say(problem.message);
    // A stream's IDs, and the ones given beside it, reach the views as they arrive.
    const feed = opts.stream ? feedOf(opts.stream, opts.notBefore, (s) => say(s)) : undefined;
    events.start(feed ? [] : opts.uploads, { watch: opts.watch, now, wall, inputOpen: feed !== undefined });
    let outcomes: Outcome[] = [];
    let exitCode: number | undefined;
    let inputLines: string[] = [];
    try {
      outcomes = await watchUploads(
        feed ? andThen(opts.uploads, feed.uploads) : opts.uploads,
        opts,
        { fetchStatus: connection.fetchStatus, ...deps.clock },
        { onProgress: events.progress, onOutcome: events.outcome, onDecision: verbose, onArrival: events.arrive, onInputEnd: events.inputEnd },
        signal,
      );
    } finally {
      feed?.stop();
      const input = feed?.verdict(outcomes.length) ?? { codes: [], lines: [] };
      inputLines = input.lines;
      // Interrupted: the signal's own code (143 for SIGTERM …), which is what the process exits with.
      exitCode = interruptionCode(signal) ?? combineExitCodes([exitCodeFor(outcomes), ...problemCodes(opts.inputProblems ?? []), ...input.codes]);
      jobControl?.();
      view.finish(outcomes, exitCode);
      // Lost output is part of the code the reports carry (an exit-code output of 1 for a run that exits 74 would lie).
      // A reader that stopped reading holds the run at most a second past its --timeout (docs/CONTRACT.md#exit-codes).
      const waitMs = opts.timeoutMs !== undefined ? Math.max(0, startedAt + opts.timeoutMs - now()) + STDOUT_GRACE_MS : undefined;
      if (!interruptionCode(signal) && (await deps.stdoutFailure?.(waitMs)) !== undefined) exitCode = combineExitCodes([exitCode, EXIT.output]);
      const reportLost = await writeReports(reports, { outcomes, exitCode, startedAt, endedAt: now(), startedWall }, stderrLine);
      if (reportLost && !interruptionCode(signal)) exitCode = combineExitCodes([exitCode, EXIT.output]);
    }
    for (const line of inputLines) stderrLine(line);
    for (const line of errorSentences(outcomes, opts)) stderrLine(line);
    return { code: exitCode, outcomes };
  } finally {
    connection.close();
  }
}

/** The IDs known up front, then those of a stream, as one stream of batches. */
async function* andThen<T>(first: readonly T[], then: AsyncIterable<readonly T[]>): AsyncGenerator<readonly T[]> {
  if (first.length > 0) yield first;
  yield* then;
}

/** A run on the factory's streams, clock and connection. */
export function statusDeps(f: Factory): StatusDeps {
  return {
    stdout: f.stdout,
    stderr: f.stderr,
    userAgent: f.userAgent,
    connect: f.connect,
    clock: f.clock,
    term: f.env.TERM,
    createTtyRenderer: f.createTtyRenderer,
    hyperlinks: async (stdout, level) => (await import('../../render/hyperlinks.js')).supportsHyperlinks(stdout, f.env, level),
    ...(f.stdoutFailure ? { stdoutFailure: f.stdoutFailure } : {}),
    ...(f.onJobControl ? { onJobControl: f.onJobControl } : {}),
  };
}

/** The real run behind the `status` command: report paths checked and resolved, then the watch. */
export async function runStatusCommand(f: Factory, opts: StatusOptions): Promise<number> {
  const paths = await resolveReportPaths(opts);
  const reports = await createReports({ ...paths, apiKey: opts.apiKey }, f.stderr);
  const { code } = await runStatus(opts, { ...statusDeps(f), reports }, f.interruptSignal());
  return code;
}
