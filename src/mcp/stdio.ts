// `upload-post mcp` on stdio (docs/MCP.md): the client starts the process and
// speaks JSON-RPC on its stdin and stdout. The server ends when the client
// closes stdin or a signal comes; every call still waiting is aborted then.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { MAX_MESSAGE_BYTES } from './limits.js';

export interface StdioStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

export async function serveStdio(server: McpServer, streams: StdioStreams, stop: AbortSignal): Promise<void> {
  // The SDK waits for 'drain' once per message a full pipe holds back: as
  // many listeners as messages in flight, each removed when it fires.
  streams.stdout.setMaxListeners(0);
  const transport = new StdioServerTransport(streams.stdin as never, streams.stdout as never, { maxBufferSize: MAX_MESSAGE_BYTES });
  const closed = new Promise<void>((resolve) => {
    const end = (): void => resolve();
    streams.stdin.once('end', end);
    streams.stdin.once('close', end);
    transport.onclose = end;
    stop.addEventListener('abort', end, { once: true });
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => {});
}
