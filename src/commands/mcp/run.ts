// `upload-post mcp`: serve until the client leaves (stdio) or a signal comes.
// Loads the server, and with it the SDK, only here.
import { type Factory } from '../factory.js';
import { type McpPlan } from './options.js';

export async function runMcp(plan: McpPlan, f: Factory): Promise<number> {
  const { serve } = await import('../../mcp/serve.js');
  return serve(plan, f);
}
