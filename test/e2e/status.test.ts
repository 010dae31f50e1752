// The built CLI against the embedded simulator on 127.0.0.1 — every exit code
// of the contract, --json pass-through, job IDs, and one short real --watch.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'e2e-key';
// speed 10: ok-/fail-/partial- finish within ~1 s of their first request; the
// CLI's own floor (the 2–3 s cache TTL) then sets the pace of a --watch.
const FAST = { speed: 10, apiKey: KEY };

function status(url: string, args: string[], env: Record<string, string> = {}) {
  return runCli(['status', '--base-url', url, ...args], { env: { UPLOAD_POST_API_KEY: KEY, ...env } });
}

describe.concurrent('status, one-shot', () => {
  it('not final yet → exit 6, and --json prints the body exactly as received', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'ok-e2e-1', '--json']);
      expect(r.code).toBe(6);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const body = JSON.parse(lines[0]!);
      expect(body).toMatchObject({ request_id: 'ok-e2e-1', status: 'pending' });
      expect(r.stderr).toBe('');
    });
  });

  it('job IDs go out as job_id and come back as job_id', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--job-id', 'stuck-job-1', '--json']);
      expect(r.code).toBe(6);
      expect(JSON.parse(r.stdout)).toMatchObject({ job_id: 'stuck-job-1', status: 'pending' });
      expect(JSON.parse(r.stdout).request_id).toBeUndefined();
    });
  });

  it('unknown ID → exit 3 with the not_found body', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'nonexistent-id', '--json']);
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'nonexistent-id', status: 'not_found' });
    });
  });

  it('wrong key → exit 4, the error object with http_status, one request, no key in any output', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'ok-1', '--request-id', 'ok-2', '--json', '--verbose'], { UPLOAD_POST_API_KEY: 'WRONG-SECRET-KEY' });
      expect(r.code).toBe(4);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toEqual([
        { request_id: 'ok-1', status: 'error', error: 'the API rejected the key (HTTP 401)', http_status: 401 },
        { request_id: 'ok-2', status: 'error', error: 'the API rejected the key (HTTP 401)', http_status: 401 },
      ]);
      expect(r.stderr).toMatch(/authentication failed/);
      expect(r.stdout + r.stderr).not.toContain('WRONG-SECRET-KEY');
      expect(sim.stats().requests).toBe(1); // slow start: one request, then stop — no hammering
    });
  });

  it('a base URL that is not the API → exit 7 at once, one sentence', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url.replace(/\/api$/, '/nope'), ['--request-id', 'ok-1']);
      expect(r.code).toBe(7);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/has no status API at this path \(HTTP 404 without a status body\) — check --base-url/);
    });
  });

  it('an ID with & and = reaches the server verbatim', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'ok-a&b=c', '--json']);
      expect(JSON.parse(r.stdout).request_id).toBe('ok-a&b=c');
    });
  });
});

describe.concurrent('usage errors: exit 2, one sentence, zero requests', () => {
  it.each([
    [[]],
    [['--request-id', '']],
    [['--request-id', 'a b']],
    [['--request-id', 'x', '--timeout', 'soon']],
    [['--request-id', 'x', '--bogus']],
    [['--request-id', 'x', '--base-url', 'http://example.com/api']],
    [['--request-id', 'x', '--quiet', '--verbose']],
  ])('%j', async (args) => {
    await withSimulator(FAST, async (sim) => {
      const r = await runCli(['status', ...(args.includes('--base-url') ? [] : ['--base-url', sim.url]), ...args], { env: { UPLOAD_POST_API_KEY: KEY } });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^upload-post: /);
      expect(sim.stats().requests).toBe(0);
    });
  });

  it('no API key', async () => {
    const r = await runCli(['status', '--request-id', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no API key/);
  });
});

describe.concurrent('status --watch (real waits, kept short)', () => {
  it.each([
    ['ok-e2e-w', 0],
    ['fail-e2e-w', 1],
    ['partial-e2e-w', 1],
  ])('%s → exit %d', async (id, code) => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', id, '--watch', '--interval', '2', '--json']);
      expect(r.code).toBe(code);
      const line = JSON.parse(r.stdout);
      expect(line.request_id).toBe(id);
      expect(['completed', 'failed']).toContain(line.status);
      const perId = sim.stats().requestsById;
      expect(Object.values(perId).reduce((a: number, b) => a + Number(b), 0)).toBeLessThanOrEqual(3);
    });
  });

  it('several IDs: precedence picks 1 over 3 over 0', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'ok-p1', '--request-id', 'missing-p2', '--request-id', 'fail-p3', '--watch', '--interval', '2', '--json']);
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.request_id).sort()).toEqual(['fail-p3', 'missing-p2', 'ok-p1']);
      // written as each reached its outcome: the 404 first
      expect(lines[0].request_id).toBe('missing-p2');
    });
  });

  it('--timeout → exit 5 with the last body seen', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'stuck-e2e', '--watch', '--timeout', '1500ms', '--json']);
      expect(r.code).toBe(5);
      expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'stuck-e2e', status: 'pending' });
      expect(r.stderr).toMatch(/gave up after 1\.5s/);
      expect(r.ms).toBeLessThan(8000); // 1.5 s deadline + process start-up under load
    });
  });

  it('plain output: a line per change and the final table', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'ok-plain', '--watch', '--interval', '2']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ok-plain pending/m);
      expect(r.stdout).toMatch(/✔ ok-plain completed/);
      expect(r.stdout).toMatch(/│ platform │ state/);
      expect(r.stdout).not.toContain('\u001b');
    });
  });

  it('--quiet prints nothing and the exit code tells', async () => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'partial-q', '--watch', '--interval', '2', '--quiet']);
      expect([r.code, r.stdout, r.stderr]).toEqual([1, '', '']);
    });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s → exit %d, promptly, with the last body in --json', async (sig, code) => {
    await withSimulator(FAST, async (sim) => {
      let pid = 0;
      const p = runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-sig', '--watch', '--json'], {
        env: { UPLOAD_POST_API_KEY: KEY },
        onSpawn: (n) => (pid = n),
      });
      // wait for the first answer, then interrupt mid-sleep
      for (let i = 0; i < 100 && sim.stats().requests === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      const sent = Date.now();
      process.kill(pid, sig);
      const r = await p;
      expect(r.code).toBe(code);
      expect(Date.now() - sent).toBeLessThan(1500);
      expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'stuck-sig', status: 'pending' });
    });
  });
});

describe('help and version', () => {
  it('--help lists every flag, an example and the exit-code table', async () => {
    const r = await runCli(['status', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--request-id', '--job-id', '--ids-from', '--watch', '--json', '--timeout', '--interval', '--not-found-grace', '--api-key', '--base-url', '--no-color', '--quiet', '--verbose', '--fail-fast', '--concurrency']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/Examples:/);
    for (const c of ['0 ', '1 ', '2 ', '3 ', '4 ', '5 ', '6 ', '7 ', '130']) expect(r.stdout).toContain(`\n  ${c}`);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
