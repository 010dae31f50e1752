// Attack: transport-level answers a hostile server can give.
// docs/CONTRACT.md#pacing: "--timeout ends the watch on time, even
// mid-request"; #faults-and-retries: "the per-request timeout (20 s for a
// whole request …)" is a transient fault, retried.
import { describe, expect, it } from 'vitest';
import { runCli, why } from '../helpers/cli.js';
import { withHostileServer } from '../helpers/hostile-server.js';

const env = { UPLOAD_POST_API_KEY: 'attack-transport-key' };
const upgrade = () => ({ status: 101, headers: { upgrade: 'websocket', connection: 'Upgrade' } });

describe.concurrent('attack: HTTP 101 Switching Protocols', () => {
  it('--json --timeout 3s: a 101 is a fault, retried; the watch ends on time, exit 7, and the process exits', async () => {
    await withHostileServer(upgrade, async (s) => {
      const r = await runCli(['status', '--base-url', s.url, 'up-1', '--json', '--timeout', '3s'], { env, timeoutMs: 15_000 });
      expect(r.signal, why(r)).toBeNull();
      expect(r.code, why(r)).toBe(7);
      expect(r.ms, why(r)).toBeLessThan(6_000);
      expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'up-1', status: 'error', error: expect.stringMatching(/switched protocols \(HTTP 101\)/) });
    });
  }, 20_000);

  it('a one-shot: a 101 is retried at once (not waited on for ever), then ends as an error', async () => {
    await withHostileServer(upgrade, async (s) => {
      const r = await runCli(['status', '--base-url', s.url, 'up-2', '--json', '--timeout', '5s'], { env, timeoutMs: 26_000 });
      expect(r.code, why(r)).toBe(7);
      expect(s.requests.length, why(r)).toBeGreaterThanOrEqual(2);
      expect(r.ms, why(r)).toBeLessThan(8_000);
    });
  }, 30_000);
});
