// The MCP server's process side (docs/MCP.md): one UploadService for the
// process, then stdio or Streamable HTTP until the client leaves or a signal
// comes. What it needs is handed in (the command passes its Factory).
import { type Connect } from '../api/connect.js';
import { type Env } from '../config/env.js';
import { processBudgets } from '../poll/shared-budget.js';
import { type WatchDeps } from '../poll/watcher.js';
import { serveHttp } from './http.js';
import { createMcpServer } from './server.js';
import { serveStdio } from './stdio.js';
import { UploadService } from './uploads.js';

export interface ServeDeps {
  readonly stdin: AsyncIterable<string | Buffer>;
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
  readonly env: Env;
  readonly userAgent: string;
  readonly clock: Omit<WatchDeps, 'fetchStatus' | 'budget'>;
  readonly connect: Connect;
  untilStopped(): Promise<void>;
}

export type ServePlan = ({ transport: 'stdio' } | { transport: 'http'; host: string; port: number }) & { waitIntervalMs: number };

/** Exit 0 after a clean stop; 1 when the address cannot be had. */
export async function serve(plan: ServePlan, deps: ServeDeps): Promise<number> {
  const service = new UploadService({ env: deps.env, userAgent: deps.userAgent, connect: deps.connect, clock: deps.clock, budgets: processBudgets, waitIntervalMs: plan.waitIntervalMs });
  // The user agent is `upload-post-cli/<version>`: the one place the version reaches this layer.
  const version = deps.userAgent.replace(/^.*\//, '');
  try {
    await service.connection();
  } catch (err) {
    // Said once on stderr (clients log it); every tool call says it again as its error.
    deps.stderr.write(`upload-post mcp: ${(err as Error).message}; tool calls will fail until it is set\n`);
  }
  const stop = new AbortController();
  void deps.untilStopped().then(() => stop.abort());
  try {
    if (plan.transport === 'stdio') {
      const stdout = deps.stdout as NodeJS.WritableStream & { writableNeedDrain?: boolean };
      const server = createMcpServer(service, { version, canNotify: () => stdout.writableNeedDrain !== true });
      await serveStdio(server, { stdin: deps.stdin as NodeJS.ReadableStream, stdout }, stop.signal);
      return 0;
    }
    let http;
    try {
      http = await serveHttp(plan.host, plan.port, () => createMcpServer(service, { version }));
    } catch (err) {
      deps.stderr.write(`upload-post mcp: cannot listen on ${plan.host} port ${plan.port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 1;
    }
    deps.stdout.write(`listening on ${http.url}\n`);
    await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    await http.close();
    return 0;
  } finally {
    await service.close();
  }
}
