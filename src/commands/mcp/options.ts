// `mcp` flags → what to serve. Pure: a bad value is a UsageError naming it.
import { isLoopbackHost } from '../../util/hosts.js';
import { UsageError } from '../../config/usage-error.js';
import { quote } from '../../util/sanitize.js';

export interface McpFlags {
  http?: string;
  allowRemote?: boolean;
}

export type McpPlan = { transport: 'stdio' } | { transport: 'http'; host: string; port: number };

export function planMcp(flags: McpFlags): McpPlan {
  if (flags.http === undefined) {
    if (flags.allowRemote) throw new UsageError('--allow-remote goes with --http');
    return { transport: 'stdio' };
  }
  const { host, port } = hostPort(flags.http);
  if (!isLoopbackHost(host) && !flags.allowRemote) {
    throw new UsageError(`--http: ${quote(host)} is not a loopback address; anyone who reaches it could use your API key — add --allow-remote if that is what you want`);
  }
  return { transport: 'http', host, port };
}

function hostPort(text: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65_535) throw new UsageError(`--http: ${quote(text)} is not <host:port> (e.g. 127.0.0.1:8808, [::1]:8808, or a port alone)`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}
