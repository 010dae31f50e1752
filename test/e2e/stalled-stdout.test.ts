// A stdout reader that stops reading (a log shipper that hangs) holds neither
// the --timeout nor a signal: the process ends within about 2 s of either,
// and what the reader never took is lost — exit 74, unless a signal's code
// outranks it (docs/CONTRACT.md#exit-codes).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { handlersIn } from '../helpers/signals.js';
import { withSimulator } from '../helpers/sim.js';

/** IDs near the 512-character ceiling, so a few hundred JSON lines outgrow the pipe (64 KiB) and the unread stream's buffer. */
const ids = (prefix: string, n: number): string => Array.from({ length: n }, (_, i) => `${prefix}${i}-${'x'.repeat(480)}`).join('\n');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Since the signal, or since the start when none was sent. */
  ms: number;
  stderr: string;
}

/** Run the CLI with a stdout nobody reads; `signalAt` sends one once its handlers are in and `ready` resolves. */
function runUnread(args: string[], input: string, signalAt?: { signal: NodeJS.Signals; ready: () => Promise<void> }): Promise<Ended> {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv({ UPLOAD_POST_API_KEY: 'k' }), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.pause(); // read nothing: the pipe fills and stays full
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input);
  let from = Date.now();
  const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  const ended = new Promise<Ended>((resolve) =>
    // 'exit', not 'close': the unread pipe never closes while we hold it.
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, ms: Date.now() - from, stderr });
    }),
  );
  if (signalAt) {
    void (async () => {
      await handlersIn(child.pid!);
      await signalAt.ready();
      from = Date.now();
      child.kill(signalAt.signal);
    })();
  }
  return ended.finally(() => child.stdout.destroy());
}

describe.concurrent('a stdout reader that stopped reading', () => {
  it('--timeout 3s ends the run in about 3 s, not when the reader wakes: exit 74, one sentence', async () => {
    await withSimulator({ rateLimit: { limit: 100_000, windowMs: 60_000 } }, async (sim) => {
      const r = await runUnread(['status', '--base-url', sim.url, '--ids-from', '-', '--watch', '--json', '--timeout', '3s'], ids('stuck-', 600));
      expect(r.code, r.stderr).toBe(74);
      // "Ends" rather than "hangs": 3 s, a second's grace, start-up on a loaded machine.
      expect(r.ms).toBeLessThan(12_000);
      expect(r.stderr).toContain('could not write to stdout (its reader stopped reading); what it should have shown is lost');
    });
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('%s ends it within 2 s, with its own code', async (signal, code) => {
    await withSimulator({ rateLimit: { limit: 100_000, windowMs: 60_000 } }, async (sim) => {
      // Unknown IDs end at once, each with a JSON line: the pipe is full long before the signal; one stuck ID keeps the watch going.
      const ready = async (): Promise<void> => {
        for (let i = 0; i < 600 && sim.stats().requests < 400; i++) await new Promise((r) => setTimeout(r, 50));
      };
      const r = await runUnread(['status', '--base-url', sim.url, '--ids-from', '-', '--watch', '--json'], `stuck-1\n${ids('nope-', 500)}`, { signal, ready });
      expect(r.code, r.stderr).toBe(code);
      expect(r.ms, r.stderr).toBeLessThan(2_000 + 1_500); // 2 s, plus a loaded machine's slack
    });
  });
});
