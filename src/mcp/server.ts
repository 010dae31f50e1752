// The MCP server object (docs/MCP.md): the two tools registered with the
// official SDK, their progress notifications and cancellation wired to the
// loop. One server object per client connection; the UploadService behind
// them is one per process, so every client shares its budget.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { getInputShape, getOutputShape, waitInputShape, waitOutputShape } from './schemas.js';
import { getUploadStatus, MAX_TOOL_IDS, waitForUploads, type CallContext } from './tools.js';
import { type ProgressSink } from './progress.js';
import { type UploadService } from './uploads.js';

export interface ServerInfo {
  version: string;
  /** False while the client's stdout is backed up: progress is dropped, never queued without end. */
  canNotify?: () => boolean;
}

const WAIT_DESCRIPTION = [
  'Wait until Upload-Post uploads are final (completed, failed or not found) and return what became of each, in one call.',
  'Do not poll get_upload_status in a loop: this tool paces its requests by the API cache and shares the rate-limit budget.',
  `Up to ${MAX_TOOL_IDS} IDs; timeout defaults to 10m, at most 1h.`,
  'Sends progress notifications on every change and at least every 25 s when you pass a progress token.',
].join(' ');

type Extra = {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number } & Record<string, unknown>;
  sendNotification: (n: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; total?: number; message?: string } }) => Promise<void>;
};

export function createMcpServer(service: UploadService, info: ServerInfo): McpServer {
  const server = new McpServer(
    { name: 'upload-post', version: info.version },
    {
      capabilities: { tools: {} },
      instructions: 'Use wait_for_uploads after submitting an upload: one call returns when it is final. get_upload_status answers once, now.',
    },
  );
  server.registerTool(
    'get_upload_status',
    {
      title: 'Upload status, now',
      description: 'One answer for one upload, read the way `upload-post status` reads it: verdict, per-platform state, link, reason, error code, next steps. Give request_id or job_id.',
      inputSchema: getInputShape,
      outputSchema: getOutputShape,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args, extra) => getUploadStatus(service, args, context(extra as unknown as Extra, info)),
  );
  server.registerTool(
    'wait_for_uploads',
    {
      title: 'Wait for uploads to finish',
      description: WAIT_DESCRIPTION,
      inputSchema: waitInputShape,
      outputSchema: waitOutputShape,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args, extra) => waitForUploads(service, args, context(extra as unknown as Extra, info)),
  );
  return server;
}

function context(extra: Extra, info: ServerInfo): CallContext {
  const token = extra._meta?.progressToken;
  const ctx: CallContext = { signal: extra.signal };
  if (token === undefined) return ctx;
  const progress: ProgressSink = {
    send(value, total, message) {
      if (extra.signal.aborted || info.canNotify?.() === false) return;
      // A notification that cannot go out (the client left) must not end the call.
      extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: value, total, message } }).catch(() => {});
    },
  };
  return { ...ctx, progress };
}
