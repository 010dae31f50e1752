// Hardening: bodies a broken or hostile server can send — deep nesting, values
// of the wrong type, huge tables, results keyed by platform, echoed keys,
// line separators — against the built CLI (black box, a scripted loopback
// server). Each must end by the verdict with no crash and no stack trace.
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult, lines, why, expectNoStack } from '../helpers/cli.js';
import { completedBody, deepArray, manyPlatforms, statusBody, withHostileServer, type Reply, type SeenRequest } from '../helpers/hostile-server.js';

const KEY = 'hostile-test-key-123456';
const env = { UPLOAD_POST_API_KEY: KEY };

function status(url: string, ids: string[], extra: string[] = [], timeoutMs = 30_000): Promise<CliResult> {
  return runCli(['status', '--base-url', url, ...ids.flatMap((i) => ['--request-id', i]), ...extra], { env, timeoutMs });
}


/** The reply for each ID from a table; anything else is a 404 not_found body. */
function byId(bodies: Record<string, string | ((req: SeenRequest) => Reply)>): (req: SeenRequest) => Reply {
  return (req) => {
    const b = req.id !== null ? bodies[req.id] : undefined;
    if (typeof b === 'function') return b(req);
    if (typeof b === 'string') return { body: b };
    return { status: 404, body: JSON.stringify({ request_id: req.id, status: 'not_found', message: 'No upload request found with this ID' }) };
  };
}

/** Exactly one JSON line per ID, each naming its ID at the top (the raw body or an error object). */
function expectOneLinePerId(stdout: string, ids: string[]): string[] {
  const out = lines(stdout);
  expect(out, stdout.slice(0, 500)).toHaveLength(ids.length);
  for (const id of ids) expect(out.filter((l) => l.startsWith(`{"request_id":${JSON.stringify(id)},`)), `one line for ${id}`).toHaveLength(1);
  return out;
}

// One concurrent suite around the numbered groups, so that they overlap in time.
describe.concurrent('hostile bodies', () => {
  // ---- 1. deep nesting --------------------------------------------------------

  type DeepWhere = 'message' | 'status' | 'platform' | 'extra field';

  function deepBody(id: string, where: DeepWhere, depth: number): string {
    const deep = deepArray(depth);
    const status = where === 'status' ? deep : '"completed"';
    const platform = where === 'platform' ? deep : '"x"';
    const message = where === 'message' ? deep : '"ok"';
    const extra = where === 'extra field' ? `,"extra":${deep}` : '';
    return `{"request_id":${JSON.stringify(id)},"status":${status},"completed":1,"total":1,"results":[{"platform":${platform},"success":true,"message":${message}}]${extra}}`;
  }

  const DEEP_CASES: [DeepWhere, number][] = (['message', 'status', 'platform', 'extra field'] as DeepWhere[]).flatMap((w) => [
    [w, 5_000] as [DeepWhere, number],
    [w, 100_000] as [DeepWhere, number],
  ]);

  describe.concurrent('1. deep nesting in a body (next to a normal completed ID)', () => {
    // A status that is not a string is no status body (item 2): unreadable,
    // retried until the 4 s --timeout, and faults that persist past the
    // timeout are an error (exit 7); everywhere else the body is completed.
    const expected = (where: DeepWhere): number => (where === 'status' ? 7 : 0);

    it.each(DEEP_CASES)('--watch --json: nested in %s, %i deep → exit by verdict, one JSON line per ID, no stack trace', async (where, depth) => {
      await withHostileServer(byId({ deep: deepBody('deep', where, depth), fine: completedBody('fine') }), async (s) => {
        const r = await status(s.url, ['deep', 'fine'], ['--watch', '--json', '--interval', '2', '--timeout', '4s']);
        expect(r.code, why(r)).toBe(expected(where));
        expectNoStack(r);
        const out = expectOneLinePerId(r.stdout, ['deep', 'fine']);
        expect(JSON.parse(out.find((l) => l.includes('"fine"'))!)).toMatchObject({ request_id: 'fine', status: 'completed' });
        if (where === 'status') expect(JSON.parse(out.find((l) => l.includes('"deep"'))!)).toMatchObject({ request_id: 'deep', status: 'error' });
      });
    });

    it.each(DEEP_CASES)('plain output (a pipe), --watch: nested in %s, %i deep → no crash, exit by verdict', async (where, depth) => {
      await withHostileServer(byId({ deep: deepBody('deep', where, depth), fine: completedBody('fine') }), async (s) => {
        const r = await status(s.url, ['deep', 'fine'], ['--watch', '--interval', '2', '--timeout', '4s']);
        expect(r.code, why(r)).toBe(expected(where));
        expectNoStack(r);
        expect(r.stdout).toMatch(/^2 uploads: /m);
      });
    });
  });

  // ---- 2. values of the wrong type ------------------------------------------

  /** JSON texts that are not strings, several of which break String(x). */
  const ODD_VALUES = ['{"toString":1}', '{"toString":{}}', '{"valueOf":1,"toString":1}', '42', '[1,2]', 'null', 'true'];

  const MODES: [string, string[]][] = [
    ['one-shot --json', ['--json']],
    ['one-shot plain', []],
    ['--watch --json', ['--watch', '--json', '--interval', '2', '--timeout', '8s']],
    ['--watch plain', ['--watch', '--interval', '2', '--timeout', '8s']],
  ];

  function oddBodies(v: string): Record<string, string> {
    return {
      // as a platform's message
      m: `{"request_id":"m","status":"completed","completed":1,"total":1,"results":[{"platform":"x","success":true,"message":${v}}]}`,
      // as the platform's name
      p: `{"request_id":"p","status":"completed","completed":1,"total":1,"results":[{"platform":${v},"success":true,"message":"ok"}]}`,
      // as the top-level message
      t: `{"request_id":"t","status":"completed","completed":1,"total":1,"message":${v},"results":[{"platform":"x","success":true,"message":"ok"}]}`,
    };
  }

  describe.concurrent('2. a message or platform that is not a string', () => {
    it.each(ODD_VALUES.flatMap((v) => MODES.map(([name, flags]) => [v, name, flags] as const)))(
      '%s as platform message, as platform and as top-level message (%s) → exit 0, no crash',
      async (v, mode, flags) => {
        await withHostileServer(byId(oddBodies(v)), async (s) => {
          const r = await status(s.url, ['m', 'p', 't'], flags);
          expect(r.code, why(r)).toBe(0);
          expectNoStack(r);
          if (mode.includes('--json')) expectOneLinePerId(r.stdout, ['m', 'p', 't']);
          else expect(r.stdout).toMatch(/^3 uploads: 3 completed$/m);
        });
      },
    );

    // The top-level message is shown for a failed ID only (the final view is the same with --watch).
    it.each(ODD_VALUES)(
      '%s as the top-level message and error_message of a failed body (one-shot plain) → exit 1, no crash',
      async (v) => {
        const body = `{"request_id":"f","status":"failed","completed":0,"total":1,"message":${v},"results":[{"platform":"x","success":false,"error_message":${v},"message":${v}}]}`;
        await withHostileServer(byId({ f: body }), async (s) => {
          const r = await status(s.url, ['f']);
          expect(r.code, why(r)).toBe(1);
          expectNoStack(r);
          expect(r.stdout).toMatch(/^1 upload: 1 failed$/m);
        });
      },
    );

    it.each(['42', '{"toString":1}', '["completed"]'])(
      'a top-level status that is not a string (%s) is no status body: --watch --timeout 3s --json → exit 7 (unreadable past the timeout) and the error object',
      async (v) => {
        const body = `{"request_id":"s","status":${v},"completed":1,"total":1,"results":[{"platform":"x","success":true,"message":"ok"}]}`;
        await withHostileServer(byId({ s: body }), async (s) => {
          const r = await status(s.url, ['s'], ['--watch', '--json', '--timeout', '3s']);
          expect(r.code, why(r)).toBe(7);
          expectNoStack(r);
          const out = lines(r.stdout);
          expect(out).toHaveLength(1);
          expect(JSON.parse(out[0]!)).toMatchObject({ request_id: 's', status: 'error' });
          expect(s.count('s')).toBeGreaterThanOrEqual(2); // retried, as an unreadable answer
        });
      },
    );
  });

  // ---- 3. huge tables ---------------------------------------------------------

  describe.concurrent('3. a body with tens of thousands of platforms', () => {
    // The whole run takes 0.3–0.6 s on an idle machine (bench/results.md); an
    // unbounded table took 6 s for 20,000 rows and minutes for 100,000.
    it.each([20_000, 100_000])('%i platforms, plain output in a pipe: a capped view ("… and N more"), in under 15 s, exit 0', async (n) => {
      const body = manyPlatforms('huge', 'completed', n);
      await withHostileServer(() => ({ body }), async (s) => {
        const r = await status(s.url, ['huge'], [], 25_000);
        expect(r.code, why(r)).toBe(0);
        expectNoStack(r);
        expect(r.ms).toBeLessThan(15_000);
        expect(lines(r.stdout).length).toBeLessThan(500);
        expect(r.stdout).toMatch(/… and \d+ more/);
      });
    });

    it.each([20_000, 100_000])('%i platforms with --json: the whole body, every result', async (n) => {
      const body = manyPlatforms('huge', 'completed', n);
      await withHostileServer(() => ({ body }), async (s) => {
        const r = await status(s.url, ['huge'], ['--json'], 30_000);
        expect(r.code, why(r)).toBe(0);
        expectNoStack(r);
        const out = lines(r.stdout);
        expect(out).toHaveLength(1);
        expect(JSON.parse(out[0]!).results).toHaveLength(n);
      });
    });

    // An unbounded table kept this run going for 18 s.
    it('20,000 platforms processing, --watch --timeout 3s → exit 5 in under 10 s', async () => {
      const body = manyPlatforms('huge', 'processing', 20_000, false);
      await withHostileServer(() => ({ body }), async (s) => {
        const r = await status(s.url, ['huge'], ['--watch', '--timeout', '3s'], 20_000);
        expect(r.code, why(r)).toBe(5);
        expectNoStack(r);
        expect(r.ms).toBeLessThan(10_000);
      });
    });

    // ~0.2–0.7 s on an idle machine (reading a 6 MB body is the longest step that
    // cannot be interrupted); an unbounded table ignored SIGTERM for over a minute.
    it('SIGTERM 1 s into a --watch of 100,000 platforms processing → exit 143 within 10 s of the signal', async () => {
      const body = manyPlatforms('huge', 'processing', 100_000, false);
      await withHostileServer(() => ({ body }), async (s) => {
        let pid = 0;
        const p = runCli(['status', '--base-url', s.url, '--request-id', 'huge', '--watch', '--interval', '3'], { env, timeoutMs: 25_000, onSpawn: (n) => (pid = n) });
        // 1 s after the first request: the CLI has the 5 MB body in hand.
        for (let i = 0; i < 500 && s.count('huge') < 1; i++) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, 1_000));
        const sent = Date.now();
        process.kill(pid, 'SIGTERM');
        const r = await p;
        const took = Date.now() - sent;
        expect(r.code, why(r)).toBe(143);
        expectNoStack(r);
        expect(took).toBeLessThan(10_000);
      });
    });

    it.each([
      ['one-shot', []],
      ['--watch', ['--watch', '--timeout', '10s']],
    ])('300,000 platforms, plain output (%s): no stack overflow; final rows without a result exit 1', async (_mode, flags) => {
      // Entries with a name only (~6.5 MB): under the 8 MiB answer ceiling, so
      // all 300,000 reach the views, which must show a capped table. A final
      // body whose rows say nothing has no result on any of them.
      const results = Array.from({ length: 300_000 }, (_, i) => `{"platform":"p${i}"}`).join(',');
      const body = `{"request_id":"huge","status":"completed","results":[${results}]}`;
      expect(body.length).toBeLessThan(8 * 1024 * 1024);
      await withHostileServer(() => ({ body }), async (s) => {
        const r = await status(s.url, ['huge'], flags as string[], 20_000);
        expect(/Maximum call stack/.test(r.stderr), why(r)).toBe(false);
        expect(r.code, why(r)).toBe(1);
        expectNoStack(r);
        expect(r.stdout).toContain('… and 299950 more platforms');
        expect(r.stdout).toContain('no result for 300000 of 300000 platforms — check the upload history before posting again');
      });
    });

    it('11 MB of platforms is over the answer ceiling: unreadable, named, retried until the --timeout → exit 7', async () => {
      const body = manyPlatforms('huge', 'completed', 300_000, true, true);
      expect(body.length).toBeGreaterThan(8 * 1024 * 1024);
      await withHostileServer(() => ({ body }), async (s) => {
        // The first retry waits up to 2 s (full jitter) after an 11 MB answer: 6 s leave room for it on a slow machine.
        const r = await status(s.url, ['huge'], ['--watch', '--timeout', '6s'], 20_000);
        expect(r.code, why(r)).toBe(7);
        expectNoStack(r);
        expect(r.stderr).toMatch(/the answer is larger than 8 MiB/);
        expect(s.count('huge')).toBeGreaterThanOrEqual(2);
      });
    });
  });

  // ---- 9. results keyed by platform, entries without a platform ----------------

  describe.concurrent('9. results in other shapes', () => {
    const keyed = '{"request_id":"k","status":"completed","results":{"tiktok":{"success":false,"error_message":"bad"},"x":{"success":true}}}';

    it('results as an object keyed by platform, one failed → exit 1, and the plain output names tiktok', async () => {
      await withHostileServer(byId({ k: keyed }), async (s) => {
        const r = await status(s.url, ['k']);
        expect(r.code, why(r)).toBe(1);
        expectNoStack(r);
        expect(r.stdout).toMatch(/tiktok/);
        expect(r.stdout).toMatch(/bad/);
      });
    });

    it('the same with --watch --json → exit 1, the body passed through as received', async () => {
      await withHostileServer(byId({ k: keyed }), async (s) => {
        const r = await status(s.url, ['k'], ['--watch', '--json', '--timeout', '5s']);
        expect(r.code, why(r)).toBe(1);
        expect(JSON.parse(r.stdout)).toEqual(JSON.parse(keyed));
      });
    });

    it('a result entry without a platform string ([{"success":false}], completed) counts as a failed unknown platform → exit 1', async () => {
      const body = '{"request_id":"u","status":"completed","completed":0,"total":1,"results":[{"success":false}]}';
      await withHostileServer(byId({ u: body }), async (s) => {
        const r = await status(s.url, ['u']);
        expect(r.code, why(r)).toBe(1);
        expectNoStack(r);
      });
    });

    it('a result entry whose platform is a number, success false → exit 1 (not dropped)', async () => {
      const body = '{"request_id":"u","status":"completed","completed":1,"total":2,"results":[{"platform":"x","success":true},{"platform":7,"success":false}]}';
      await withHostileServer(byId({ u: body }), async (s) => {
        const r = await status(s.url, ['u'], ['--json']);
        expect(r.code, why(r)).toBe(1);
      });
    });
  });

  // ---- 13. the server echoes the key ------------------------------------------

  describe.concurrent('13. a server that echoes the API key in its text', () => {
    const echo = {
      // completed: the key in a platform message and the top-level message
      a: statusBody('a', 'completed', [{ platform: 'x', success: true, message: `your key Apikey ${KEY} is bad` }], { message: `key ${KEY} seen` }),
      // failed: the key in the top-level message (printed for a failed ID) and the reason
      b: statusBody('b', 'failed', [{ platform: 'tiktok', success: false, error_message: `rejected Apikey ${KEY}`, message: `rejected ${KEY}` }], { message: `Apikey ${KEY} failed` }),
    };

    it.each([
      ['one-shot plain', []],
      ['--watch plain', ['--watch', '--timeout', '5s']],
      ['--watch plain --verbose', ['--watch', '--timeout', '5s', '--verbose']],
    ])('%s: the key appears nowhere in stdout or stderr', async (_m, flags) => {
      await withHostileServer(byId(echo), async (s) => {
        const r = await status(s.url, ['a', 'b'], flags as string[]);
        expect(r.code, why(r)).toBe(1);
        expect(r.stdout).not.toContain(KEY);
        expect(r.stderr).not.toContain(KEY);
        expect(r.stdout).toMatch(/tiktok/); // the rows are still shown
      });
    });
  });

  // ---- 17. line separators, a BOM --------------------------------------------

  describe.concurrent('17. small things', () => {
    const seps = {
      l: statusBody('l', 'completed', [{ platform: 'x\u2028y', success: true, message: 'one\u2028two\u2029three' }]),
      f: statusBody('f', 'failed', [{ platform: 'tiktok', success: false, error_message: 'a\u2029b' }], { message: 'stale\u2028for an hour' }),
    };

    it.each([
      ['one-shot', []],
      ['--watch', ['--watch', '--timeout', '5s']],
    ])('(a) U+2028 / U+2029 in server text never reach stdout in plain mode (%s)', async (_m, flags) => {
      await withHostileServer(byId(seps), async (s) => {
        const r = await status(s.url, ['l', 'f'], flags as string[]);
        expect(r.code, why(r)).toBe(1);
        expect(r.stdout).toMatch(/three/);
        expect(r.stdout).not.toMatch(/[\u2028\u2029]/);
        expect(r.stderr).not.toMatch(/[\u2028\u2029]/);
      });
    });

    it('(c) a JSON body that starts with a UTF-8 BOM is accepted → exit by verdict (0), one request', async () => {
      const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(completedBody('bom'))]);
      await withHostileServer(() => ({ body }), async (s) => {
        const r = await status(s.url, ['bom'], ['--watch', '--json', '--timeout', '5s']);
        expect(r.code, why(r)).toBe(0);
        expect(s.count('bom')).toBe(1);
        expect(JSON.parse(r.stdout.replace(/^\uFEFF/, ''))).toMatchObject({ request_id: 'bom', status: 'completed' });
      });
    });

    it('(c) the same BOM body in plain mode → exit 0', async () => {
      const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(completedBody('bom'))]);
      await withHostileServer(() => ({ body }), async (s) => {
        const r = await status(s.url, ['bom'], ['--watch', '--timeout', '5s']);
        expect(r.code, why(r)).toBe(0);
        expect(r.stdout).toMatch(/✔ bom completed/);
      });
    });
  });
});
