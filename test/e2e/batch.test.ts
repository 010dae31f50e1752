// Watching many uploads at once, through the built CLI.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'batch-key';
const env = { UPLOAD_POST_API_KEY: KEY };
const dir = mkdtempSync(join(tmpdir(), 'up-batch-'));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const lines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe.concurrent('--ids-from', () => {
  it('a file: bare IDs, request:, job:, comments, blanks; duplicates watched once', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const f = file('ids.txt', '# release 1.2\nnope-a\n\nrequest:nope-b\njob:nope-c\nnope-a\n  # indented comment\nrequest:nope-a\n');
      const r = await runCli(['status', '--base-url', sim.url, '--ids-from', f, '--json'], { env });
      expect(r.code).toBe(3);
      const out = lines(r.stdout);
      expect(out).toHaveLength(3);
      expect(out.map((o) => o.request_id ?? `job:${o.job_id}`).sort()).toEqual(['job:nope-c', 'nope-a', 'nope-b']);
      expect(sim.stats().requests).toBe(3);
    });
  });

  it('stdin (-), together with flags', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const r = await runCli(['status', '--base-url', sim.url, '--ids-from', '-', '--request-id', 'stuck-flag', '--json'], { env, input: 'stuck-in-1\njob:stuck-in-2\n' });
      expect(r.code).toBe(6);
      expect(lines(r.stdout)).toHaveLength(3);
    });
  });

  it('a malformed line is a usage error naming its line, before any request', async () => {
    await withSimulator({}, async (sim) => {
      const f = file('bad.txt', 'ok-1\n# fine\njob:\n');
      const r = await runCli(['status', '--base-url', sim.url, '--ids-from', f], { env });
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`upload-post: ${f} line 3: the ID is empty`);
      expect(sim.stats().requests).toBe(0);
    });
  });

  it('a missing file is a usage error', async () => {
    const r = await runCli(['status', '--ids-from', join(dir, 'absent.txt')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*absent\.txt: no such file/);
  });

  it('an empty list is a usage error', async () => {
    const r = await runCli(['status', '--ids-from', file('empty.txt', '# nothing\n\n')], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no IDs/);
  });
});

describe.concurrent('watching a batch', () => {
  it('--fail-fast stops at the first failure, reports the rest as they stood, exits 1', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-ff1', '--request-id', 'fail-ff2', '--request-id', 'slow-ff3', '--watch', '--interval', '2', '--fail-fast', '--json'], { env });
      expect(r.code).toBe(1);
      const out = lines(r.stdout);
      expect(out[0]).toMatchObject({ request_id: 'fail-ff2', status: 'failed' });
      expect(out.slice(1).map((o) => o.status)).not.toContain('completed');
      expect(r.ms).toBeLessThan(10_000);
    });
  });

  it('--fail-fast on a not-found ID → exit 3', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-ff4', '--request-id', 'missing-ff5', '--watch', '--fail-fast', '--json'], { env });
      expect(r.code).toBe(3);
    });
  });

  it('30 uploads under 40 requests / 10 s: all final, zero 429s, well under a minute', async () => {
    await withSimulator({ speed: 5, rateLimit: { limit: 40, windowMs: 10_000 } }, async (sim) => {
      const ids = Array.from({ length: 30 }, (_, i) => (i % 10 === 9 ? `partial-b${i}` : `ok-b${i}`));
      const r = await runCli(['status', '--base-url', sim.url, '--ids-from', file('thirty.txt', ids.join('\n')), '--watch', '--json'], { env, timeoutMs: 60_000 });
      expect(r.code).toBe(1); // three partial uploads
      const out = lines(r.stdout);
      expect(out).toHaveLength(30);
      expect(out.every((o) => o.status === 'completed')).toBe(true);
      expect(sim.stats().rateLimited).toBe(0);
      expect(r.ms).toBeLessThan(45_000);
    });
  }, 60_000);

  it('the CI log of a batch: a line per change, then one compact table and a summary', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const ids = ['ok-c1', 'ok-c2', 'fail-c3', 'ok-c4', 'ok-c5', 'ok-c6', 'missing-c7'];
      const r = await runCli(['status', '--base-url', sim.url, ...ids.flatMap((i) => ['--request-id', i]), '--watch', '--interval', '2'], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/│ id\s+│ status\s+│ done/);
      expect(r.stdout).toMatch(/✖ fail-c3 failed/); // detail for the failed one
      expect(r.stdout.trim().split('\n').at(-1)).toBe('7 uploads: 5 completed, 1 failed, 1 not found');
      expect(r.stdout).not.toMatch(/[\u001b\r]/);
    });
  });
});
