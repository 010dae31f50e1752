// Running one command and reading what it cost: wall time, exit code, output,
// and (for the batch runs) the peak resident set of the process itself.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment every measured command runs in: nothing but PATH and HOME.
 * The machines running this set NODE_EXTRA_CA_CERTS, which alone adds ~40 ms
 * to each Node start (docs/ARCHITECTURE.md#start-up); proxies would send requests elsewhere.
 */
export const CLEAN_ENV = Object.freeze({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' });

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** A start-up sample: the whole process, spawn to exit, in milliseconds. */
export function timeOnce(argv, { input } = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env: CLEAN_ENV, input: input ?? '', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

export function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { env: CLEAN_ENV }).status === 0;
}

/** GNU time's `-f %M` gives the child's peak RSS exactly; without it we poll /proc. */
export const GNU_TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { env: CLEAN_ENV }).status === 0 ? '/usr/bin/time' : null;

/**
 * Run a longer command (a batch) and measure wall time and the peak RSS of the
 * command's own process (KiB). `timeoutMs` kills it so a bench never hangs;
 * `stdinFile` is piped into its stdin as fast as it reads (a pipe, not the file).
 */
export function runMeasured(argv, { timeoutMs = 600_000, stdinFile } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-bench-'));
  const rssFile = join(dir, 'rss');
  const full = GNU_TIME ? [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv] : argv;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { env: CLEAN_ENV, stdio: [stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    if (stdinFile) {
      child.stdin.on('error', () => {});
      createReadStream(stdinFile).pipe(child.stdin);
    }
    const out = [];
    let stderr = '';
    let polledKiB = 0;
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const poll = GNU_TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polledKiB = Math.max(polledKiB, Number(m[1]));
          } catch {
            // gone already
          }
        }, 10);
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(killer);
      if (poll) clearInterval(poll);
      let rssKiB = polledKiB;
      if (GNU_TIME) {
        // GNU time writes "Command exited with non-zero status N" before the figure.
        const lines = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n') : [];
        rssKiB = Number(lines.at(-1));
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ ms, code, signal, rssKiB, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
  });
}
