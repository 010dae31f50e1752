// `mcp` flags and environment → what to serve. Pure: a bad value is a
// UsageError naming it, raised here in the CLI's own bundle (the server's
// modules load apart from it, docs/ARCHITECTURE.md#start-up).
import { type Env } from '../../config/env.js';
import { UsageError } from '../../config/usage-error.js';
import { parseDuration } from '../../util/duration.js';
import { isLoopbackHost } from '../../util/hosts.js';
import { quote } from '../../util/sanitize.js';

export interface McpFlags {
  http?: string;
  allowRemote?: boolean;
}

export type McpPlan = ({ transport: 'stdio' } | { transport: 'http'; host: string; port: number }) & { waitIntervalMs: number };

/**
 * How often wait_for_uploads asks about an upload (never below the status's
 * cache TTL). An agent reads only the end, not each step as a person
 * watching `status --watch` does: every 15 s costs under half the requests
 * of a 5-second poll, for at most 15 s more before the answer
 * (docs/MCP.md#pacing). UPLOAD_POST_MCP_INTERVAL changes it.
 */
export const DEFAULT_WAIT_INTERVAL_MS = 15_000;
const MAX_WAIT_INTERVAL_MS = 10 * 60_000;

/** UPLOAD_POST_MCP_INTERVAL as milliseconds; a bad value is a usage error before the server starts. */
export function waitInterval(env: Env): number {
  const text = env.UPLOAD_POST_MCP_INTERVAL;
  if (text === undefined || text.trim() === '') return DEFAULT_WAIT_INTERVAL_MS;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0 || ms > MAX_WAIT_INTERVAL_MS) throw new UsageError(`UPLOAD_POST_MCP_INTERVAL: ${quote(text)} is not a duration from 1s to 10m (e.g. 15s)`);
  return ms;
}

export function planMcp(flags: McpFlags, env: Env = {}): McpPlan {
  const waitIntervalMs = waitInterval(env);
  if (flags.http === undefined) {
    if (flags.allowRemote) throw new UsageError('--allow-remote goes with --http');
    return { transport: 'stdio', waitIntervalMs };
  }
  const { host, port } = hostPort(flags.http);
  if (!isLoopbackHost(host) && !flags.allowRemote) {
    throw new UsageError(`--http: ${quote(host)} is not a loopback address; anyone who reaches it could use your API key — add --allow-remote if that is what you want`);
  }
  return { transport: 'http', host, port, waitIntervalMs };
}

function hostPort(text: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65_535) throw new UsageError(`--http: ${quote(text)} is not <host:port> (e.g. 127.0.0.1:8808, [::1]:8808, or a port alone)`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}
