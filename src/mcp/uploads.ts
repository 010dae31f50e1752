// What the MCP tools wait with (docs/ARCHITECTURE.md#the-mcp-server): one
// connection and one rate-limit budget per key and base URL for the whole
// process, one answer per upload shared by every call (shared-answers.ts),
// and the CLI's own loop — so every call, from any client, is paced like
// `status --watch` and spends from one budget.
import { type ApiConnection, type Connect } from '../api/connect.js';
import { type UploadId } from '../api/types.js';
import { findApiKey } from '../config/api-key.js';
import { resolveConnection, type Connection } from '../config/connection.js';
import { DEFAULT_CONCURRENCY } from '../config/defaults.js';
import { type Env } from '../config/env.js';
import { UsageError } from '../config/usage-error.js';
import { scrubOutcome, type Outcome } from '../poll/outcome.js';
import { type BudgetRegistry } from '../poll/shared-budget.js';
import { watchUploads, type WatchDeps, type WatchEvents } from '../poll/watcher.js';
import { redactor } from '../util/sanitize.js';
import { SharedAnswers } from './shared-answers.js';

export interface UploadServiceDeps {
  env: Env;
  userAgent: string;
  connect: Connect;
  clock: Omit<WatchDeps, 'fetchStatus' | 'budget'>;
  budgets: BudgetRegistry;
  /** The key and base URL, when the caller knows better than the environment and the stored key (tests). */
  resolve?: () => Connection | Promise<Connection>;
  /** How often wait_for_uploads asks about an upload (docs/MCP.md#pacing). */
  waitIntervalMs: number;
}

export interface RunRequest {
  uploads: readonly UploadId[];
  watch: boolean;
  timeoutMs?: number;
  intervalMs?: number;
  events?: WatchEvents;
  signal?: AbortSignal;
}

/** The connection for one key and base URL, and the answers shared on it (never across accounts). */
interface Opened {
  connection: Promise<ApiConnection>;
  apiKey: string;
  baseUrl: string;
  answers: SharedAnswers;
}

export class UploadService {
  readonly waitIntervalMs: number;
  private opened: Opened | undefined;

  constructor(private readonly deps: UploadServiceDeps) {
    this.waitIntervalMs = deps.waitIntervalMs;
  }

  /**
   * The key and base URL, or the UsageError that says what is missing (a tool
   * error, one sentence). The key is UPLOAD_POST_API_KEY, else the one `auth
   * login` stored, as for the CLI and the library (docs/CLI.md#the-api-key);
   * read on every call, so a login after the server started is used at once.
   */
  async connection(): Promise<Connection> {
    if (this.deps.resolve) return this.deps.resolve();
    const lookup = await findApiKey({}, this.deps.env);
    if (!lookup.found) {
      // The server has no flags: a key goes in the client's configuration of it, or in the store.
      const why = lookup.refused !== undefined ? `${lookup.refused}; ` : '';
      throw new UsageError(`no API key: ${why}set UPLOAD_POST_API_KEY in the "env" of this MCP server in your client's configuration, or run \`upload-post auth login\``);
    }
    return resolveConnection(lookup.found.key, undefined, this.deps.env, 'UPLOAD_POST_API_KEY', lookup.found.source === 'stored' ? `the stored key (${lookup.found.path})` : 'UPLOAD_POST_API_KEY');
  }

  /** Outcomes in input order, each with the key scrubbed from every text. */
  async run(req: RunRequest): Promise<Outcome[]> {
    const { apiKey, baseUrl } = await this.connection();
    const opened = this.open(apiKey, baseUrl);
    const connection = await opened.connection;
    const lease = this.deps.budgets.acquire(apiKey, baseUrl, this.deps.clock.now());
    try {
      const outcomes = await watchUploads(
        req.uploads,
        { watch: req.watch, concurrency: DEFAULT_CONCURRENCY, timeoutMs: req.timeoutMs, intervalMs: req.intervalMs },
        { ...this.deps.clock, fetchStatus: opened.answers.wrap(connection.fetchStatus), budget: lease.budget },
        req.events,
        req.signal,
      );
      const scrub = redactor([apiKey]);
      return outcomes.map((o) => scrubOutcome(o, scrub));
    } finally {
      lease.release();
    }
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    opened?.answers.clear();
    if (opened) (await opened.connection.catch(() => undefined))?.close();
  }

  private open(apiKey: string, baseUrl: string): Opened {
    if (this.opened && (this.opened.apiKey !== apiKey || this.opened.baseUrl !== baseUrl)) void this.close();
    if (!this.opened) {
      const connection = this.deps.connect({ baseUrl, apiKey, userAgent: this.deps.userAgent, maxSockets: DEFAULT_CONCURRENCY, now: this.deps.clock.now, wall: this.deps.clock.wall });
      this.opened = { connection, apiKey, baseUrl, answers: new SharedAnswers(this.deps.clock.now) };
      // A failed open is not kept: the next call tries again.
      connection.catch(() => (this.opened = undefined));
    }
    return this.opened;
  }
}
