// `upload-post mcp`: serve until the client leaves (stdio) or a signal comes.
// Loads the server, and with it the SDK, only here.
import { type Factory } from '../factory.js';
import { type McpPlan } from './options.js';

/** Once the client has left, how long what it was sent may take to drain. */
const CLIENT_GONE_STDOUT_WAIT_MS = 2_000;

export async function runMcp(plan: McpPlan, f: Factory): Promise<number> {
  const { serve } = await import('../../mcp/serve.js');
  const code = await serve(plan, f);
  // A client that never read its stdout and then left would keep the process
  // waiting for ever to flush to it: what it did not take by now is lost (exit 74).
  if (plan.transport === 'stdio') await f.stdoutFailure?.(CLIENT_GONE_STDOUT_WAIT_MS);
  return code;
}
