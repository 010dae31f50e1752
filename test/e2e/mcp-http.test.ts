// `upload-post mcp --http`: the official conformance suite's scenarios that
// apply to a tools-only server (docs/MCP.md#conformance), the same tools over
// Streamable HTTP, and the HTTP side's defences.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startHttpMcp, type HttpMcp, until } from '../helpers/mcp.js';
import { withSimulator } from '../helpers/sim.js';

const CONFORMANCE = fileURLToPath(new URL('../../node_modules/.bin/conformance', import.meta.url));
/** The server scenarios that apply to a server with tools only; docs/MCP.md lists the rest and why. */
const APPLICABLE = ['server-initialize', 'ping', 'tools-list', 'server-sse-multiple-streams', 'dns-rebinding-protection'];
const env = (url: string) => ({ UPLOAD_POST_API_KEY: 'http-test-key-0123456789', UPLOAD_POST_BASE_URL: url });

function conformance(url: string, scenario: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(CONFORMANCE, ['server', '--url', url, '--scenario', scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function withHttpMcp<T>(simUrl: string, fn: (mcp: HttpMcp) => Promise<T>): Promise<T> {
  const mcp = await startHttpMcp(env(simUrl));
  try {
    return await fn(mcp);
  } finally {
    expect(await mcp.stop()).toBe(0);
  }
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'http-tests', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } });

describe('upload-post mcp --http', () => {
  it('passes the conformance scenarios that apply to a tools-only server', async () => {
    await withSimulator({}, async (sim) => {
      await withHttpMcp(sim.url, async (mcp) => {
        for (const scenario of APPLICABLE) {
          const { code, out } = await conformance(mcp.url, scenario);
          expect(code, `${scenario}:\n${out}`).toBe(0);
        }
      });
    });
  }, 120_000);

  it('serves the same tools over Streamable HTTP', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      await withHttpMcp(sim.url, async (mcp) => {
        const client = await connect(mcp.url);
        const r = (await client.callTool({ name: 'wait_for_uploads', arguments: { request_ids: ['ok-h1'], timeout: 60 } }, undefined, { timeout: 60_000 })) as CallToolResult;
        expect((r.structuredContent as { summary: string }).summary).toBe('the upload is final: 1 completed');
        await client.close();
      });
    });
  });

  it('refuses a foreign Host or Origin (DNS rebinding) and an oversized body, before reading it', async () => {
    await withSimulator({}, async (sim) => {
      await withHttpMcp(sim.url, async (mcp) => {
        const { port } = new URL(mcp.url);
        expect(await post(mcp.url, { host: `evil.example:${port}` }, INIT)).toBe(403);
        expect(await post(mcp.url, { origin: 'http://evil.example' }, INIT)).toBe(403);
        expect(await post(mcp.url, { origin: `http://localhost:${port}` }, INIT)).toBe(200);
        expect(await post(mcp.url, { 'content-length': String(200 * 1024 * 1024) }, '{}').catch(() => 413)).toBe(413);
        expect(await post(mcp.url, {}, '{not json')).toBe(400);
      });
    });
  });

  it('a bad UPLOAD_POST_MCP_INTERVAL is exit 2 before serving', async () => {
    const r = await runCli(['mcp'], { env: { UPLOAD_POST_MCP_INTERVAL: '0s' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upload-post: UPLOAD_POST_MCP_INTERVAL: "0s" is not a duration from 1s to 10m (e.g. 15s)\n');
  });

  it('a non-loopback address needs --allow-remote (exit 2, one sentence)', async () => {
    const r = await runCli(['mcp', '--http', '0.0.0.0:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^upload-post: --http: "0\.0\.0\.0" is not a loopback address; .* add --allow-remote if that is what you want\n$/);
    const bad = await runCli(['mcp', '--http', 'nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not <host:port>/);
  });

  it('a client that disconnects mid-wait: its wait stops, another client gets its answer', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      await withHttpMcp(sim.url, async (mcp) => {
        const leaving = await connect(mcp.url);
        const staying = await connect(mcp.url);
        const dropped = leaving.callTool({ name: 'wait_for_uploads', arguments: { request_ids: ['scheduled-1h-d1'], timeout: '1h' } }, undefined, { timeout: 90_000 }).catch(() => 'dropped');
        const kept = staying.callTool({ name: 'wait_for_uploads', arguments: { request_ids: ['ok-d2'], timeout: 60 } }, undefined, { timeout: 90_000 }) as Promise<CallToolResult>;
        // Its first request is out: the wait is under way.
        await until(() => sim.stats().requestsById['scheduled-1h-d1'] === 1);
        await leaving.close();
        expect(await dropped).toBe('dropped');
        expect(((await kept).structuredContent as { summary: string }).summary).toBe('the upload is final: 1 completed');
        await new Promise((r) => setTimeout(r, 1_500));
        // Past its next check (3 s, TEST_PACE): asked once at the start, never again.
        expect(sim.stats().requestsById['scheduled-1h-d1']).toBe(1);
        await staying.close();
      });
    });
  });
});
