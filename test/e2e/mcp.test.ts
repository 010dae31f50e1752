// `upload-post mcp` over stdio, end to end: the built CLI spawned by the
// SDK's own client, against the embedded simulator.
import { type CallToolResult, ProgressNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uploadShape, waitOutputShape } from '../../src/mcp/schemas.js';
import { firstText, mcpClient, until } from '../helpers/mcp.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'mcp-test-key-0123456789';
const env = (url: string, key = KEY) => ({ UPLOAD_POST_API_KEY: key, UPLOAD_POST_BASE_URL: url });
type Upload = z.infer<z.ZodObject<typeof uploadShape>>;

describe('upload-post mcp (stdio)', () => {
  it('lists its two tools, each with an input and an output schema', async () => {
    await withSimulator({}, async (sim) => {
      const s = await mcpClient(env(sim.url));
      try {
        const { tools } = await s.client.listTools();
        expect(tools.map((t) => t.name).sort()).toEqual(['get_upload_status', 'wait_for_uploads']);
        for (const t of tools) {
          expect(t.inputSchema.type).toBe('object');
          expect(t.outputSchema?.type).toBe('object');
          expect(t.description).toBeTruthy();
        }
      } finally {
        await s.close();
      }
    });
  });

  it('get_upload_status: completed, failed and not-found uploads, read as status reads them', async () => {
    await withSimulator({ speed: 100 }, async (sim) => {
      const s = await mcpClient(env(sim.url));
      try {
        // Started first so they are final by the time they are asked again: past
        // the first answers' TTL (pending: 2 s), within which the server would
        // give the same answer and the calls share the one they got (docs/MCP.md#pacing).
        for (const id of ['ok-g1', 'fail-g1']) await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: id } });
        await new Promise((r) => setTimeout(r, 2_100));
        const ok = (await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: 'ok-g1' } })) as CallToolResult;
        expect(ok.isError).toBeFalsy();
        const okFacts = ok.structuredContent as Upload & { summary: string };
        expect(okFacts).toMatchObject({ id: 'ok-g1', kind: 'request', verdict: 'completed', status: 'completed', error: null, next_steps: [] });
        expect(okFacts.platforms.length).toBeGreaterThanOrEqual(2);
        for (const p of okFacts.platforms) expect(p).toMatchObject({ state: 'published', reason: null });
        expect(okFacts.platforms.some((p) => p.link?.startsWith('https://'))).toBe(true);
        expect(firstText(ok)).toMatch(/^the upload is final: 1 completed/);

        const failed = (await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: 'fail-g1' } })) as CallToolResult;
        expect(failed.isError).toBeFalsy();
        const failedFacts = failed.structuredContent as Upload;
        expect(failedFacts.verdict).toBe('failed');
        for (const p of failedFacts.platforms) {
          expect(p.state).toBe('failed');
          expect(p.reason).toBeTruthy();
        }
        expect(failedFacts.next_steps.join(' ')).toMatch(/published nowhere/);

        const unknown = (await s.client.callTool({ name: 'get_upload_status', arguments: { job_id: 'nope-1' } })) as CallToolResult;
        expect(unknown.isError).toBe(true);
        expect(firstText(unknown)).toBe('job nope-1 is unknown to the API (not found): check the ID, and whether it is a request_id or a job_id');
        expect((unknown.structuredContent as Upload).verdict).toBe('not_found');
      } finally {
        await s.close();
      }
    });
  });

  it('wait_for_uploads on 3 IDs: progress on every change, one result that matches the output schema', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const s = await mcpClient(env(sim.url));
      try {
        let delivered = 0;
        const result = (await s.client.callTool({ name: 'wait_for_uploads', arguments: { request_ids: ['ok-w1', 'partial-w1'], job_ids: ['retry-w1'], timeout: '2m' } }, undefined, {
          onprogress: () => (delivered += 1),
          timeout: 60_000,
        })) as CallToolResult;
        // As sent (the helper reads them off the wire: the SDK's client may drop the last few, read with the result).
        const progress = s.progress();
        expect(delivered).toBeGreaterThanOrEqual(1);
        const facts = z.object(waitOutputShape).strict().parse(result.structuredContent);
        expect(facts.uploads.map((u) => [u.id, u.kind, u.verdict])).toEqual([
          ['ok-w1', 'request', 'completed'],
          ['partial-w1', 'request', 'failed'],
          ['retry-w1', 'job', 'completed'],
        ]);
        expect(facts.all_final).toBe(true);
        expect(facts.summary).toBe('all 3 uploads are final: 2 completed, 1 failed');
        // A partial failure: one sentence says where it is live already.
        expect(facts.uploads[1]!.next_steps.join(' ')).toMatch(/already published on .* don't re-run for those/);
        expect(result.isError).toBeFalsy();
        // Three IDs, each through several statuses, each final: at least one notification per change.
        expect(progress.length).toBeGreaterThanOrEqual(6);
        for (let i = 1; i < progress.length; i++) expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
        expect(progress.at(-1)!.message).toMatch(/^3 of 3 final/);
        const requests = sim.stats().requestsById;
        // Paced like `status --watch`: an ok- upload of ~0.8 s at 10× takes a handful of requests, not dozens.
        expect(requests['ok-w1']).toBeLessThanOrEqual(6);
      } finally {
        await s.close();
      }
    });
  });

  it('three waits at once on one key share one budget: 0 × 429 under a tight limit', async () => {
    // Each call alone fits the window; the two together do not.
    await withSimulator({ speed: 10, rateLimit: { limit: 10, windowMs: 4_000 } }, async (sim) => {
      const s = await mcpClient(env(sim.url));
      try {
        const call = (ids: string[]) =>
          s.client.callTool({ name: 'wait_for_uploads', arguments: { request_ids: ids, timeout: '2m' } }, undefined, { timeout: 90_000 }) as Promise<CallToolResult>;
        const ids = (p: string) => Array.from({ length: 6 }, (_, i) => `ok-${p}${i}`);
        const all = await Promise.all([call(ids('sa')), call(ids('sb')), call(ids('sc'))]);
        for (const r of all) expect((r.structuredContent as { summary: string }).summary).toBe('all 6 uploads are final: 6 completed');
        expect(sim.stats().rateLimited).toBe(0);
      } finally {
        await s.close();
      }
    });
  });

  it('two waits on one upload ask the API as often as one wait; a status check right after asks nothing', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const s = await mcpClient(env(sim.url));
      try {
        const wait = (id: string) =>
          s.client.callTool({ name: 'wait_for_uploads', arguments: { request_ids: [id], timeout: '2m' } }, undefined, { timeout: 90_000 }) as Promise<CallToolResult>;
        const final = 'the upload is final: 1 completed';
        expect(((await wait('ok-d1')).structuredContent as { summary: string }).summary).toBe(final);
        const alone = sim.stats().requestsById['ok-d1']!;
        const both = await Promise.all([wait('ok-d2'), wait('ok-d2')]);
        for (const r of both) expect((r.structuredContent as { summary: string }).summary).toBe(final);
        const shared = sim.stats().requestsById['ok-d2']!;
        expect(shared).toBeLessThanOrEqual(alone + 1);
        const check = (await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: 'ok-d2' } })) as CallToolResult;
        expect((check.structuredContent as { verdict: string }).verdict).toBe('completed');
        expect(sim.stats().requestsById['ok-d2']).toBe(shared);
      } finally {
        await s.close();
      }
    });
  });

  it('a cancelled wait stops its own IDs and nothing else', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const s = await mcpClient(env(sim.url));
      try {
        const cancel = new AbortController();
        // Pending for an hour: it would be asked again at ~3 s (TEST_PACE).
        const pending = s.client.callTool({ name: 'wait_for_uploads', arguments: { request_ids: ['scheduled-1h-c1'], timeout: '1h' } }, undefined, { signal: cancel.signal, timeout: 90_000 });
        const other = s.client.callTool({ name: 'wait_for_uploads', arguments: { request_ids: ['ok-c2'], timeout: '2m' } }, undefined, { timeout: 90_000 }) as Promise<CallToolResult>;
        // Its first request is out: the wait is under way.
        await until(() => sim.stats().requestsById['scheduled-1h-c1'] === 1);
        cancel.abort('the user stopped it');
        await expect(pending).rejects.toThrow();
        const done = await other;
        expect((done.structuredContent as { summary: string }).summary).toBe('the upload is final: 1 completed');
        await new Promise((r) => setTimeout(r, 1_500));
        // Past its next check: the cancelled ID was asked once, at the start, and never again.
        expect(sim.stats().requestsById['scheduled-1h-c1']).toBe(1);
        expect(sim.stats().requestsById['ok-c2']).toBe(2);
      } finally {
        await s.close();
      }
    });
  });

  it('a bad key is one sentence as a tool error, never the key', async () => {
    await withSimulator({ apiKey: 'the-right-key' }, async (sim) => {
      const s = await mcpClient(env(sim.url, 'wrong-key-ABCDEFGH'));
      try {
        for (const [name, args] of [
          ['get_upload_status', { request_id: 'ok-k1' }],
          ['wait_for_uploads', { request_ids: ['ok-k1', 'ok-k2'] }],
        ] as const) {
          const r = (await s.client.callTool({ name, arguments: args })) as CallToolResult;
          expect(r.isError).toBe(true);
          expect(firstText(r)).toMatch(/^the API rejected the key \(.*\): set a valid UPLOAD_POST_API_KEY in the MCP server's environment, or run `upload-post auth login` again$/);
          expect(JSON.stringify(r)).not.toContain('wrong-key-ABCDEFGH');
        }
        expect(s.stderr()).not.toContain('wrong-key-ABCDEFGH');
      } finally {
        await s.close();
      }
    });
  });

  it('no key at all: the server starts, says so once on stderr, and each call is a one-sentence tool error', async () => {
    await withSimulator({}, async (sim) => {
      const s = await mcpClient({ UPLOAD_POST_BASE_URL: sim.url });
      try {
        const r = (await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: 'ok-n1' } })) as CallToolResult;
        expect(r.isError).toBe(true);
        expect(firstText(r)).toBe('no API key: set UPLOAD_POST_API_KEY in the "env" of this MCP server in your client\'s configuration, or run `upload-post auth login`');
        expect(s.stderr()).toMatch(/no API key/);
        expect(sim.stats().requests).toBe(0);
      } finally {
        await s.close();
      }
    });
  });
});
