// Hostile clients against `upload-post mcp` on stdio: huge and poisoned
// arguments, a client that never reads, a client that leaves mid-wait.
import { spawn } from 'node:child_process';
import { type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { firstText, mcpClient, TEST_PACE, until } from '../helpers/mcp.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'attack-test-key-0123456789';
const env = (url: string) => ({ ...TEST_PACE, UPLOAD_POST_API_KEY: KEY, UPLOAD_POST_BASE_URL: url });

const line = (msg: object): string => `${JSON.stringify({ jsonrpc: '2.0', ...msg })}\n`;
const INIT = [
  line({ id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
  line({ method: 'notifications/initialized' }),
].join('');

describe('upload-post mcp under attack', () => {
  it('oversized and poisoned arguments are one-sentence tool errors; the server goes on serving', async () => {
    await withSimulator({ speed: 100 }, async (sim) => {
      const s = await mcpClient(env(sim.url));
      try {
        const call = async (name: string, args: object): Promise<CallToolResult> => (await s.client.callTool({ name, arguments: args as Record<string, unknown> }, undefined, { timeout: 60_000 })) as CallToolResult;
        // Past the --ids-from cap of 500,000.
        const huge = await call('wait_for_uploads', { request_ids: Array.from({ length: 500_001 }, (_, i) => `ok-${i}`) });
        expect(huge.isError).toBe(true);
        expect(firstText(huge)).toBe('500,001 IDs in one call is more than 1,000; split them over several calls');
        const justOver = await call('wait_for_uploads', { job_ids: Array.from({ length: 1_001 }, (_, i) => `ok-${i}`) });
        expect(firstText(justOver)).toBe('1,001 IDs in one call is more than 1,000; split them over several calls');

        const escape = await call('wait_for_uploads', { request_ids: ['ok-1', 'ok-2\u001b]0;pwned\u0007\n'] });
        expect(escape.isError).toBe(true);
        expect(firstText(escape)).toMatch(/^request_ids\[1\]: the ID ".*" holds whitespace or control characters$/);
        expect(firstText(escape)).not.toMatch(/[\u0000-\u001f]/);

        // 10 MB in one argument: past the SDK's own 10 MB stdio line limit, which would close the connection.
        const big = await call('get_upload_status', { request_id: 'x'.repeat(10 * 1024 * 1024) });
        expect(big.isError).toBe(true);
        expect(firstText(big)).toBe('request_id: the ID is longer than 512 characters');

        const both = await call('get_upload_status', { request_id: 'ok-1', job_id: 'ok-2' });
        expect(firstText(both)).toBe('give exactly one of request_id or job_id');
        const badTimeout = await call('wait_for_uploads', { request_ids: ['ok-1'], timeout: 'forever' });
        expect(firstText(badTimeout)).toMatch(/^timeout: "forever" is not a duration/);
        const stray = await call('wait_for_uploads', { request_ids: ['ok-1'], not_before: { 'job-9': '5m' } });
        expect(firstText(stray)).toBe('not_before names "job-9", which is not in request_ids or job_ids');
        expect(sim.stats().requests).toBe(0);

        // Still serving, and nothing above cost it anything.
        const ok = await call('get_upload_status', { request_id: 'ok-after' });
        expect((ok.structuredContent as { id: string }).id).toBe('ok-after');
      } finally {
        await s.close();
      }
    });
  }, 120_000);

  it('a client that never reads stdout, then leaves: the server ends, calls and all, with what it could not say counted as lost', async () => {
    await withSimulator({ speed: 10, rateLimit: { limit: 100_000, windowMs: 60_000 } }, async (sim) => {
      const child = spawn(process.execPath, [BIN, 'mcp'], { env: cleanEnv(env(sim.url)), stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      // stdout is never read: its pipe fills and every write after that waits.
      child.stdout.pause();
      child.stdin.write(INIT);
      const calls: string[] = [];
      for (let i = 0; i < 300; i++) calls.push(line({ id: i + 1, method: 'tools/call', params: { name: 'get_upload_status', arguments: { request_id: `ok-${i}` }, _meta: { progressToken: i } } }));
      calls.push(line({ id: 999, method: 'tools/call', params: { name: 'wait_for_uploads', arguments: { request_ids: ['stuck-never'], timeout: '1h' }, _meta: { progressToken: 'p' } } }));
      child.stdin.write(calls.join(''));
      // Every one-shot answered (and written, or waiting to be): far more than a pipe holds.
      for (let i = 0; i < 300 && sim.stats().requests < 301; i++) await new Promise((r) => setTimeout(r, 100));
      expect(sim.stats().requests).toBeGreaterThanOrEqual(301);
      await new Promise((r) => setTimeout(r, 500));
      const left = Date.now();
      child.stdin.end();
      // Ends: not after the hour-long wait, not after flushing to nobody (300 answers fill any pipe).
      expect(await exited).toBe(74);
      expect(Date.now() - left).toBeLessThan(15_000);
      expect(stderr).toBe('upload-post: could not write to stdout (its reader stopped reading); what it should have shown is lost\n');
    });
  }, 60_000);

  it('a client that disconnects mid-wait: the server stops polling and exits', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const child = spawn(process.execPath, [BIN, 'mcp'], { env: cleanEnv(env(sim.url)), stdio: ['pipe', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.stdout.resume();
      child.stdin.write(INIT + line({ id: 1, method: 'tools/call', params: { name: 'wait_for_uploads', arguments: { request_ids: ['scheduled-1h-gone'], timeout: '1h' } } }));
      // Its first request is out: the wait is under way.
      await until(() => sim.stats().requestsById['scheduled-1h-gone'] === 1);
      child.stdin.destroy();
      child.stdout.destroy();
      expect(await exited).toBe(0);
      // Past its next check (3 s): asked once at the start, never again.
      await new Promise((r) => setTimeout(r, 4_000));
      expect(sim.stats().requestsById['scheduled-1h-gone']).toBe(1);
    });
  }, 60_000);
});
