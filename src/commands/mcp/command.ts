// The declarative side of `mcp`: flags and help. The server and the SDK are
// loaded only when the command runs (docs/ARCHITECTURE.md#start-up).
import { Command, Option } from 'commander';
import { DOCS_POINTER } from '../docs.js';
import { type Factory } from '../factory.js';
import { planMcp, type McpFlags, type McpPlan } from './options.js';

const MCP_HELP = `
The API key comes from UPLOAD_POST_API_KEY, else the key \`upload-post auth login\` stored;
the base URL from UPLOAD_POST_BASE_URL; UPLOAD_POST_MCP_INTERVAL sets how often
wait_for_uploads asks (default 15s). Client set-up snippets: docs/MCP.md
`;

export type RunMcpF = (plan: McpPlan) => Promise<number>;

export function createMcpCommand(f: Factory, runF: RunMcpF = async (plan) => (await import('./run.js')).runMcp(plan, f)): Command {
  return new Command('mcp')
    .description('serve the MCP tools get_upload_status and wait_for_uploads to AI agents (stdio; --http for Streamable HTTP)')
    .addOption(new Option('--http <host:port>', 'serve Streamable HTTP at http://<host:port>/mcp instead of stdio (a bare port means 127.0.0.1; 0 = any free port)'))
    .addOption(new Option('--allow-remote', 'let --http listen on an address other than loopback (anyone who can reach it can use your API key)'))
    .addHelpText('after', MCP_HELP + DOCS_POINTER)
    .action(async (flags: McpFlags) => f.setExitCode(await runF(planMcp(flags, f.env))));
}
