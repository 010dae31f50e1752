// What the live terminal view costs (docs/ARCHITECTURE.md#outputs): the same
// 5,000-ID watch of uploads that stay `processing`, once in a real pty (the
// live frame, redrawn at most ten times a second) and once into a pipe (the
// plain log), the two alternating run by run. CPU time and peak RSS come from
// GNU time (`-o` file, so nothing mixes with the screen); the requests are the
// loopback server's own count. The suite checks the frames' size and rate
// (test/e2e/hostile-resources.test.ts); this measures what they cost.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { CLEAN_ENV, GNU_TIME, median, runMeasured } from './measure.js';
import { progress } from './report.js';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const IDS = 5_000;
const TIMEOUT = '6s';

function startServer() {
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    const id = new URL(req.url, 'http://bench.invalid').searchParams.get('request_id') ?? '';
    const body = { request_id: id, status: 'processing', completed: 0, total: 1, results: [{ platform: 'x', message: 'working' }] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/api`,
        /** The requests since the last call. */
        take: () => {
          const n = requests;
          requests = 0;
          return n;
        },
        close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
      }),
    ),
  );
}

/** GNU time's `-f '%U %S %e %M'` in a file: user s, system s, wall s, peak KiB. */
function readTime(file) {
  const last = readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { cpuMs: (last[0] + last[1]) * 1000, wallMs: last[2] * 1000, rssKiB: last[3] };
}

function inPty(argv, timeFile) {
  return new Promise((resolve) => {
    const term = pty.spawn(GNU_TIME, ['-f', '%U %S %e %M', '-o', timeFile, ...argv], {
      name: 'xterm-256color',
      cols: 100,
      rows: 30,
      env: { ...CLEAN_ENV, TERM: 'xterm-256color' },
    });
    let chars = 0;
    term.onData((d) => (chars += d.length));
    const killer = setTimeout(() => term.kill('SIGKILL'), 60_000);
    term.onExit((e) => (clearTimeout(killer), resolve({ code: e.exitCode, chars })));
  });
}

export async function liveBench({ bin }) {
  if (!GNU_TIME) return { head: ['view'], table: [], notes: ['skipped: needs GNU time (/usr/bin/time) for the CPU figures'] };
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-live-'));
  const ids = join(dir, 'ids.txt');
  writeFileSync(ids, Array.from({ length: IDS }, (_, i) => `proc-${i}`).join('\n') + '\n');
  const argv = [process.execPath, bin, 'status', '--ids-from', ids, '--watch', '--timeout', TIMEOUT, '--base-url', server.url, '--api-key', 'bench-key-123456'];
  const runs = { tty: [], pipe: [] };
  try {
    for (let i = 0; i < REPS; i++) {
      const timeFile = join(dir, `time-${i}`);
      const t = await inPty(argv, timeFile);
      if (t.code !== 5) throw new Error(`bench: the live view exited ${t.code} (expected 5)`);
      runs.tty.push({ ...readTime(timeFile), requests: server.take(), chars: t.chars });
      progress(`live: pty ${i + 1}/${REPS}`);
      runs.pipe.push({ ...(await timedPipe(argv, join(dir, `time-pipe-${i}`))), requests: server.take() });
      progress(`live: pipe ${i + 1}/${REPS}`);
    }
  } finally {
    progress('');
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const row = (name, rs) => {
    const cpu = median(rs.map((r) => r.cpuMs));
    const wall = median(rs.map((r) => r.wallMs));
    return { name, cpu, wall, share: median(rs.map((r) => r.cpuMs / r.wallMs)), rss: median(rs.map((r) => r.rssKiB)) / 1024, requests: median(rs.map((r) => r.requests)), chars: median(rs.map((r) => r.chars)) };
  };
  const pipe = row('plain log, into a pipe (baseline)', runs.pipe);
  const tty = row('live view, in a 100×30 pty', runs.tty);
  const head = ['view', 'CPU ms', 'wall ms', 'CPU share', 'peak RSS MiB', 'requests', 'characters out', '× baseline CPU'];
  const table = [pipe, tty].map((r) => [r.name, r.cpu.toFixed(0), r.wall.toFixed(0), r.share.toFixed(2), r.rss.toFixed(1), r.requests.toFixed(0), r.chars.toFixed(0), (r.cpu / pipe.cpu).toFixed(2) + '×']);
  const notes = [
    `${IDS.toLocaleString('en')} IDs that stay processing, --watch --timeout ${TIMEOUT} (exit 5); medians of ${REPS} runs each, pty and pipe alternating; CPU = user + system of the CLI process (GNU time)`,
    `goal: the live view within 15 points of CPU share of the plain log: ${((tty.share - pipe.share) * 100).toFixed(0)} points — ${tty.share - pipe.share <= 0.15 ? 'met' : 'not met'}`,
  ];
  return { head, table, notes };
}

/** The command into pipes, under GNU time writing to its own file. */
async function timedPipe(argv, timeFile) {
  const r = await runMeasured(['sh', '-c', `exec "${GNU_TIME}" -f '%U %S %e %M' -o "$0" "$@"`, timeFile, ...argv], { timeoutMs: 60_000 });
  if (r.code !== 5) throw new Error(`bench: the plain log exited ${r.code} (expected 5): ${r.stderr.trim().slice(0, 300)}`);
  return { ...readTime(timeFile), chars: r.stdout.length + r.stderr.length };
}
