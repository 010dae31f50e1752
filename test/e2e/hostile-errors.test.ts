// Hardening: answers that must not be believed (a body for another ID, odd
// HTTP statuses), and inputs that must be refused before any request (a base
// URL with credentials, a query or a fragment; a key HTTP cannot carry; IDs
// with bidi or C1 controls) — and the API key kept out of every output.
// Several of these wait out the CLI's retries (5 tries, ≈10–30 s): they run
// concurrently, with generous timeouts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult, lines, why, expectNoStack } from '../helpers/cli.js';
import { completedBody, statusBody, withHostileServer } from '../helpers/hostile-server.js';

const KEY = 'hostile-test-key-123456';
const env = { UPLOAD_POST_API_KEY: KEY };
/** Past the CLI's retries: 5 tries with backoff take up to ~30 s. */
const RETRIES_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'up-hostile-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}


function run(url: string, args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return runCli(['status', '--base-url', url, ...args], { env: opts.env ?? env, timeoutMs: opts.timeoutMs ?? 20_000 });
}

describe.concurrent('hostile errors', () => {
  // ---- 2. a status that is not a string, one-shot ---------------------------

  describe.concurrent('2. a top-level status that is not a string', () => {
    it('one-shot --json: unreadable, retried, then exit 7 with the error object', async () => {
      const body = '{"request_id":"s","status":42,"results":[{"platform":"x","success":true}]}';
      await withHostileServer(() => ({ body }), async (s) => {
        // --timeout: unreadable answers up to it are an error (exit 7) without waiting out five retries.
        const r = await run(s.url, ['--request-id', 's', '--json', '--timeout', '4s'], { timeoutMs: RETRIES_MS });
        expect(r.code, why(r)).toBe(7);
        expectNoStack(r);
        expect(lines(r.stdout)).toHaveLength(1);
        expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 's', status: 'error' });
        expect(s.count('s')).toBeGreaterThanOrEqual(2);
      });
    }, 70_000);
  });

  // ---- 8. a body for another ID ---------------------------------------------

  describe.concurrent('8. a body that names another ID is not accepted', () => {
    const other = completedBody('someone-else');

    it('one-shot --json, every answer for someone-else: never exit 0; after the retries exit 7 and the error object', async () => {
      await withHostileServer(() => ({ body: other }), async (s) => {
        // --timeout: unreadable answers up to it are an error (exit 7) without waiting out a run of ten faults.
        const r = await run(s.url, ['--request-id', 'a', '--json', '--timeout', '4s'], { timeoutMs: RETRIES_MS });
        expect(r.code, why(r)).not.toBe(0);
        expect(r.code, why(r)).toBe(7);
        expectNoStack(r);
        expect(lines(r.stdout)).toHaveLength(1);
        expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'a', status: 'error' });
      });
    }, 70_000);

    it('--watch --timeout 4s --json, every answer for someone-else → exit 7 (unreadable past the timeout) and the error object (no body accepted)', async () => {
      await withHostileServer(() => ({ body: other }), async (s) => {
        const r = await run(s.url, ['--request-id', 'a', '--watch', '--timeout', '4s', '--json']);
        expect(r.code, why(r)).toBe(7);
        expect(r.stderr).toMatch(/another upload \(request_id "someone-else"\)/);
        expect(lines(r.stdout)).toHaveLength(1);
        expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'a', status: 'error' });
      });
    });

    it('a first answer for someone-else, then the right one → exit 0 after a retry', async () => {
      await withHostileServer((req) => ({ body: req.n === 1 ? other : completedBody('a') }), async (s) => {
        const r = await run(s.url, ['--request-id', 'a', '--json']);
        expect(r.code, why(r)).toBe(0);
        expect(s.count('a')).toBeGreaterThanOrEqual(2);
        expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'a', status: 'completed' });
      });
    });

    it('a job ID answered with the body of another job: --watch --timeout 4s --json → exit 7 and the error object', async () => {
      const otherJob = statusBody('other-job', 'completed', undefined, {}, true);
      await withHostileServer(() => ({ body: otherJob }), async (s) => {
        const r = await run(s.url, ['--job-id', 'j', '--watch', '--timeout', '4s', '--json']);
        expect(r.code, why(r)).toBe(7);
        expect(lines(r.stdout)).toHaveLength(1);
        expect(JSON.parse(r.stdout)).toMatchObject({ job_id: 'j', status: 'error' });
      });
    });

    it('a body with no ID field at all is accepted → exit 0, one request', async () => {
      const body = '{"status":"completed","completed":1,"total":1,"results":[{"platform":"x","success":true,"message":"ok"}]}';
      await withHostileServer(() => ({ body }), async (s) => {
        const r = await run(s.url, ['--request-id', 'a', '--watch', '--timeout', '4s', '--json']);
        expect(r.code, why(r)).toBe(0);
        expect(s.count('a')).toBe(1);
      });
    });
  });

  // ---- 10–12. refused before any request --------------------------------------

  describe.concurrent('10. a base URL carrying credentials', () => {
    const SECRET_PW = 'Pa55w0rdXYZ';
    it.each([[[]], [['--verbose']], [['--json', '--verbose']]])('is a usage error (exit 2), no request, the password nowhere (flags %j)', async (flags) => {
      await withHostileServer(() => ({ body: completedBody('a') }), async (s) => {
        const url = s.url.replace('http://', `http://user:${SECRET_PW}@`);
        const r = await run(url, ['--request-id', 'a', ...flags]);
        expect(r.code, why(r)).toBe(2);
        expect(s.requests).toHaveLength(0);
        expect(r.stdout + r.stderr).not.toContain(SECRET_PW);
      });
    });

    it('the literal user:pass form too: exit 2, no request, "user:pass" nowhere', async () => {
      await withHostileServer(() => ({ body: completedBody('a') }), async (s) => {
        const r = await run(s.url.replace('http://', 'http://user:pass@'), ['--request-id', 'a', '--verbose']);
        expect(r.code, why(r)).toBe(2);
        expect(s.requests).toHaveLength(0);
        expect(r.stdout + r.stderr).not.toMatch(/user:pass|:pass@/);
      });
    });
  });

  describe.concurrent('11. a base URL with a query or a fragment', () => {
    it.each(['?x=1', '#frag'])('…/api%s → exit 2 and no request', async (suffix) => {
      await withHostileServer(() => ({ body: completedBody('a') }), async (s) => {
        const r = await run(s.url + suffix, ['--request-id', 'a']);
        expect(r.code, why(r)).toBe(2);
        expect(s.requests.map((q) => q.url)).toEqual([]);
      });
    });
  });

  describe.concurrent('12. an API key that HTTP cannot carry', () => {
    it.each([
      ['--api-key ключ', ['--api-key', 'ключ'], {}],
      ['UPLOAD_POST_API_KEY=ключ', [], { UPLOAD_POST_API_KEY: 'ключ' }],
      ['--api-key with an emoji', ['--api-key', 'key-😀-1234'], {}],
    ] as const)('%s → exit 2 at once (no retries), no request', async (_name, flags, keyEnv) => {
      await withHostileServer(() => ({ body: completedBody('a') }), async (s) => {
        const r = await run(s.url, ['--request-id', 'a', ...flags], { env: { ...keyEnv }, timeoutMs: 10_000 });
        expect(r.code, why(r)).toBe(2);
        expect(r.ms).toBeLessThan(4_000); // no request, so no backoff (up to 2, 4, 8, 16 s) is waited out
        expect(s.requests).toHaveLength(0);
        expectNoStack(r);
      });
    });
  });

  // ---- 13. a redirect whose host spells the key ---------------------------------

  describe.concurrent('13. a redirect whose Location host is the key in lower case', () => {
    const MIXED = 'HoStIlE-Test-Key-987654';
    const location = `https://${MIXED.toLowerCase()}.example.com/api/uploadposts/status?request_id=a`;
    it.each([[['--verbose']], [['--json', '--verbose']], [['--watch', '--timeout', '4s', '--verbose']]])(
      'the key appears in no output, in any case (flags %j)',
      async (flags) => {
        await withHostileServer(() => ({ status: 302, headers: { location }, body: '' }), async (s) => {
          const r = await run(s.url, ['--request-id', 'a', ...flags], { env: { UPLOAD_POST_API_KEY: MIXED } });
          expect(r.code, why(r)).toBe(7);
          expect((r.stdout + r.stderr).toLowerCase()).not.toContain(MIXED.toLowerCase());
        });
      },
    );
  });

  describe.concurrent('13. an error answer that echoes the key', () => {
    it('HTTP 400 whose body and headers carry the key, --json --verbose: the error object and stderr never hold it', async () => {
      const reply = { status: 400, headers: { 'x-echo': `Apikey ${KEY}` }, body: JSON.stringify({ error: `bad request for key ${KEY}`, details: `Apikey ${KEY}` }) };
      await withHostileServer(() => reply, async (s) => {
        const r = await run(s.url, ['--request-id', 'a', '--json', '--verbose']);
        expect(r.code, why(r)).toBe(7);
        expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'a', status: 'error', http_status: 400 });
        expect(r.stdout).not.toContain(KEY);
        expect(r.stderr).not.toContain(KEY);
      });
    });
  });

  // ---- 14. a one-character key ---------------------------------------------------

  describe.concurrent('14. a one-character key does not mangle the error text', () => {
    it.each([[[]], [['--verbose']]])('key "n", connections reset (flags %j): stderr says network/connection, unmangled', async (flags) => {
      await withHostileServer(() => 'reset', async (s) => {
        const r = await run(s.url, ['--request-id', 'a', '--timeout', '4s', ...flags], { env: { UPLOAD_POST_API_KEY: 'n' }, timeoutMs: RETRIES_MS });
        expect(r.code, why(r)).toBe(7);
        expect(r.stderr).toMatch(/\b(network|connection)\b/);
        expect(r.stderr, 'a word cut by redaction').not.toMatch(/\w\*\*\*|\*\*\*\w/);
      });
    }, 70_000);
  });

  // ---- 17. (b) IDs with bidi or C1 controls; (d) 204 and 304 ---------------------

  describe.concurrent('17. small things', () => {
    it.each([
      ['U+202E (bidi override)', 'ok-\u202Eevil'],
      ['U+009B (C1 CSI)', 'ok-\u009B31m'],
    ])('(b) an --ids-from line holding %s → exit 2, and the sentence holds no raw control', async (_n, id) => {
      await withHostileServer(() => ({ body: completedBody('x') }), async (s) => {
        const r = await run(s.url, ['--ids-from', file(`bad-${id.length}-${id.codePointAt(3)}.txt`, `fine-1\n${id}\n`)]);
        expect(r.code, why(r)).toBe(2);
        expect(s.requests).toHaveLength(0);
        expect(r.stderr).not.toMatch(/[\u202E\u009B]/);
        expect(lines(r.stderr)).toHaveLength(1);
      });
    });

    it.each([
      ['U+202E', 'ok-\u202Eevil'],
      ['U+009B', 'ok-\u009B31m'],
    ])('(b) the same through --request-id (%s) → exit 2, no raw control in the sentence', async (_n, id) => {
      await withHostileServer(() => ({ body: completedBody('x') }), async (s) => {
        const r = await run(s.url, ['--request-id', id]);
        expect(r.code, why(r)).toBe(2);
        expect(r.stderr).not.toMatch(/[\u202E\u009B]/);
      });
    });

    it('(d) HTTP 204 → exit 7, and stderr does not call it "refused"', async () => {
      await withHostileServer(() => ({ status: 204 }), async (s) => {
        const r = await run(s.url, ['--request-id', 'a', '--timeout', '4s'], { timeoutMs: RETRIES_MS });
        expect(r.code, why(r)).toBe(7);
        expect(r.stderr).not.toMatch(/refused/i);
      });
    }, 70_000);

    it('(d) HTTP 304 → exit 7, and stderr does not call it a "redirect"', async () => {
      await withHostileServer(() => ({ status: 304 }), async (s) => {
        const r = await run(s.url, ['--request-id', 'a', '--timeout', '4s'], { timeoutMs: RETRIES_MS });
        expect(r.code, why(r)).toBe(7);
        expect(r.stderr).not.toMatch(/redirect/i);
      });
    }, 70_000);
  });
});

describe.concurrent("commander's own errors quote what was typed: never the key", () => {
  const secret = 'sk_live_Secret12345678';
  it.each([
    ['a mistyped flag holding the key (the key in the environment)', ['status', `--api-keyy=${secret}`, 'x'], { UPLOAD_POST_API_KEY: secret }],
    ['a mistyped flag holding a key given nowhere else', ['status', `--apikey=${secret}`, 'x'], {}],
    ['a mistyped flag, its value apart', ['status', '--apikey', secret, 'x'], {}],
    ['the key where the command goes', [secret], { UPLOAD_POST_API_KEY: secret }],
  ])("%s: exit 2, one sentence, no key", async (_name, args, keyEnv) => {
    const r = await runCli(args, { env: keyEnv });
    expect(r.code, why(r)).toBe(2);
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stderr).toMatch(/^upload-post: (unknown option|unknown command|too many arguments)[^\n]*\n(|.*did you mean.*\n)$/);
  });
});
