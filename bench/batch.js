// The batch figures: 1,000 IDs one-shot (time, memory, parallelism),
// N IDs watched under a tight rate limit (429s, time to all final), and
// 10,000 IDs one-shot (memory). A fresh simulator per run, so its counters
// belong to that run alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GNU_TIME, median, runMeasured } from './measure.js';
import { progress } from './report.js';
import { startSim } from './sim.js';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const WATCH_REPS = Number(process.env.BENCH_WATCH_REPS ?? 1);
/** ok- uploads finish at 8 s at speed 1 (src/simulator/timelines.ts): ×4 → 2 s. */
const WATCH_SPEED = 4;

/**
 * The specified watch run is 100 IDs under 60 requests/60 s: each ID needs at
 * least 2 requests, 200 in all, and the simulator's window is fixed (it opens
 * at the first request), so the budget allows them no sooner than
 * floor((200 − 1) / 60) = 3 windows later: ≥ 180 s. The default keeps the same
 * IDs, the same budget and so the same pressure (200 requests for 60 a window,
 * 4 windows), with a window a quarter as long: 100 @ 60/15s, ≥ 45 s. (100 IDs
 * at 600/60s, or 20 at 60/60s, would fit in one window and test nothing.)
 */
export function watchSetup(env = process.env) {
  const spec = env.BENCH_FULL === '1' ? '100@60/60s' : (env.BENCH_WATCH ?? '100@60/15s');
  const m = /^(\d+)@(\d+)\/(\d+)s$/.exec(spec);
  if (!m) throw new Error(`bench: BENCH_WATCH must look like 100@60/15s, got ${spec}`);
  const [ids, limit, windowS] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const idealMs = Math.floor((2 * ids - 1) / limit) * windowS * 1000;
  return { spec, ids, limit, windowS, idealMs };
}

function idFile(dir, name, ids) {
  const path = join(dir, name);
  writeFileSync(path, ids.join('\n') + '\n');
  return path;
}

const lines = (s) => s.split('\n').filter((l) => l.trim() !== '');

async function oneRun({ bin, key, dir, ids, tag, sim: simOpts, extra, expect }) {
  const sim = await startSim(bin, simOpts);
  try {
    const file = idFile(dir, `${tag}.txt`, ids);
    const r = await runMeasured([process.execPath, bin, 'status', '--ids-from', file, '--json', '--base-url', sim.url, '--api-key', key, ...extra]);
    const stats = await sim.stats();
    const got = lines(r.stdout).length;
    if (!expect.includes(r.code) || got !== ids.length) {
      throw new Error(`bench: ${tag} exited ${r.code ?? r.signal} with ${got} of ${ids.length} JSON lines: ${r.stderr.trim().slice(0, 400)}`);
    }
    return { ms: r.ms, rssKiB: r.rssKiB, code: r.code, stats, stderr: lines(r.stderr).slice(0, 5) };
  } finally {
    await sim.close();
  }
}

function summarize(runs) {
  const m = (f) => median(runs.map(f));
  return {
    reps: runs.length,
    s: m((r) => r.ms) / 1000,
    rssMiB: m((r) => r.rssKiB) / 1024,
    requests: m((r) => r.stats.requests),
    limited: m((r) => r.stats.rateLimited),
    maxConnections: m((r) => r.stats.maxConnections),
    maxInFlight: m((r) => r.stats.maxInFlight),
    codes: [...new Set(runs.map((r) => r.code))].join('/'),
  };
}

async function repeat(n, label, run) {
  const runs = [];
  for (let rep = 0; rep < n; rep++) {
    progress(`batch: ${label}, run ${rep + 1}/${n}`);
    runs.push(await run(rep));
  }
  return runs;
}

export async function runBatches({ bin, key }) {
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-bench-ids-'));
  const fast = { rateLimit: '100000/60s' };
  // Pending on their first request, so a one-shot exits 6 ("not final yet").
  const oneShot = { extra: [], expect: [6] };
  const w = watchSetup();
  try {
    const b1 = await repeat(REPS, '1,000 IDs one-shot', (rep) =>
      oneRun({ bin, key, dir, ids: Array.from({ length: 1000 }, (_, i) => `ok-b1-${rep}-${i}`), tag: `b1-${rep}`, sim: fast, ...oneShot }),
    );
    const b2 = await repeat(WATCH_REPS, `${w.ids} IDs watched at ${w.limit}/${w.windowS}s (ideal ≥ ${w.idealMs / 1000} s)`, (rep) =>
      oneRun({
        bin,
        key,
        dir,
        ids: Array.from({ length: w.ids }, (_, i) => `ok-w${rep}-${i}`),
        tag: `watch-${rep}`,
        sim: { rateLimit: `${w.limit}/${w.windowS}s`, speed: WATCH_SPEED },
        extra: ['--watch', '--timeout', `${Math.ceil((w.idealMs * 4 + 120_000) / 1000)}s`],
        expect: [0],
      }),
    );
    const b3 = await repeat(REPS, '10,000 IDs one-shot', (rep) =>
      oneRun({ bin, key, dir, ids: Array.from({ length: 10_000 }, (_, i) => `ok-b3-${rep}-${i}`), tag: `b3-${rep}`, sim: fast, ...oneShot }),
    );
    progress('');

    const watched = summarize(b2);
    const rows = [
      ['1,000 IDs one-shot', summarize(b1)],
      [`${w.ids} IDs --watch @ ${w.limit}/${w.windowS}s`, watched],
      ['10,000 IDs one-shot', summarize(b3)],
    ];
    const table = rows.map(([name, s]) => [
      name,
      String(s.reps),
      s.s.toFixed(2),
      s.rssMiB.toFixed(1),
      String(s.requests),
      String(s.limited),
      String(s.maxConnections),
      String(s.maxInFlight),
      s.codes,
    ]);
    const stderrLines = [...new Set([...b1, ...b2, ...b3].flatMap((r) => r.stderr.map((l) => l.replace(/^\(node:\d+\)/, '(node:PID)'))))];
    const notes = [
      `wall s, peak RSS and the counters are medians over the runs in "runs" (BENCH_REPS=${REPS}, BENCH_WATCH_REPS=${WATCH_REPS}); peak RSS is the CLI process's own (${GNU_TIME ? 'GNU time -f %M' : 'VmHWM polled from /proc every 10 ms'}); requests, 429s, max conns and max in flight are the simulator's counters.`,
      'one-shot runs exit 6: each ID is still pending at its first (and only) request, as the contract says. Default concurrency is 16; "max in flight" stays low because the simulator answers in well under a millisecond — "max conns" shows the parallelism.',
      `watch: ok- uploads finish ~2 s after their first request (simulator --speed ${WATCH_SPEED}); every ID needs ≥ 2 requests, so ${2 * w.ids} requests under ${w.limit} per fixed ${w.windowS} s window allow all final no sooner than ≈ ${(w.idealMs / 1000).toFixed(0)} s (floor((2·${w.ids}−1)/${w.limit}) windows); measured ${watched.s.toFixed(1)} s = ${(watched.s * 1000 / Math.max(1, w.idealMs)).toFixed(2)}× that, ${watched.limited} × 429 (goal 0), ${(watched.requests / w.ids).toFixed(2)} requests per ID.`,
      process.env.BENCH_FULL === '1'
        ? "watch setup: the exact specified run, 100 IDs @ 60/60s (BENCH_FULL=1)."
        : process.env.BENCH_WATCH
          ? `watch setup: ${w.spec} (BENCH_WATCH); the specified one is 100@60/60s (BENCH_FULL=1).`
          : `watch setup: ${w.spec} — the specified 100 @ 60/60s with a window a quarter as long (same requests per window, ¼ the wait); BENCH_FULL=1 runs the exact one (~3+ min).`,
      stderrLines.length === 0 ? 'stderr: empty in every batch run.' : `stderr (distinct lines, all runs): ${stderrLines.map((l) => JSON.stringify(l)).join('; ')}`,
    ];
    return { head: ['run', 'runs', 'wall s', 'peak RSS MiB', 'requests', '429s', 'max conns', 'max in flight', 'exit'], table, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
