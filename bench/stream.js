// The streamed --ids-from beside the regular file: 100,000 IDs one-shot,
// once piped into stdin at full speed (read and watched line by line as they
// arrive) and once from the same IDs in a regular file (read in full before
// the first request). Peak RSS and wall time side by side; the goal is a
// stream within 1.2× the file's peak RSS. A fresh simulator per run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GNU_TIME, median, runMeasured } from './measure.js';
import { progress } from './report.js';
import { startSim } from './sim.js';

const IDS = Number(process.env.BENCH_STREAM_IDS ?? 100_000);
const REPS = Number(process.env.BENCH_STREAM_REPS ?? 1);
const GOAL = 1.2;

const lines = (s) => s.split('\n').filter((l) => l.trim() !== '');

async function oneRun({ bin, key, file, piped }) {
  const sim = await startSim(bin, { rateLimit: '1000000/60s' });
  try {
    const from = piped ? '-' : file;
    const r = await runMeasured([process.execPath, bin, 'status', '--ids-from', from, '--json', '--base-url', sim.url, '--api-key', key], piped ? { stdinFile: file } : {});
    const got = lines(r.stdout).length;
    // Pending at their only request: a one-shot exits 6.
    if (r.code !== 6 || got !== IDS) throw new Error(`bench: stream (${piped ? 'pipe' : 'file'}) exited ${r.code ?? r.signal} with ${got} of ${IDS} JSON lines: ${r.stderr.trim().slice(0, 400)}`);
    return { ms: r.ms, rssKiB: r.rssKiB, requests: (await sim.stats()).requests };
  } finally {
    await sim.close();
  }
}

export async function streamBench({ bin, key }) {
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-bench-stream-'));
  try {
    const file = join(dir, 'ids.txt');
    writeFileSync(file, Array.from({ length: IDS }, (_, i) => `ok-stream-${i}`).join('\n') + '\n');
    const runs = { file: [], pipe: [] };
    for (let rep = 0; rep < REPS; rep++) {
      // Alternating, so a machine that gets busier mid-bench weighs on both alike.
      for (const piped of [false, true]) {
        progress(`stream: ${IDS.toLocaleString('en')} IDs from a ${piped ? 'pipe' : 'regular file'}, run ${rep + 1}/${REPS}`);
        runs[piped ? 'pipe' : 'file'].push(await oneRun({ bin, key, file, piped }));
      }
    }
    progress('');
    const sum = (rs) => ({ s: median(rs.map((r) => r.ms)) / 1000, rssMiB: median(rs.map((r) => r.rssKiB)) / 1024, requests: median(rs.map((r) => r.requests)) });
    const f = sum(runs.file);
    const p = sum(runs.pipe);
    const ratio = p.rssMiB / f.rssMiB;
    const table = [
      [`${IDS.toLocaleString('en')} IDs, regular file (read in full first)`, String(REPS), f.s.toFixed(2), f.rssMiB.toFixed(1), '1.00×', String(f.requests)],
      [`${IDS.toLocaleString('en')} IDs, piped into stdin (streamed)`, String(REPS), p.s.toFixed(2), p.rssMiB.toFixed(1), `${ratio.toFixed(2)}×`, String(p.requests)],
    ];
    const notes = [
      `one-shot (\`status --ids-from … --json\`, exit 6: each ID pending at its only request); medians over ${REPS} run(s) each (BENCH_STREAM_REPS), file and pipe alternating; peak RSS is the CLI process's own (${GNU_TIME ? 'GNU time -f %M' : 'VmHWM polled from /proc'}).`,
      `goal: the stream's peak RSS within ${GOAL}× the file's: ${ratio.toFixed(2)}× — ${ratio <= GOAL ? 'met' : 'NOT met'}; wall time ${(p.s / f.s).toFixed(2)}× the file's.`,
    ];
    return { head: ['run', 'runs', 'wall s', 'peak RSS MiB', 'RSS × file', 'requests'], table, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
