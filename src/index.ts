// The library API: the watching core for Node scripts (issue 7). Same pacing,
// rate-limit and fault rules as the CLI; no process exits, no console output.
import { createAgents } from './api/agents.js';
import { createClient, type FetchStatus, type Timeouts } from './api/client.js';
import { type UploadId } from './api/types.js';
import { checkId, resolveConnection, UsageError } from './commands/status-options.js';
import { exitCodeFor, type Outcome } from './poll/outcome.js';
import { sleep } from './poll/sleep.js';
import { watchUploads, type Progress } from './poll/watcher.js';

export type { UploadId, IdKind, StatusBody, PlatformResult } from './api/types.js';
export type { Outcome, OutcomeKind } from './poll/outcome.js';
export type { Progress } from './poll/watcher.js';
export { classifyFinal, exitCodeFor, EXIT } from './poll/outcome.js';
export { UsageError } from './commands/status-options.js';

export interface ClientConfig {
  /** Defaults to UPLOAD_POST_API_KEY. */
  apiKey?: string;
  /** Defaults to UPLOAD_POST_BASE_URL, then the production API. */
  baseUrl?: string;
  timeouts?: Timeouts;
  userAgent?: string;
  signal?: AbortSignal;
}

export interface WatchConfig extends ClientConfig {
  timeoutMs?: number;
  intervalMs?: number;
  notFoundGraceMs?: number;
  concurrency?: number;
  failFast?: boolean;
  /** Every new picture of an ID (`p.changed` tells whether anything moved). */
  onChange?: (p: Progress) => void;
  /** Each ID as it reaches its outcome. */
  onOutcome?: (o: Outcome) => void;
}

export interface WatchResult {
  outcomes: Outcome[];
  /** What the CLI would exit with (CLI-CONTRACT.md exit codes). */
  exitCode: number;
}

/** A bare string is a request ID. */
export type IdInput = string | UploadId;

function toUpload(id: IdInput): UploadId {
  const u = typeof id === 'string' ? { kind: 'request' as const, id } : id;
  checkId(u.id, u.kind === 'job' ? 'job ID' : 'request ID');
  return u;
}

async function prepare(ids: readonly IdInput[], cfg: ClientConfig, concurrency: number): Promise<{ uploads: UploadId[]; fetchStatus: FetchStatus; close(): void }> {
  const uploads = ids.map(toUpload);
  if (uploads.length === 0) throw new UsageError('no ID given');
  const { apiKey, baseUrl } = resolveConnection(cfg.apiKey, cfg.baseUrl, process.env, 'apiKey');
  const agents = await createAgents(baseUrl, concurrency);
  const fetchStatus = await createClient({ baseUrl, apiKey, userAgent: cfg.userAgent ?? 'upload-post-cli (library)', timeouts: cfg.timeouts, agent: { http: agents.http, https: agents.https } });
  return { uploads, fetchStatus, close: () => agents.destroy() };
}

/** Watch IDs until each is final (or the timeout / signal ends it). Never rejects for API trouble: that is an outcome. */
export async function watch(ids: readonly IdInput[], cfg: WatchConfig = {}): Promise<WatchResult> {
  const concurrency = cfg.concurrency ?? 16;
  const { uploads, fetchStatus, close } = await prepare(ids, cfg, concurrency);
  try {
    const outcomes = await watchUploads(
      uploads,
      { watch: true, timeoutMs: cfg.timeoutMs, intervalMs: cfg.intervalMs, notFoundGraceMs: cfg.notFoundGraceMs, concurrency, failFast: cfg.failFast },
      { fetchStatus, now: Date.now, sleep, random: Math.random },
      { onProgress: cfg.onChange, onOutcome: cfg.onOutcome },
      cfg.signal,
    );
    return { outcomes, exitCode: exitCodeFor(outcomes) };
  } finally {
    close();
  }
}

/** One answer for one ID (faults retried, 429s waited out) — the SDK's getStatus, done carefully. */
export async function getStatus(id: IdInput, cfg: ClientConfig = {}): Promise<Outcome> {
  const { uploads, fetchStatus, close } = await prepare([id], cfg, 1);
  try {
    const [outcome] = await watchUploads(uploads, { watch: false }, { fetchStatus, now: Date.now, sleep, random: Math.random }, {}, cfg.signal);
    return outcome!;
  } finally {
    close();
  }
}
