// The built CLI against a wall clock that jumps mid-run (libfaketime moves the
// time of day; the monotonic clock is left alone) and against a spent quota
// (docs/CONTRACT.md#time-and-quotas). libfaketime is a Debian package
// (`faketime`); .ci/run installs it, and these tests are skipped with a
// warning where it is missing.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, why } from '../helpers/cli.js';
import { startHostileServer } from '../helpers/hostile-server.js';
import { withSimulator } from '../helpers/sim.js';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const haveFaketime = existsSync(LIBFAKETIME);
if (!haveFaketime) console.warn(`wall-clock tests: ${LIBFAKETIME} is missing (Debian package "faketime"), so they are skipped (.ci/run installs it).`);

const dir = mkdtempSync(join(tmpdir(), 'upload-post-time-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Until `ready()` holds, looking every 50 ms (a gross bound: 10 s). */
async function until(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));
}

describe.skipIf(!haveFaketime).concurrent('the wall clock steps mid-run; --timeout does not', () => {
  it.each([
    ['back 1 h (NTP, a VM resume): ends at its 4 s, not an hour later', '-1h'],
    ['forward 1 h: runs its full 4 s, not ending at the step', '+1h'],
  ])('%s', async (_name, step) => {
    const clockFile = join(dir, `clock${step}`);
    writeFileSync(clockFile, '+0');
    await withSimulator({}, async (sim) => {
      const run = runCli(['status', 'stuck-clock', '--watch', '--timeout', '4s', '--json', '--base-url', sim.url], {
        env: { UPLOAD_POST_API_KEY: 'k', LD_PRELOAD: LIBFAKETIME, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1', DONT_FAKE_MONOTONIC: '1' },
        timeoutMs: 30_000,
      });
      await until(() => sim.stats().requests >= 1);
      writeFileSync(clockFile, step);
      const r = await run;
      expect(r.code, why(r)).toBe(5);
      expect(r.ms, why(r)).toBeGreaterThanOrEqual(3_500);
      expect(r.ms, why(r)).toBeLessThan(15_000);
      expect(r.stderr).toMatch(/gave up after 4s/);
    });
  });
});

describe.concurrent('a spent daily quota', () => {
  it('a one-shot: exit 7 at once, "rate limit exhausted until <local time with its zone> (in 23h 59m)", one request', async () => {
    const server = await startHostileServer(() => ({ status: 429, headers: { 'retry-after': '86340' }, body: '{"error":"daily quota exceeded"}' }));
    try {
      const r = await runCli(['status', 'ok-quota', '--base-url', server.url], { env: { UPLOAD_POST_API_KEY: 'k', TZ: 'UTC' }, timeoutMs: 20_000 });
      expect(r.code, why(r)).toBe(7);
      expect(r.stderr).toMatch(/rate limit exhausted until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in 23h 5[89]m\)/);
      expect(r.ms).toBeLessThan(10_000);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('with --watch: the wait is bounded by --timeout and the log says "throttled until HH:MM zone"', async () => {
    const server = await startHostileServer(() => ({ status: 429, headers: { 'retry-after': '86340' }, body: '{}' }));
    try {
      const r = await runCli(['status', 'ok-quota2', '--watch', '--timeout', '3s', '--base-url', server.url], { env: { UPLOAD_POST_API_KEY: 'k', TZ: 'Asia/Tokyo' }, timeoutMs: 20_000 });
      expect(r.code, why(r)).toBe(5);
      expect(r.stdout).toMatch(/ok-quota2 +throttled until \d{2}:\d{2} GMT\+9 \(HTTP 429\): every request waits/);
      expect(r.ms).toBeLessThan(10_000);
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
