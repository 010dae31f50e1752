// An MCP client on the built CLI: the SDK's own Client and
// StdioClientTransport, spawning `node bin/upload-post.js mcp` with a clean
// environment pointed at a simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN, cleanEnv } from './cli.js';

export interface McpSession {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
  /**
   * Every progress notification as it came off the wire, in order. The SDK's
   * client hands a notification to `onprogress` a microtask later, but drops a
   * call's progress handler at once when its result arrives: notifications
   * read in the same chunk as the result never reach `onprogress` (seen on a
   * loaded machine). What the server sent is read here instead.
   */
  progress: () => { progressToken: string | number; progress: number; total?: number; message?: string }[];
  close(): Promise<void>;
}

/**
 * wait_for_uploads asks every 15 s in production; tests ask every 3 s (the
 * client's cache-TTL floor still holds), so a wait on the simulator at
 * --speed 10 takes seconds, not a quarter of a minute.
 */
export const TEST_PACE = { UPLOAD_POST_MCP_INTERVAL: '3s' };

export async function mcpClient(env: Record<string, string | undefined>): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    env: cleanEnv({ ...TEST_PACE, ...env }) as Record<string, string>,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const client = new Client({ name: 'upload-post-tests', version: '1.0.0' });
  await client.connect(transport);
  const progress: ReturnType<McpSession['progress']> = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message, ...rest) => {
    if ('method' in message && message.method === 'notifications/progress') progress.push(message.params as ReturnType<McpSession['progress']>[number]);
    deliver?.(message, ...rest);
  };
  return { client, transport, stderr: () => stderr, progress: () => progress, close: () => client.close() };
}

/** The first text block of a tool result. */
export function firstText(result: { content?: unknown }): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return content.find((c) => c.type === 'text')?.text ?? '';
}

export interface HttpMcp {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `upload-post mcp --http …` as a child process, once it prints where it listens. */
export async function startHttpMcp(env: Record<string, string | undefined>, args: string[] = ['--http', '127.0.0.1:0']): Promise<HttpMcp> {
  const child = spawn(process.execPath, [BIN, 'mcp', ...args], { env: cleanEnv({ ...TEST_PACE, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /^listening on (\S+)\n/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`mcp --http exited ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resolves once `ready()` holds (checked every 50 ms); a loaded machine may take seconds to get there. */
export async function until(ready: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error('the condition never held');
    await new Promise((r) => setTimeout(r, 50));
  }
}
