// The built CLI watching through every fault kind the simulator injects
// (docs/CONTRACT.md#faults-and-retries): it finishes with the right exit code and the right final line,
// and --verbose never prints the key. Runs concurrently: the waits are real.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';
import { parseFaults } from '../../src/simulator/faults.js';

const KEY = 'sk_live_FAULT_TEST_SECRET';

function watch(url: string, id: string, extra: string[] = []) {
  return runCli(['status', '--base-url', url, '--request-id', id, '--watch', '--interval', '2', '--json', '--verbose', ...extra], {
    env: { UPLOAD_POST_API_KEY: KEY },
    timeoutMs: 90_000,
  });
}

function noKey(...texts: string[]): void {
  for (const t of texts) expect(t).not.toContain(KEY);
}

describe.concurrent('recovering from faults (each kind half the time)', () => {
  it.each(['500', '502', '503', '504', 'html', 'truncate', 'reset', 'slow', '429'])('%s', async (kind) => {
    // A 2 s window: a 429 waits for the later of Reset and Retry-After (contract).
    await withSimulator({ speed: 10, apiKey: KEY, faults: parseFaults(`${kind}:0.5`), faultSeed: 7, slowFaultMs: 300, rateLimit: { limit: 1000, windowMs: 2000 } }, async (sim) => {
      const r = await watch(sim.url, `ok-fault-${kind}`);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ request_id: `ok-fault-${kind}`, status: 'completed' });
      expect(sim.stats().faults[kind as never]).toBeGreaterThan(0);
      noKey(r.stdout, r.stderr);
      if (kind !== '429' && kind !== 'slow') expect(r.stderr).toMatch(/fault 1 in a row, retry in \d/);
    });
  });

  it('a mix: 503:0.2,reset:0.1,html:0.1,truncate:0.1', async () => {
    await withSimulator({ speed: 10, apiKey: KEY, faults: parseFaults('503:0.2,reset:0.1,html:0.1,truncate:0.1'), faultSeed: 3 }, async (sim) => {
      const r = await watch(sim.url, 'partial-mix');
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed' });
      noKey(r.stdout, r.stderr);
    });
  });
});

describe.concurrent('faults that persist', () => {
  // Ten faults over two minutes end an ID on their own (test/poll covers that on a fake clock);
  // here --timeout ends the retries sooner, and faults up to it are an error all the same.
  it('503 on every request → exit 7, the error object with http_status', async () => {
    await withSimulator({ apiKey: KEY, faults: parseFaults('503:1') }, async (sim) => {
      const r = await watch(sim.url, 'ok-down', ['--timeout', '4s']);
      expect(r.code).toBe(7);
      const host = new URL(sim.url).host;
      expect(JSON.parse(r.stdout)).toEqual({ request_id: 'ok-down', status: 'error', error: expect.stringMatching(new RegExp(`^server error \\(HTTP 503\\) \\(${host}\\), (once|\\d+ times in a row) until the --timeout ran out$`)), http_status: 503 });
      expect(sim.stats().requests).toBeGreaterThanOrEqual(2);
      expect(r.stderr).toContain(`could not get the status of ok-down: server error (HTTP 503) (${host}), `);
      expect(r.stderr).toMatch(/times in a row until the --timeout ran out/);
      noKey(r.stdout, r.stderr);
    });
  });

  it('connection refused (nothing listening) → exit 7', async () => {
    const r = await watch('http://127.0.0.1:9/api', 'ok-nowhere', ['--timeout', '3s']);
    expect(r.code).toBe(7);
    expect(JSON.parse(r.stdout)).toEqual({ request_id: 'ok-nowhere', status: 'error', error: expect.stringMatching(/^connection refused \(127\.0\.0\.1:9\), \d+ times in a row until the --timeout ran out$/) });
  });

  it('a hung server: --timeout still ends the watch on time → exit 5', async () => {
    await withSimulator({ apiKey: KEY, faults: parseFaults('hang:1') }, async (sim) => {
      const r = await watch(sim.url, 'ok-hang', ['--timeout', '2s']);
      expect(r.code).toBe(5);
      expect(r.ms).toBeLessThan(6000); // the deadline (2 s), far from the 20 s request timeout
      expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'ok-hang', status: 'error' });
    });
  });

  // Faults that persist past --timeout end the ID as an error (docs/CONTRACT.md#faults-and-retries):
  // the server failed right up to the deadline, so a longer --timeout would not help.
  it('error- IDs (HTTP 500 always) under --timeout → exit 7, the fault named, when the clock runs out first', async () => {
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const r = await watch(sim.url, 'error-x', ['--timeout', '3s']);
      expect(r.code).toBe(7);
      expect(r.ms).toBeLessThan(8000);
      expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'error-x', status: 'error', http_status: 500, error: expect.stringMatching(/^server error \(HTTP 500\) \(127\.0\.0\.1:\d+\), \d+ times? (in a row )?until the --timeout ran out$/) });
    });
  });
});

describe.concurrent('rate limits', () => {
  it('a 429 storm: every request is throttled for a while, none counted as a failure', async () => {
    await withSimulator({ speed: 10, apiKey: KEY, faults: parseFaults('429:0.6'), faultSeed: 11, rateLimit: { limit: 1000, windowMs: 2000 } }, async (sim) => {
      const r = await watch(sim.url, 'ok-storm');
      expect(r.code).toBe(0);
      expect(sim.stats().faults['429']).toBeGreaterThanOrEqual(3);
    });
  }, 60_000);

  it.each([
    ['an hour ahead', 3_600_000],
    ['an hour behind', -3_600_000],
  ])('a server clock %s: neither sleeps an hour nor hammers', async (_name, skew) => {
    await withSimulator({ speed: 10, apiKey: KEY, clockSkewMs: skew, rateLimit: { limit: 3, windowMs: 3000 } }, async (sim) => {
      const ids = ['ok-s1', 'ok-s2', 'ok-s3', 'ok-s4'];
      const r = await runCli(['status', '--base-url', sim.url, ...ids.flatMap((i) => ['--request-id', i]), '--watch', '--interval', '2', '--json'], {
        env: { UPLOAD_POST_API_KEY: KEY },
        timeoutMs: 60_000,
      });
      expect(r.code).toBe(0);
      expect(sim.stats().rateLimited).toBe(0);
      expect(r.ms).toBeLessThan(20_000);
    });
  });
});

describe.concurrent('interrupts mid-request and grace for unregistered IDs', () => {
  it('SIGINT while a request hangs → exit 130 at once, the error object (no body was ever seen)', async () => {
    await withSimulator({ apiKey: KEY, faults: parseFaults('hang:1') }, async (sim) => {
      let pid = 0;
      const p = runCli(['status', '--base-url', sim.url, '--request-id', 'ok-int', '--watch', '--json'], { env: { UPLOAD_POST_API_KEY: KEY }, onSpawn: (n) => (pid = n) });
      for (let i = 0; i < 200 && sim.stats().inFlight === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(sim.stats().inFlight).toBe(1); // the request is hanging now
      const sent = Date.now();
      process.kill(pid, 'SIGINT');
      const r = await p;
      expect(r.code).toBe(130);
      expect(Date.now() - sent).toBeLessThan(1500);
      expect(JSON.parse(r.stdout)).toEqual({ request_id: 'ok-int', status: 'error', error: 'interrupted before any answer' });
    });
  });

  it('--not-found-grace keeps polling an unknown ID (here every 2 s, --interval 2) until the grace is over, then exit 3', async () => {
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const r = await watch(sim.url, 'not-registered-yet', ['--not-found-grace', '3s']);
      expect(r.code).toBe(3);
      expect(sim.stats().requestsById['not-registered-yet']).toBe(3); // at 0, 2 and 4 s: the last one past the 3 s grace
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'not_found' });
    });
  });
});
