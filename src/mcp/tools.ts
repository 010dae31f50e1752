// The two tools (docs/MCP.md#tools): arguments bounded and turned into IDs,
// the loop run, outcomes turned into structured content, a text rendering
// and — when the answer is not about the upload (bad key, unknown ID, time
// up) — a tool error of one sentence. Free of the SDK: server.ts wires these in.
import { type IdKind, type UploadId } from '../api/types.js';
import { checkId } from '../config/ids.js';
import { UsageError } from '../config/usage-error.js';
import { requireWhen } from '../config/when.js';
import { exitCodeFor, EXIT, type Outcome } from '../poll/outcome.js';
import { idLabel } from '../render/rows.js';
import { formatDuration, parseDuration } from '../util/duration.js';
import { quote } from '../util/sanitize.js';
import { ProgressReporter, type ProgressSink, type Timers } from './progress.js';
import { type UploadService } from './uploads.js';
import { isFinal, renderText, summaryLine, uploadVerdict, type UploadVerdict } from './verdicts.js';

/** IDs one call may wait for: more than a model can read the answer to. */
export const MAX_TOOL_IDS = 1_000;
export const DEFAULT_WAIT_MS = 10 * 60_000;
export const MAX_WAIT_MS = 60 * 60_000;

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface CallContext {
  signal?: AbortSignal;
  /** Present when the client asked for progress (it sent a progress token). */
  progress?: ProgressSink;
  timers?: Timers;
}

export interface GetArgs {
  request_id?: string | undefined;
  job_id?: string | undefined;
}

export interface WaitArgs {
  request_ids?: string[] | undefined;
  job_ids?: string[] | undefined;
  timeout?: string | number | undefined;
  not_before?: Record<string, string> | undefined;
}

export function toolError(sentence: string): ToolResult {
  return { content: [{ type: 'text', text: sentence }], isError: true };
}

/** Bad input or configuration as a tool error; anything else is a bug, said without its stack. */
async function guarded(fn: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await fn();
  } catch (err) {
    // By name too: the HTTP client is built in the CLI's bundle, whose UsageError is another class (docs/ARCHITECTURE.md#start-up).
    if (err instanceof UsageError || (err instanceof Error && err.name === 'UsageError')) return toolError(err.message);
    const message = err instanceof Error ? err.message : typeof err;
    return toolError(`unexpected error: ${quote(message, 200)}`);
  }
}

export function getUploadStatus(service: UploadService, args: GetArgs, ctx: CallContext): Promise<ToolResult> {
  return guarded(async () => {
    const given = [args.request_id !== undefined, args.job_id !== undefined].filter(Boolean).length;
    if (given !== 1) throw new UsageError('give exactly one of request_id or job_id');
    const upload: UploadId = args.job_id !== undefined ? { kind: 'job', id: args.job_id } : { kind: 'request', id: args.request_id! };
    checkId(upload.id, upload.kind === 'job' ? 'job_id' : 'request_id');
    const outcomes = await service.run({ uploads: [upload], watch: false, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    const verdict = uploadVerdict(outcomes[0]!);
    const summary = summaryLine(outcomes);
    return result(outcomes, { ...verdict, summary }, [verdict]);
  });
}

export function waitForUploads(service: UploadService, args: WaitArgs, ctx: CallContext): Promise<ToolResult> {
  return guarded(async () => {
    const uploads = waitIds(args, Date.now());
    const timeoutMs = waitTimeout(args.timeout);
    const reporter = ctx.progress ? new ProgressReporter(ctx.progress, uploads.length, timeoutMs, ctx.timers) : undefined;
    const started = Date.now();
    try {
      const outcomes = await service.run({
        uploads,
        watch: true,
        timeoutMs,
        intervalMs: service.waitIntervalMs,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        events: {
          onProgress: (p) => reporter?.onProgress(p),
          onOutcome: (o) => reporter?.onFinal(o),
        },
      });
      const verdicts = outcomes.map(uploadVerdict);
      const summary = `${summaryLine(outcomes)}${outcomes.every((o) => isFinal(o.kind)) ? '' : ` (waited ${formatDuration(Date.now() - started)} of at most ${formatDuration(timeoutMs)})`}`;
      return result(outcomes, { summary, all_final: outcomes.every((o) => isFinal(o.kind)), waited_seconds: Math.round((Date.now() - started) / 1000), uploads: verdicts }, verdicts);
    } finally {
      reporter?.stop();
    }
  });
}

/** The structured content, the text beside it, and a tool error when the answer is not about the uploads. */
function result(outcomes: readonly Outcome[], structured: Record<string, unknown>, verdicts: readonly UploadVerdict[]): ToolResult {
  const summary = String(structured.summary);
  const text = `${summary}\n\n${renderText(outcomes, verdicts)}`;
  const error = errorSentence(outcomes);
  if (error === undefined) return { content: [{ type: 'text', text }], structuredContent: structured };
  // The facts of every ID still go along: one unknown ID must not cost the others their answers.
  return { content: [{ type: 'text', text: error }, { type: 'text', text }], structuredContent: structured, isError: true };
}

/** One sentence for what makes the call an error, most urgent first (the exit-code order); none for an answer about the uploads. */
export function errorSentence(outcomes: readonly Outcome[]): string | undefined {
  const code = exitCodeFor(outcomes);
  const first = (kind: Outcome['kind']): Outcome[] => outcomes.filter((o) => o.kind === kind);
  const named = (os: Outcome[]): string => (os.length <= 3 ? os.map((o) => idLabel(o.upload)).join(', ') : `${os.length} uploads (${os.slice(0, 3).map((o) => idLabel(o.upload)).join(', ')} …)`);
  switch (code) {
    case EXIT.auth:
      return `the API rejected the key (${first('auth_error')[0]?.error ?? 'HTTP 401'}): set a valid UPLOAD_POST_API_KEY in the MCP server's environment, or run \`upload-post auth login\` again`;
    case EXIT.unreachable: {
      const o = first('api_error');
      return `could not get the status of ${named(o)}: ${o[0]?.error ?? 'the API could not be reached'}`;
    }
    case EXIT.notFound: {
      const o = first('not_found');
      return `${named(o)} ${o.length === 1 ? 'is' : 'are'} unknown to the API (not found): check the ID, and whether it is a request_id or a job_id`;
    }
    case EXIT.timeout: {
      const o = first('timeout');
      return `${o.length} of ${outcomes.length} ${outcomes.length === 1 ? 'upload was' : 'uploads were'} not final when the time ran out (${named(o)}): call wait_for_uploads again for ${o.length === 1 ? 'it' : 'them'}`;
    }
    default:
      return undefined;
  }
}

function waitIds(args: WaitArgs, now: number): UploadId[] {
  const requests = args.request_ids ?? [];
  const jobs = args.job_ids ?? [];
  const count = requests.length + jobs.length;
  if (count === 0) throw new UsageError('give at least one ID in request_ids or job_ids');
  if (count > MAX_TOOL_IDS) throw new UsageError(`${count.toLocaleString('en')} IDs in one call is more than ${MAX_TOOL_IDS.toLocaleString('en')}; split them over several calls`);
  const due = args.not_before ?? {};
  const dueIds = Object.keys(due);
  if (dueIds.length > MAX_TOOL_IDS) throw new UsageError(`not_before names more than ${MAX_TOOL_IDS.toLocaleString('en')} IDs`);
  const uploads: UploadId[] = [];
  const add = (kind: IdKind, field: string) => (id: string, i: number) => {
    checkId(id, `${field}[${i}]`);
    const upload: UploadId = { kind, id };
    if (Object.hasOwn(due, id)) upload.notBefore = requireWhen(due[id]!, now, `not_before for ${quote(id)}`);
    uploads.push(upload);
  };
  requests.forEach(add('request', 'request_ids'));
  jobs.forEach(add('job', 'job_ids'));
  const known = new Set(uploads.map((u) => u.id));
  const stray = dueIds.find((id) => !known.has(id));
  if (stray !== undefined) throw new UsageError(`not_before names ${quote(stray)}, which is not in request_ids or job_ids`);
  return uploads;
}

function waitTimeout(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_WAIT_MS;
  const ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) throw new UsageError(`timeout: ${quote(value)} is not a duration: give seconds or a duration such as "90s", "10m", "1h"`);
  return Math.min(ms, MAX_WAIT_MS);
}
