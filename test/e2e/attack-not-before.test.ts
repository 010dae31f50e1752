// Attack: --not-before values a careless user (or a script) may pass.
// docs/CONTRACT.md#scheduled-posts: "A bad value, on the command line or in a
// file, is a usage error (exit 2) before any request"; exit 70 is "a bug in
// this tool"; exit 7 means the API could not be reached or read.
import { describe, expect, it } from 'vitest';
import { runCli, why } from '../helpers/cli.js';
import { statusBody, withHostileServer } from '../helpers/hostile-server.js';

const env = { UPLOAD_POST_API_KEY: 'attack-not-before-key' };
const pending = (req: { id: string | null }) => ({ body: statusBody(req.id ?? '?', 'pending', [], {}, true) });

describe.concurrent('attack: --not-before', () => {
  for (const when of ['2026-02-30T10:00:00Z', '2027-02-29T10:00:00Z', '2026-04-31T23:00:00+02:00']) {
    it(`an impossible calendar date (${when}) is a usage error, not a day in the next month`, async () => {
      await withHostileServer(pending, async (s) => {
        const r = await runCli(['status', '--base-url', s.url, '--job-id', 'cal-1', '--not-before', when], { env });
        expect(r.code, why(r)).toBe(2);
        expect(s.requests).toHaveLength(0);
      });
    });
  }

  it('the same impossible date on an --ids-from line', async () => {
    await withHostileServer(pending, async (s) => {
      const r = await runCli(['status', '--base-url', s.url, '--ids-from', '-'], { env, input: 'job:cal-2 2026-02-30T10:00:00Z\n' });
      expect(r.code, why(r)).toBe(2);
      expect(s.requests).toHaveLength(0);
    });
  });

  // A duration past the last representable Date (~2.4 billion hours) is accepted by the parser,
  // then every date formatting of it throws "Invalid time value".
  it('--not-before 3000000000h (past any date) --watch --json: a usage error, not exit 70', async () => {
    await withHostileServer(pending, async (s) => {
      const r = await runCli(['status', '--base-url', s.url, '--job-id', 'far-1', '--watch', '--json', '--not-before', '3000000000h', '--timeout', '2s'], { env });
      expect(r.stderr, why(r)).not.toMatch(/unexpected error/);
      // 2 (refused up front) or 5 (accepted, not yet due when the --timeout ran out) — never 70
      expect([2, 5], why(r)).toContain(r.code);
    });
  });

  it('--not-before 3000000000h --watch (plain): a usage error, not an error blamed on the server', async () => {
    await withHostileServer(pending, async (s) => {
      const r = await runCli(['status', '--base-url', s.url, '--job-id', 'far-2', '--watch', '--not-before', '3000000000h', '--timeout', '2s'], { env });
      expect(r.stdout + r.stderr, why(r)).not.toMatch(/Invalid time value/);
      expect([2, 5], why(r)).toContain(r.code);
    });
  });
});
