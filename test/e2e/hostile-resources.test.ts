// Hardening: bounded time and memory whatever the server or the ID list holds
// (huge or endless bodies, gzip bombs, endless stdin, 130,000 IDs), verdicts
// that survive a closed or full stdout/stderr, SIGHUP, the live view of 5,000
// IDs, and the simulator's memory under 30,000 distinct IDs. The CLI's peak
// RSS comes from a preloaded probe (test/helpers/rss-probe.mjs);
// a watchdog kills any child past 1.5 GB so a failing run cannot sink the machine.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, lines, expectNoStack } from '../helpers/cli.js';
import { byteStream, completedBody, gzipBomb, statusBody, withHostileServer, type SeenRequest } from '../helpers/hostile-server.js';
import { describeRun, runCliProbed, vmRssMb } from '../helpers/probe.js';
import { handlersIn } from '../helpers/signals.js';

const KEY = 'hostile-test-key-123456';
const env = { UPLOAD_POST_API_KEY: KEY };
/** Peak RSS the CLI may reach on any hostile input (Node's baseline is ~50 MB). */
const RSS_LIMIT_MB = 250;

const dir = mkdtempSync(join(tmpdir(), 'up-hostile-res-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A file of `count` IDs, one a line. */
function idFile(name: string, count: number, prefix = 'id-'): string {
  const p = join(dir, name);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`${prefix}${i}`);
  writeFileSync(p, parts.join('\n') + '\n');
  return p;
}

/** A big file written in chunks (never the whole text in memory here); `chunk(i)` makes the i-th. */
async function bigFile(name: string, bytes: number, chunk: (i: number) => Buffer): Promise<string> {
  const p = join(dir, name);
  const out = createWriteStream(p);
  for (let done = 0, i = 0; done < bytes; i++) {
    const c = chunk(i);
    done += c.length;
    if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  return p;
}

const unauthorized = () => ({ status: 401, body: '{"success":false,"message":"Invalid or expired token"}' });

describe.concurrent('hostile resources', () => {
  // ---- 4. a huge ID list against a server that says 401 ----------------------------

  describe.concurrent('4. --ids-from with a huge list, every answer 401', () => {
    // ~1.5 s on an idle machine (bench/results.md); the bound only tells an end from a hang.
    it.each([130_000, 300_000])('%i IDs → exit 4 (in under 30 s), a handful of requests, no stack trace', async (n) => {
      const f = idFile(`ids-${n}.txt`, n);
      await withHostileServer(unauthorized, async (s) => {
        const r = await runCli(['status', '--base-url', s.url, '--ids-from', f], { env, timeoutMs: 40_000 });
        expect(r.code, describeRun(r)).toBe(4);
        expect(r.ms).toBeLessThan(30_000);
        expect(s.requests.length).toBeGreaterThanOrEqual(1);
        expect(s.requests.length).toBeLessThanOrEqual(4);
        expectNoStack(r);
      });
    });
  });

  describe.concurrent('5. (controls) what is not oversized is still read', () => {
    it('a normal body sent gzip-encoded → exit 0, one request', async () => {
      await withHostileServer(() => ({ body: completedBody('gz'), gzip: true }), async (s) => {
        const r = await runCli(['status', '--base-url', s.url, '--request-id', 'gz', '--json'], { env });
        expect(r.code, describeRun(r)).toBe(0);
        expect(s.count('gz')).toBe(1);
      });
    });
  });

  // ---- 6. endless or huge ID lists ----------------------------------------------------

  describe.concurrent('6. --ids-from input that never ends or is far too big', () => {
    it('stdin is /dev/zero → exit 2 within a few seconds, one sentence, RSS bounded, no request', async () => {
      await withHostileServer(() => ({ body: completedBody('x') }), async (s) => {
        const zero = openSync('/dev/zero', 'r');
        try {
          const r = await runCliProbed(['status', '--base-url', s.url, '--ids-from', '-'], { env, stdinFd: zero, timeoutMs: 8_000, rssLimitMb: 1_000 });
          expect(r.code, describeRun(r)).toBe(2);
          expect(r.ms).toBeLessThan(5_000);
          expect(lines(r.stderr)).toEqual(['upload-post: --ids-from: stdin holds binary data (NUL bytes), not a list of IDs one a line']);
          expect(r.peakRssMb, describeRun(r)).toBeLessThan(RSS_LIMIT_MB);
          expect(s.requests).toHaveLength(0);
        } finally {
          closeSync(zero);
        }
      });
    });

    it('a file whose single line is 10 MB long → exit 2, a short sentence, no request', async () => {
      const f = await bigFile('long-line.txt', 10 * 1024 * 1024, () => Buffer.alloc(1024 * 1024, 0x61));
      await withHostileServer(() => ({ body: completedBody('x') }), async (s) => {
        const r = await runCliProbed(['status', '--base-url', s.url, '--ids-from', f], { env, timeoutMs: 15_000 });
        expect(r.code, describeRun(r)).toBe(2);
        expect(lines(r.stderr)).toHaveLength(1);
        expect(r.stderr.length).toBeLessThan(1_000);
        expect(s.requests).toHaveLength(0);
      });
    });

    it('a 100 MB file of IDs → exit 2 without reading it all (< 10 s), no request', async () => {
      // Well-formed IDs (100,000 distinct ones, repeated): only the size is wrong.
      const chunk = Buffer.from(Array.from({ length: 100_000 }, (_, j) => `id-${j}`).join('\n') + '\n');
      const f = await bigFile('huge-list.txt', 100 * 1024 * 1024, () => chunk);
      await withHostileServer(() => ({ body: completedBody('x') }), async (s) => {
        const r = await runCliProbed(['status', '--base-url', s.url, '--ids-from', f], { env, timeoutMs: 20_000 });
        expect(r.code, describeRun(r)).toBe(2);
        expect(r.ms).toBeLessThan(10_000);
        expect(s.requests).toHaveLength(0);
        expectNoStack(r);
      });
    }, 60_000);
  });

  // ---- 7. the verdict survives stdout/stderr trouble --------------------------------

  describe.concurrent('7. the exit code stays the verdict', () => {
    it('(a) `… --watch --json … | head -1` under pipefail: every ID failed → the pipeline exits 1, not 0', async () => {
      const script = (req: SeenRequest) => ({
        body: statusBody(req.id ?? '?', req.id !== 'a' && req.n === 1 ? 'processing' : 'failed', [{ platform: 'x', success: false, message: 'no' }]),
      });
      await withHostileServer(script, async (s) => {
        const cmd = '"$NODE" "$BIN" status --base-url "$URL" --watch --json --interval 2 --request-id a --request-id b --request-id c | head -1';
        const child = spawn('bash', ['-o', 'pipefail', '-c', cmd], { env: cleanEnv({ ...env, NODE: process.execPath, BIN, URL: s.url }) });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
        clearTimeout(killer);
        expect(lines(stdout)).toHaveLength(1);
        expect(JSON.parse(stdout)).toMatchObject({ request_id: 'a', status: 'failed' });
        expect(code, `stderr=${stderr.slice(0, 300)}`).toBe(1);
      });
    });

    it('(b) --json > /dev/full: stderr says stdout could not be written, a non-zero exit (74), no stack trace', async () => {
      await withHostileServer(() => ({ body: completedBody('a') }), async (s) => {
        const full = openSync('/dev/full', 'w');
        try {
          const r = await runCli(['status', '--base-url', s.url, '--request-id', 'a', '--json'], { env, stdoutFd: full, timeoutMs: 15_000 });
          expect(r.code, describeRun(r)).not.toBe(0);
          expect(r.code, describeRun(r)).not.toBeNull();
          expect(r.stderr).toMatch(/stdout|write|No space/i);
          expectNoStack(r);
          expect(r.code, describeRun(r)).toBe(74);
        } finally {
          closeSync(full);
        }
      });
    });

    it('> /dev/full when nothing was to be written there: --quiet keeps its own exit (1), a usage error its 2; --version says it lost its line (74)', async () => {
      const body = statusBody('f', 'failed', [{ platform: 'x', success: false, message: 'no' }]);
      await withHostileServer(() => ({ body }), async (s) => {
        const full = openSync('/dev/full', 'w');
        try {
          const quiet = await runCli(['status', '--base-url', s.url, '--request-id', 'f', '--quiet'], { env, stdoutFd: full, timeoutMs: 15_000 });
          expect(quiet.code, describeRun(quiet)).toBe(1);
          expect(quiet.stderr).not.toMatch(/stdout/);
          const usage = await runCli(['status'], { env, stdoutFd: full, timeoutMs: 15_000 });
          expect(usage.code, describeRun(usage)).toBe(2);
          expect(usage.stderr).not.toMatch(/stdout/);
          const version = await runCli(['--version'], { env, stdoutFd: full, timeoutMs: 15_000 });
          expect(version.code, describeRun(version)).toBe(74);
          expect(version.stderr).toBe('upload-post: could not write to stdout (ENOSPC); what it should have shown is lost\n');
        } finally {
          closeSync(full);
        }
      });
    });

    it('(c) 2>/dev/full with a failed ID (and --verbose, so stderr is written) → still exit 1', async () => {
      const body = statusBody('f', 'failed', [{ platform: 'x', success: false, message: 'no' }]);
      await withHostileServer(() => ({ body }), async (s) => {
        const full = openSync('/dev/full', 'w');
        try {
          const r = await runCli(['status', '--base-url', s.url, '--request-id', 'f', '--json', '--verbose'], { env, stderrFd: full, timeoutMs: 15_000 });
          expect(r.code, describeRun(r)).toBe(1);
          expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'f', status: 'failed' });
        } finally {
          closeSync(full);
        }
      });
    });

    it('(c) 2>/dev/full, plain output, a failed ID → still exit 1', async () => {
      const body = statusBody('f', 'failed', [{ platform: 'x', success: false, message: 'no' }]);
      await withHostileServer(() => ({ body }), async (s) => {
        const full = openSync('/dev/full', 'w');
        try {
          const r = await runCli(['status', '--base-url', s.url, '--request-id', 'f', '--watch', '--verbose'], { env, stderrFd: full, timeoutMs: 15_000 });
          expect(r.code, describeRun(r)).toBe(1);
        } finally {
          closeSync(full);
        }
      });
    });
  });

  // ---- 17. (e) SIGHUP --------------------------------------------------------------

  describe.concurrent('17. (e) SIGHUP', () => {
    it('during --watch --json of a completed and a processing ID: both lines written (the last body for the open one), exit 129', async () => {
      const script = (req: SeenRequest) => ({ body: req.id === 'done' ? completedBody('done') : statusBody('live', 'processing', [{ platform: 'x', message: 'working' }]) });
      await withHostileServer(script, async (s) => {
        let pid = 0;
        const p = runCli(['status', '--base-url', s.url, '--request-id', 'done', '--request-id', 'live', '--watch', '--json'], { env, timeoutMs: 15_000, onSpawn: (n) => (pid = n) });
        for (let i = 0; i < 500 && (s.count('done') < 1 || s.count('live') < 1); i++) await sleep(10);
        await sleep(500);
        process.kill(pid, 'SIGHUP');
        const r = await p;
        expect(r.code, describeRun(r)).toBe(129);
        const out = lines(r.stdout).map((l) => JSON.parse(l));
        expect(out).toHaveLength(2);
        expect(out).toContainEqual(expect.objectContaining({ request_id: 'done', status: 'completed' }));
        expect(out).toContainEqual(expect.objectContaining({ request_id: 'live', status: 'processing' }));
      });
    });
  });
});

// The response-size tests run one at a time, after the rest of the file: how far
// an unbounded reader gets in a few seconds depends on the CPU it is given.
describe.sequential('hostile resources: response size', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gzipBomb();
  }, 60_000);

  // ---- 5. response size ------------------------------------------------------------

  describe.sequential('5. oversized responses are unreadable, and memory stays bounded', () => {
    it('(a) a 50 MB JSON body (streamed, valid), then a normal one → retried, exit 0, peak RSS < 250 MB', async () => {
      const huge = byteStream(50 * 1024 * 1024, 0x78, '{"request_id":"big","status":"completed","completed":1,"total":1,"results":[{"platform":"x","success":true,"message":"ok"}],"message":"', '"}');
      await withHostileServer((req) => (req.n === 1 ? { body: huge } : { body: completedBody('big') }), async (s) => {
        const r = await runCliProbed(['status', '--base-url', s.url, '--request-id', 'big', '--json'], { env, timeoutMs: 15_000 });
        expect.soft(r.code, describeRun(r)).toBe(0);
        expect.soft(s.count('big'), `requests; ${describeRun(r)}`).toBeGreaterThanOrEqual(2);
        expect.soft(r.stdout.length, 'the line is the small body').toBeLessThan(10_000);
        expect.soft(r.peakRssMb, describeRun(r)).toBeLessThan(RSS_LIMIT_MB);
      });
    });

    it('(b) a gzip bomb (1 MB → 1 GiB, content-encoding: gzip), then a normal body → retried, exit 0 well under 10 s, peak RSS < 250 MB', async () => {
      await withHostileServer(
        (req) => (req.n === 1 ? { body: bomb, headers: { 'content-encoding': 'gzip' } } : { body: completedBody('bomb') }),
        async (s) => {
          const r = await runCliProbed(['status', '--base-url', s.url, '--request-id', 'bomb', '--json'], { env, timeoutMs: 12_000 });
          expect.soft(r.code, describeRun(r)).toBe(0);
          expect.soft(s.count('bomb'), `requests; ${describeRun(r)}`).toBeGreaterThanOrEqual(2);
          expect.soft(r.ms, describeRun(r)).toBeLessThan(8_000);
          expect.soft(r.peakRssMb, describeRun(r)).toBeLessThan(RSS_LIMIT_MB);
          expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'bomb', status: 'completed' });
        },
      );
    });

    it('(c) the bomb on every request, --watch --timeout 4s --json → exit 5 (or 7), one error-object line, RSS bounded', async () => {
      const timeout = '4s';
      await withHostileServer(
        () => ({ body: bomb, headers: { 'content-encoding': 'gzip' } }),
        async (s) => {
          const r = await runCliProbed(['status', '--base-url', s.url, '--request-id', 'bomb', '--watch', '--timeout', timeout, '--json'], { env, timeoutMs: 12_000 });
          expect([5, 7], describeRun(r)).toContain(r.code);
          expect(lines(r.stdout)).toHaveLength(1);
          expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'bomb', status: 'error' });
          expect(r.peakRssMb, describeRun(r)).toBeLessThan(RSS_LIMIT_MB);
        },
      );
    });
  });
});

// Measured one at a time, after the rest of this file: they judge CPU and memory.
describe.sequential('hostile resources, measured alone', () => {
  // ---- 16. the simulator under 30,000 distinct IDs -------------------------------------

  describe.sequential('16. `upload-post simulate` memory under many distinct IDs', () => {
    it('30,000 requests for distinct ok-<n> IDs (keep-alive, 32 in parallel): VmRSS grows by less than 100 MB', async () => {
      // A rate limit high enough that every request reaches the upload store.
      const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--quiet', '--rate-limit', '1000000/60s'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        for (let i = 0; i < 500 && !out.includes('\n'); i++) await sleep(10);
        const base = out.trim().replace('listening on ', '');
        const agent = new Agent({ keepAlive: true, maxSockets: 32 });
        const get = (id: string) =>
          new Promise<void>((resolve, reject) => {
            const req = request(`${base}/uploadposts/status?request_id=${id}`, { agent, headers: { authorization: 'Apikey k' } }, (res) => {
              res.resume();
              res.on('end', () => resolve());
            });
            req.on('error', reject);
            req.end();
          });
        const drive = async (from: number, to: number) => {
          let next = from;
          await Promise.all(
            Array.from({ length: 32 }, async () => {
              while (next < to) await get(`ok-${next++}`);
            }),
          );
        };
        await drive(0, 1_000); // warm up: code paths compiled, buffers grown
        await sleep(200);
        const before = (await vmRssMb(child.pid!))!;
        await drive(1_000, 31_000);
        await sleep(200);
        const after = (await vmRssMb(child.pid!))!;
        agent.destroy();
        expect(after - before, `VmRSS ${Math.round(before)} MB → ${Math.round(after)} MB`).toBeLessThan(100);
      } finally {
        child.kill('SIGTERM');
      }
    }, 60_000);
  });

  // ---- 15. the live view of 5,000 IDs ---------------------------------------------------

  describe.sequential('15. the live terminal view of 5,000 IDs', () => {
    // The live view must cost about what the plain log costs: a frame is built
    // from the visible rows only, at most ten times a second (plus the 1 s tick).
    // Those are the properties checked here, from the bytes the pty received,
    // because they hold on a loaded machine; the CPU time beside a pipe run is
    // measured by `npm run bench` (bench/live.js), not in a timed test.
    it('in a real pty: every frame fits the screen, at most ~11 frames a second, and the pacing of a pipe run', async () => {
      const ids = idFile('five-thousand.txt', 5_000, 'proc-');
      const processing = (req: SeenRequest) => ({ body: statusBody(req.id ?? '?', 'processing', [{ platform: 'x', message: 'working' }]) });
      const args = ['status', '--ids-from', ids, '--watch', '--timeout', '8s'];
      const [COLS, ROWS] = [100, 30];

      // The same command in a pipe: how many requests the pacing allows in 8 s.
      const plainRequests = await withHostileServer(processing, async (s) => {
        const r = await runCli([...args, '--base-url', s.url], { env, timeoutMs: 30_000 });
        expect(r.code, describeRun(r)).toBe(5);
        return s.requests.length;
      });

      await withHostileServer(processing, async (s) => {
        const term = pty.spawn(process.execPath, [BIN, ...args, '--base-url', s.url], {
          name: 'xterm-256color',
          cols: COLS,
          rows: ROWS,
          env: cleanEnv({ ...env, TERM: 'xterm-256color' }) as Record<string, string>,
        });
        let out = '';
        term.onData((d) => (out += d));
        const started = Date.now();
        const killer = setTimeout(() => term.kill('SIGKILL'), 40_000);
        const exit = await new Promise<{ exitCode: number }>((r) => term.onExit((e) => r(e)));
        clearTimeout(killer);
        const wallS = (Date.now() - started) / 1000;
        expect(exit.exitCode, `pty exit; ${out.length} characters written`).toBe(5);

        // ora wraps each redraw in a synchronized-output block (DEC mode 2026).
        const frames = [...out.matchAll(/\u001b\[\?2026h([\s\S]*?)\u001b\[\?2026l/g)].map((m) => m[1]!);
        const seen = `${frames.length} frames in ${wallS.toFixed(1)} s, ${out.length} characters; ${s.requests.length} requests (pipe: ${plainRequests})`;
        expect(frames.length, seen).toBeGreaterThanOrEqual(5);
        expect(frames.length, seen).toBeLessThanOrEqual(Math.ceil(wallS * 11) + 2);
        for (const frame of frames) {
          const rows = frame.split('\n').map((l) => l.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ''));
          expect(rows.length, seen).toBeLessThanOrEqual(ROWS);
          for (const row of rows) expect([...row].length, `a row wider than the screen: ${JSON.stringify(row)}`).toBeLessThanOrEqual(COLS);
          // colour codes included, a frame is a screenful, not a list of 5,000 IDs
          expect(frame.length, seen).toBeLessThan(ROWS * COLS * 4);
        }
        expect(s.requests.length / plainRequests, seen).toBeGreaterThanOrEqual(0.7);
      });
    }, 90_000);
  });
});

describe.concurrent('a signal while --ids-from is still being read', () => {
  it('stdin left open (a producer that stalls): SIGINT ends it at once with 130, every ID read reported, one sentence on the input', async () => {
    await withHostileServer(() => ({ body: completedBody('x') }), async (s) => {
      let pid = 0;
      const child = spawn(process.execPath, [BIN, 'status', '--base-url', s.url, '--ids-from', '-', '--json'], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
      pid = child.pid!;
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.write('id-1\nid-2\n'); // and never ends
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
      await handlersIn(pid); // they go in just before the read
      await sleep(200);
      const sent = Date.now();
      process.kill(pid, 'SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const r = await ended;
      clearTimeout(killer);
      expect(r.code, stderr).toBe(130);
      expect(Date.now() - sent).toBeLessThan(5_000);
      expect(stderr).toContain('upload-post: --ids-from: stdin was still open when the watch ended; 2 IDs read, any after them not checked\n');
      expect(lines(stdout).map((l) => (JSON.parse(l) as { request_id: string }).request_id)).toEqual(['id-1', 'id-2']);
    });
  });

  it('a FIFO nobody opens for writing: SIGTERM ends it at once with 143 (the open waiting in the thread pool cannot hold the exit)', async () => {
    const fifo = join(dir, 'never-written.fifo');
    spawnSync('mkfifo', [fifo]);
    const child = spawn(process.execPath, [BIN, 'status', '--ids-from', fifo, '--api-key', 'k-12345678', '--base-url', 'http://127.0.0.1:9/api'], { env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const ended = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await handlersIn(child.pid!);
    await sleep(200);
    const sent = Date.now();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await ended;
    clearTimeout(killer);
    expect(code, stderr).toBe(143);
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(stderr).toBe(`upload-post: --ids-from: ${fifo} was still open when the watch ended; 0 IDs read, any after them not checked\n`);
  });
});
