// Attack: server text that reaches a GitHub Actions log without the `##[`
// guard (docs/CONTRACT.md#links-and-reports: "a `##[` in server text is
// broken with a zero-width space wherever we print it, and written as
// `\u0023#[` inside `--json` strings") or with a C1 control still in it
// (docs/CONTRACT.md#output, "Sanitising server text").
//
// The runner acts on the legacy `##[command]data` form anywhere in a line of
// stdout or stderr, so each of these lets a server raise an error annotation,
// mask text or (on older runners) set an output.
import { describe, expect, it } from 'vitest';
import { runCli, why } from '../helpers/cli.js';
import { completedBody, withHostileServer } from '../helpers/hostile-server.js';

const KEY = 'attack-workflow-key-123';
const env = { UPLOAD_POST_API_KEY: KEY };
const legacyCommandLines = (s: string): string[] => s.split(/\r\n|\r|\n/).filter((l) => l.includes('##['));

describe.concurrent('attack: workflow commands forged through text the CLI prints', () => {
  it('a Content-Encoding of `##[error]…` on every answer: the --json error object quotes it defused', async () => {
    await withHostileServer(
      (req) => ({ headers: { 'content-encoding': '##[error]forged' }, body: completedBody(req.id ?? '?') }),
      async (s) => {
        // --timeout 3s: the fault persists past the deadline → exit 7 with the error object, quickly.
        const r = await runCli(['status', '--base-url', s.url, 'enc-1', '--json', '--timeout', '3s'], { env, timeoutMs: 15_000 });
        expect(r.code, why(r)).toBe(7);
        const line = JSON.parse(r.stdout.trim()) as { status: string; error: string };
        expect(line.status).toBe('error');
        expect(legacyCommandLines(r.stdout), why(r)).toEqual([]);
      },
    );
  }, 20_000);

  it('a body naming another upload `##[error]…`: the --json error object quotes it defused', async () => {
    await withHostileServer(
      () => ({ body: completedBody('##[error]forged-by-another-upload') }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'other-1', '--json', '--timeout', '3s'], { env, timeoutMs: 15_000 });
        expect(r.code, why(r)).toBe(7);
        expect(legacyCommandLines(r.stdout), why(r)).toEqual([]);
      },
    );
  }, 20_000);

  it('--verbose: the request lines and the retry lines print the fault text with `##[` defused', async () => {
    await withHostileServer(
      (req) => ({ headers: { 'content-encoding': '##[error]forged' }, body: completedBody(req.id ?? '?') }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'enc-2', '--verbose', '--timeout', '3s'], { env, timeoutMs: 15_000 });
        expect(r.code, why(r)).toBe(7);
        expect(legacyCommandLines(r.stderr), why(r)).toEqual([]);
      },
    );
  }, 20_000);

  it('--verbose: a C1 CSI (U+009B) in a header never reaches stderr', async () => {
    // Header bytes are latin1: 0x9B arrives as U+009B, a C1 control the contract removes.
    const c1 = Buffer.from([0x9b, 0x33, 0x31, 0x6d, 0x52, 0x45, 0x44]).toString('latin1');
    await withHostileServer(
      (req) => ({ headers: { 'content-encoding': c1 }, body: completedBody(req.id ?? '?') }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'c1-1', '--verbose', '--timeout', '3s'], { env, timeoutMs: 15_000 });
        expect(r.code, why(r)).toBe(7);
        expect(/[\u0080-\u009f]/.test(r.stderr), why(r)).toBe(false);
      },
    );
  }, 20_000);
});
