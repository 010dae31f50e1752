// Scheduled posts and IDs as people type them, through the built CLI.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { statusBody, withHostileServer } from '../helpers/hostile-server.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'scheduled-e2e-key';
const env = { UPLOAD_POST_API_KEY: KEY };

describe.concurrent('--not-before', () => {
  it('a job due in ~4 s: one request at once, none until its time, then the normal pace to the end', async () => {
    const dueIn = 4_000;
    // Pending until 1 s after the due time (counted from the first request: a loaded machine may
    // start the CLI late, never its first request), then completed, like a scheduled post.
    let first: number | undefined;
    await withHostileServer((req) => ({ body: statusBody(req.id ?? '?', Date.now() - (first ??= Date.now()) < dueIn + 1_000 ? 'pending' : 'completed', undefined, {}, true) }), async (s) => {
      const r = await runCli(['status', '--job-id', 'job-soon', '--watch', '--json', '--not-before', '4s', '--interval', '2', '--base-url', s.url], { env, timeoutMs: 20_000 });
      expect(r.code, r.stderr).toBe(0);
      const at = s.requests.map((q) => q.at - s.requests[0]!.at);
      expect(at[0]).toBe(0);
      // Nothing in between (the pending pace at --interval 2 would ask at ~2 s). The due time runs from
      // the CLI's start, its first request later: a loaded machine took 800 ms between the two.
      expect(at[1]).toBeGreaterThanOrEqual(dueIn - 1_500);
      expect(at.length).toBeGreaterThanOrEqual(3); // due → still pending → completed, at the --interval pace
      expect(JSON.parse(r.stdout)).toMatchObject({ job_id: 'job-soon', status: 'completed' });
    });
  });

  it('the plain log says when the wait starts and ends; the simulator’s scheduled- scenario runs to the end', async () => {
    await withSimulator({ speed: 2, apiKey: KEY }, async (sim) => {
      const r = await runCli(['status', '--job-id', 'scheduled-8s-e2e', '--watch', '--not-before', '4s', '--interval', '2', '--base-url', sim.url], { env, timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/job scheduled-8s-e2e scheduled, due in [34]s \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\): checking every 5m until then/);
      expect(r.stdout).toMatch(/job scheduled-8s-e2e due now: checking at the pace of its status/);
      expect(r.stdout).toMatch(/✔ job scheduled-8s-e2e completed/);
      expect(sim.stats().requestsById['scheduled-8s-e2e']).toBeLessThanOrEqual(6);
    });
  });

  it('a --timeout shorter than the wait: exit 5, the last body, and the sentence says it was not yet due', async () => {
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const r = await runCli(['status', '--job-id', 'scheduled-2h-late', '--watch', '--json', '--not-before', '2h', '--timeout', '2s', '--base-url', sim.url], { env });
      expect(r.code).toBe(5);
      expect(JSON.parse(r.stdout)).toMatchObject({ job_id: 'scheduled-2h-late', status: 'pending' });
      expect(r.stderr).toMatch(/gave up after 2s \(--timeout\): 1 of 1 upload was not final; job scheduled-2h-late was not yet due \(due \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)/);
      expect(sim.stats().requestsById['scheduled-2h-late']).toBe(1);
    });
  });

  it('an --ids-from line may carry its own time', async () => {
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const r = await runCli(['status', '--ids-from', '-', '--watch', '--json', '--timeout', '3s', '--interval', '2', '--base-url', sim.url], { env, input: 'job:scheduled-1h-line 1h\nstuck-line\n' });
      expect(r.code).toBe(5);
      expect(sim.stats().requestsById['scheduled-1h-line']).toBe(1); // waiting for its time
      expect(sim.stats().requestsById['stuck-line']).toBeGreaterThanOrEqual(2); // the normal pace
    });
  });

  it.each([['soon'], ['2026-12-01T14:00:00'], ['-5m'], ['']])('--not-before %j: exit 2, one sentence, zero requests', async (when) => {
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const r = await runCli(['status', '--job-id', 'ok-1', '--not-before', when, '--base-url', sim.url], { env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--not-before: .* is not a time: give an ISO 8601 time with a zone/);
      expect(sim.stats().requests).toBe(0);
    });
  });
});

describe.concurrent('IDs as people type them', () => {
  it('status <id> <id>: request IDs, mixed freely with the flags', async () => {
    await withSimulator({ speed: 10, apiKey: KEY }, async (sim) => {
      const r = await runCli(['status', 'ok-pos1', '--job-id', 'ok-posjob', 'fail-pos2', '--json', '--watch', '--interval', '2', '--base-url', sim.url], { env });
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
      expect(lines.map((l) => l.request_id ?? `job:${l.job_id}`).sort()).toEqual(['fail-pos2', 'job:ok-posjob', 'ok-pos1']);
    });
  });

  it('a positional ID holding a space is a usage error naming it', async () => {
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const r = await runCli(['status', 'bad id', '--base-url', sim.url], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('upload-post: the ID argument: the ID "bad id" holds whitespace or control characters\n');
      expect(sim.stats().requests).toBe(0);
    });
  });
});
