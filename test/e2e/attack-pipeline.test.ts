// Attacks on a streamed --ids-from (docs/CONTRACT.md#streaming-input): a
// producer that never ends, one that writes a byte a second, lines past the
// 4 KiB limit (plain, JSON nested 10,000 deep, a 30 MB JSON string) between
// good ones, and 600,000 IDs through a pipe. Each ends in bounded time and
// memory with a sentence naming what was wrong; the good IDs are still watched.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, expectNoStack, lines, runCli, why } from '../helpers/cli.js';
import { completedBody, deepArray, withHostileServer, type SeenRequest } from '../helpers/hostile-server.js';
import { describeRun, PROBE_ENV, PROBE_IMPORT, probeFile, readProbe, runCliProbed } from '../helpers/probe.js';

const KEY = 'attack-pipeline-key-123';
const env = { UPLOAD_POST_API_KEY: KEY };
const completed = (req: SeenRequest) => ({ body: completedBody(req.id ?? '?') });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), 'up-attack-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const idsOf = (stdout: string) => lines(stdout).map((l) => (JSON.parse(l) as { request_id: string }).request_id).sort();

/** The CLI with stdin a pipe the test writes to, and never ends unless told. */
function spawnStreaming(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {});
  const started = Date.now();
  const ended = new Promise<{ code: number | null; ms: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, ms: Date.now() - started, stdout, stderr })),
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void ended.then(() => clearTimeout(killer));
  return { child, ended };
}

describe.concurrent('a streamed --ids-from under attack', () => {
  it('a producer that never ends: --timeout ends the watch on time, every ID read reported, one sentence on the open input', async () => {
    await withHostileServer(completed, async (s) => {
      const cli = spawnStreaming(['status', '--ids-from', '-', '--watch', '--json', '--timeout', '3s', '--base-url', s.url]);
      cli.child.stdin.write('never-1\n'); // and nothing more, ever
      const r = await cli.ended;
      expect(r.code, r.stderr).toBe(5);
      expect(r.ms).toBeLessThan(15_000); // 3 s, plus start-up on a loaded machine: an end, not a hang
      expect(idsOf(r.stdout)).toEqual(['never-1']);
      expect(r.stderr).toBe('upload-post: --ids-from: stdin was still open when the watch ended; 1 ID read, any after them not checked\n');
    });
  }, 40_000);

  it('a FIFO nobody ever opens for writing, with --timeout: exit 5 on time (the open waiting in the thread pool is let through)', async () => {
    const fifo = join(dir, 'nobody-writes.fifo');
    execFileSync('mkfifo', [fifo]);
    await withHostileServer(completed, async (s) => {
      const r = await runCli(['status', '--ids-from', fifo, '--watch', '--timeout', '2s', '--base-url', s.url], { env, timeoutMs: 30_000 });
      expect(r.code, why(r)).toBe(5);
      expect(r.ms).toBeLessThan(15_000);
      expect(r.stderr).toBe(`upload-post: --ids-from: ${fifo} was still open when the watch ended; 0 IDs read, any after them not checked\n`);
    });
  }, 40_000);

  it('one byte a second: the ID is asked for only once its line is whole, then watched to the end', async () => {
    await withHostileServer(completed, async (s) => {
      const cli = spawnStreaming(['status', '--ids-from', '-', '--watch', '--json', '--base-url', s.url]);
      let newlineAt = 0;
      for (const byte of 'slow-1\n') {
        await sleep(1_000);
        if (byte === '\n') newlineAt = Date.now();
        cli.child.stdin.write(byte);
      }
      cli.child.stdin.end();
      const r = await cli.ended;
      expect(r.code, r.stderr).toBe(0);
      expect(s.requests.map((q) => q.id)).toEqual(['slow-1']);
      expect(s.requests[0]!.at).toBeGreaterThanOrEqual(newlineAt);
    });
  }, 40_000);

  it.each([
    ['a 4 KiB+1 line', 'x'.repeat(4 * 1024 + 1)],
    ['JSON nested 10,000 deep', deepArray(10_000)],
  ])('%s mid-stream: named by its number, exit 2, the IDs around it still watched', async (_name, bad) => {
    await withHostileServer(completed, async (s) => {
      const r = await runCliProbed(['status', '--ids-from', '-', '--watch', '--json', '--base-url', s.url], { env, input: `ok-before\n${bad}\nok-after\n`, timeoutMs: 20_000 });
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stderr).toBe('upload-post: --ids-from: stdin line 2 is longer than 4096 bytes\n');
      expect(idsOf(r.stdout)).toEqual(['ok-after', 'ok-before']);
      expectNoStack(r);
    });
  });

  it('a line holding a 30 MB JSON string: skipped without being kept (RSS bounded), the next line still read', async () => {
    await withHostileServer(completed, async (s) => {
      const input = `ok-first\n{"request_id":"${'a'.repeat(30 * 1024 * 1024)}"}\nok-next`;
      const r = await runCliProbed(['status', '--ids-from', '-', '--watch', '--json', '--base-url', s.url], { env, input, timeoutMs: 30_000, rssLimitMb: 1_000 });
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stderr).toBe('upload-post: --ids-from: stdin line 2 is longer than 4096 bytes\n');
      expect(idsOf(r.stdout)).toEqual(['ok-first', 'ok-next']);
      // Node alone is ~50 MB; keeping the line would add 30 MB at least, its string twice that.
      expect(r.peakRssMb, describeRun(r)).toBeLessThan(200);
    });
  }, 40_000);

  it('600,000 IDs through a pipe: the first 500,000 are watched, a sentence for the rest, memory bounded', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 600_000; i++) ids.push(`id-${i}`);
    // The server never answers: only the input's cost is measured. Once the
    // sentence is out the input has been read as far as it will be, and a
    // SIGINT ends the watch (how fast a loaded machine reads is not the question).
    await withHostileServer(() => 'hang', async (s) => {
      const probe = probeFile();
      const child = spawn(process.execPath, [PROBE_IMPORT, BIN, 'status', '--ids-from', '-', '--watch', '-q', '--base-url', s.url], {
        env: cleanEnv({ ...env, [PROBE_ENV]: probe }),
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      const sentence = 'upload-post: --ids-from: stdin holds more than 500,000 IDs, the most one run takes; the rest is not read; split it\n';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (stderr.includes(sentence)) child.kill('SIGINT');
      });
      child.stdin.on('error', () => {});
      child.stdin.end(ids.join('\n') + '\n');
      const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      clearTimeout(killer);
      expect(code, stderr).toBe(130);
      expect(stderr).toContain(sentence);
      const peakMb = (readProbe(probe)?.maxRssKiB ?? Infinity) / 1024;
      // The same 500,000 IDs from a regular file peak at ~340 MB (bench/results.md has the side-by-side figures).
      expect(peakMb, stderr).toBeLessThan(800);
    });
  }, 100_000);
});
