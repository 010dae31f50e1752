// The declarative side of `mcp`: flags and help. The server and the SDK are
// loaded only when the command runs (docs/ARCHITECTURE.md#start-up).
import { Command, Option } from 'commander';
import { type Factory } from '../factory.js';
import { planMcp, type McpFlags, type McpPlan } from './options.js';

export type RunMcpF = (plan: McpPlan) => Promise<number>;

export function createMcpCommand(f: Factory, runF: RunMcpF = async (plan) => (await import('./run.js')).runMcp(plan, f)): Command {
  return new Command('mcp')
    .description('serve the MCP tools get_upload_status and wait_for_uploads to AI agents (stdio; --http for Streamable HTTP)')
    .addOption(new Option('--http <host:port>', 'serve Streamable HTTP at http://<host:port>/mcp instead of stdio (a bare port means 127.0.0.1; 0 = any free port)'))
    .addOption(new Option('--allow-remote', 'let --http listen on an address other than loopback (anyone who can reach it can use your API key)'))
    .addHelpText('after', '\nThe API key comes from UPLOAD_POST_API_KEY, the base URL from UPLOAD_POST_BASE_URL;\nUPLOAD_POST_MCP_INTERVAL sets how often wait_for_uploads asks (default 15s).\nClient set-up snippets: docs/MCP.md\n')
    .action(async (flags: McpFlags) => f.setExitCode(await runF(planMcp(flags, f.env))));
}
