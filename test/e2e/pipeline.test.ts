// `producer | upload-post status --ids-from - --watch` with the built CLI
// against the simulator: IDs are watched as the producer writes them, the
// upload endpoints' JSON answers are read as IDs, a bad line or a failed
// upload is reported and the others go on, and a signal mid-stream reports
// every ID read (docs/CONTRACT.md#streaming-input).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, lines, runCli, why } from '../helpers/cli.js';
import { spawnPty } from '../helpers/pty.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'pipeline-key-1234567';
const env = { UPLOAD_POST_API_KEY: KEY };
/** ok- uploads complete at 8 s of scenario time: 2 s at this speed. */
const SPEED = 4;
const COMPLETES_MS = 8_000 / SPEED;

const dir = mkdtempSync(join(tmpdir(), 'up-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Stamped {
  at: number;
  text: string;
}

/** The CLI with its stdin a pipe we write to; every stdout and stderr line stamped as it comes. */
function spawnCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Stamped[] = [];
  const err: Stamped[] = [];
  const collect = (stream: NodeJS.ReadableStream, into: Stamped[]) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop()!;
      for (const text of parts) into.push({ at: Date.now(), text });
    });
  };
  collect(child.stdout!, out);
  collect(child.stderr!, err);
  child.stdin!.on('error', () => {});
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out, err, ended };
}

/** Kills the child if the test outlives this; the bound tells "ends" from "hangs". */
function guard(child: ChildProcess, ms: number): () => void {
  const t = setTimeout(() => child.kill('SIGKILL'), ms);
  return () => clearTimeout(t);
}

const idOf = (line: string): string => {
  const o = JSON.parse(line) as { request_id?: string; job_id?: string };
  return o.request_id ?? o.job_id ?? '?';
};

describe.concurrent('a producer that writes IDs over time', () => {
  it('one ID every 1.5 s for 12 s: the first JSON line comes before the producer ends, each within its pacing of its completion', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const cli = spawnCli(['status', '--ids-from', '-', '--watch', '--json', '--base-url', sim.url]);
      const stop = guard(cli.child, 60_000);
      // The producer is a process of its own, as a script that posts uploads would be.
      const producer = spawn(process.execPath, ['-e', `
        let i = 0;
        const t = setInterval(() => {
          process.stderr.write(Date.now() + ' ok-pipe-' + i + '\\n');
          process.stdout.write('ok-pipe-' + i + '\\n');
          if (++i === 8) { clearInterval(t); setTimeout(() => process.exit(0), 1500); }
        }, 1500);`], { stdio: ['ignore', 'pipe', 'pipe'] });
      producer.stdout.pipe(cli.child.stdin!);
      const written = new Map<string, number>();
      producer.stderr.setEncoding('utf8').on('data', (d: string) => {
        for (const l of lines(d)) written.set(l.split(' ')[1]!, Number(l.split(' ')[0]));
      });
      const producerEnded = new Promise<number>((r) => producer.on('close', () => r(Date.now())));
      const code = await cli.ended;
      stop();
      const producerEnd = await producerEnded;
      expect(code, cli.err.map((l) => l.text).join('\n')).toBe(0);
      expect(cli.out.map((l) => idOf(l.text))).toEqual(Array.from({ length: 8 }, (_, i) => `ok-pipe-${i}`));
      expect(cli.out[0]!.at).toBeLessThan(producerEnd);
      for (const line of cli.out) {
        const completedAt = written.get(idOf(line.text))! + COMPLETES_MS;
        // Asked at once (pending), then 5 s later (±10 % jitter): completed. 2.5 s spare for a loaded machine.
        expect(line.at - completedAt, idOf(line.text)).toBeLessThanOrEqual(5_500 + 2_500);
        expect(line.at).toBeGreaterThanOrEqual(completedAt - 500);
      }
    });
  }, 70_000);

  it('SIGINT mid-stream: every ID read so far is reported (JSON and --junit), exit 130', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const junit = join(dir, 'sigint.xml');
      const cli = spawnCli(['status', '--ids-from', '-', '--watch', '--json', '--junit', junit, '--base-url', sim.url]);
      const stop = guard(cli.child, 20_000);
      cli.child.stdin!.write('stuck-sig-1\nok-sig-2\n');
      await until(() => sim.stats().requestsById['ok-sig-2'] !== undefined);
      cli.child.stdin!.write('stuck-sig-3\n');
      await until(() => sim.stats().requestsById['stuck-sig-3'] !== undefined);
      cli.child.kill('SIGINT');
      const code = await cli.ended;
      stop();
      expect(code).toBe(130);
      expect(cli.out.map((l) => idOf(l.text)).sort()).toEqual(['ok-sig-2', 'stuck-sig-1', 'stuck-sig-3']);
      const xml = readFileSync(junit, 'utf8');
      for (const id of ['stuck-sig-1', 'ok-sig-2', 'stuck-sig-3']) expect(xml).toContain(`name="${id}"`);
      expect(cli.err.map((l) => l.text)).toContain('upload-post: --ids-from: stdin was still open when the watch ended; 3 IDs read, any after them not checked');
    });
  }, 30_000);

  it('the plain log: a line as each ID arrives, one when the input ends', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const cli = spawnCli(['status', '--ids-from', '-', '--watch', '--base-url', sim.url]);
      const stop = guard(cli.child, 30_000);
      cli.child.stdin!.write('ok-log-1\n');
      await until(() => cli.out.some((l) => l.text.includes('ok-log-1 read from the input · 1 so far')));
      cli.child.stdin!.end('ok-log-2\n');
      const code = await cli.ended;
      stop();
      expect(code).toBe(0);
      const text = cli.out.map((l) => l.text);
      expect(text.some((l) => /ok-log-2 read from the input · 2 so far$/.test(l))).toBe(true);
      expect(text.some((l) => /input ended · 2 uploads read$/.test(l))).toBe(true);
    });
  }, 40_000);
});

describe.concurrent('upload answers as lines', () => {
  it('a curl-shaped answer without a trailing newline, and a scheduled answer whose date is its not-before', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const due = new Date(Date.now() + 60 * 60_000).toISOString();
      const input = `{"success":true,"job_id":"scheduled-1h-ans","scheduled_date":"${due}"}\n{"success":true,"message":"Upload initiated","request_id":"ok-curl"}`;
      const r = await runCli(['status', '--ids-from', '-', '--watch', '--json', '--timeout', '8s', '--base-url', sim.url], { env, input, timeoutMs: 30_000 });
      expect(r.code, why(r)).toBe(5); // the scheduled job is not due within the timeout
      const out = lines(r.stdout).map((l) => JSON.parse(l) as { request_id?: string; job_id?: string; status: string });
      expect(out.find((o) => o.request_id === 'ok-curl')?.status).toBe('completed');
      expect(out.find((o) => o.job_id === 'scheduled-1h-ans')?.status).toBe('pending');
      // Its not-before held it to one check, the one at once.
      expect(sim.stats().requestsById['scheduled-1h-ans']).toBe(1);
    });
  }, 40_000);

  it('an error answer mid-stream: on stderr with its line number and message, key scrubbed; the others watched; exit 1', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const input = `ok-err-a\n{"success":false,"message":"Invalid key ${KEY}"}\nok-err-b\n`;
      const r = await runCli(['status', '--ids-from', '-', '--watch', '--json', '--base-url', sim.url], { env, input, timeoutMs: 30_000 });
      expect(r.code, why(r)).toBe(1);
      expect(lines(r.stdout).map(idOf).sort()).toEqual(['ok-err-a', 'ok-err-b']);
      expect(r.stderr).toContain('upload-post: stdin line 2: the upload failed: "Invalid key ***"\n');
      expect(r.stderr).not.toContain(KEY);
    });
  }, 40_000);

  it('a malformed line mid-stream: reported with its line number, exit 2, the other IDs still watched and reported', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const r = await runCli(['status', '--ids-from', '-', '--watch', '--json', '--base-url', sim.url], { env, input: 'ok-bad-a\n{"request_id":\nok-bad-b\n', timeoutMs: 30_000 });
      expect(r.code, why(r)).toBe(2);
      expect(lines(r.stdout).map(idOf).sort()).toEqual(['ok-bad-a', 'ok-bad-b']);
      expect(r.stderr).toContain('upload-post: stdin line 2: starts like JSON but is not valid JSON\n');
    });
  }, 40_000);

  it('a regular file keeps the old rule: a malformed line is exit 2 before any request', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const f = join(dir, 'bad.txt');
      writeFileSync(f, 'ok-file-a\n{"request_id":\n');
      const r = await runCli(['status', '--ids-from', f, '--watch', '--base-url', sim.url], { env });
      expect(r.code, why(r)).toBe(2);
      expect(r.stderr).toBe(`upload-post: ${f} line 2: starts like JSON but is not valid JSON\n`);
      expect(sim.stats().requestsById['ok-file-a']).toBeUndefined();
    });
  });
});

describe('the live view while the input is open', () => {
  it('says "N uploads so far · input open" until the input ends, then the final view', async () => {
    await withSimulator({ speed: SPEED, apiKey: KEY }, async (sim) => {
      const cmd = `(echo ok-tty-1; echo ok-tty-2; sleep 4) | ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} status --ids-from - --watch --base-url ${sim.url}`;
      const s = spawnPty('/bin/bash', ['-c', cmd], { cols: 100, rows: 30, env: { ...env, SHELL: '/bin/bash' } });
      try {
        await s.waitForScreen((t) => t.includes('2 uploads so far · input open'), 15_000);
        const exit = await s.exited;
        expect(exit.exitCode).toBe(0);
        const screen = (await s.screen()).join('\n');
        expect(screen).toMatch(/^2 uploads: 2 completed$/m);
        expect(screen).not.toContain('input open');
      } finally {
        s.dispose();
      }
    });
  }, 40_000);
});

async function until(test: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
