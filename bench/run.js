// `npm run bench`: start-up against bare Node and the
// official SDK, measured side by side in one run, then the batch figures.
// Plain Node, no test runner; talks only to a local simulator on 127.0.0.1.
//
//   BENCH_ROUNDS=15        start-up rounds (commands alternate within a round)
//   BENCH_REPS=3           repetitions of the 1,000- and 10,000-ID one-shots
//   BENCH_WATCH=100@60/15s watch run: IDs @ requests/window (bench/batch.js watchSetup)
//   BENCH_WATCH_REPS=1     repetitions of the watch run (~50 s each)
//   BENCH_FULL=1           the batch benchmark's exact watch run: 100 IDs @ 60/60s (~3+ min)
//   BENCH_STREAM_REPS=1    repetitions of the 100,000-ID stream-vs-file runs (~1 min each)
//   BENCH_ONLY=startup|batch|stream|hostile|live|scheduled|mcp
//   BENCH_CLI=path         a different bin to measure (default bin/upload-post.js)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runBatches } from './batch.js';
import { hostileBench } from './hostile.js';
import { liveBench } from './live.js';
import { scheduledBench } from './scheduled.js';
import { streamBench } from './stream.js';
import { mcpBench } from './mcp.js';
import { hasCommand, median, timeOnce } from './measure.js';
import { mdTable, progress, textTable } from './report.js';
import { startSim } from './sim.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const BIN = process.env.BENCH_CLI ?? fileURLToPath(new URL('../bin/upload-post.js', import.meta.url));
const SDK = fileURLToPath(new URL('./sdk-status.js', import.meta.url));
const BARE = fileURLToPath(new URL('./bare-status.js', import.meta.url));
const BARE_CJS = fileURLToPath(new URL('./bare-status.cjs', import.meta.url));
const LIB = fileURLToPath(new URL('./lib-import.js', import.meta.url));
const EMPTY = fileURLToPath(new URL('./empty.js', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ONLY = process.env.BENCH_ONLY;
const KEY = 'bench-key';
const node = process.execPath;

function entryKind() {
  const entry = new URL('../dist/cli.cjs', pathToFileURL(BIN));
  if (!existsSync(entry)) throw new Error(`bench: ${fileURLToPath(entry)} is missing; run npm run build first`);
  return readFileSync(entry, 'utf8').startsWith('// upload-post CLI bundle') ? 'esbuild bundle' : 'unbundled tsc output (run npm run build for the bundle)';
}

/** Each command must do what it claims, or its timing means nothing. */
function check(name, r, ok) {
  let fine = false;
  try {
    fine = ok(r);
  } catch {
    // unparsable output: not fine
  }
  if (!fine) throw new Error(`bench: "${name}" did not work (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 400)}`);
}

const isStatusLine = (id) => (r) => (r.code === 0 || r.code === 6) && JSON.parse(r.stdout.trim().split('\n')[0] ?? '{}').request_id === id;

async function startup() {
  const sim = await startSim(BIN, { rateLimit: '100000/60s' });
  try {
    const rows = [
      { name: 'node -e 0', argv: () => [node, '-e', '0'], ok: (r) => r.code === 0 },
      { name: 'import the library (upload-post-cli)', argv: () => [node, LIB], ok: (r) => r.code === 0 },
      { name: 'upload-post --version', argv: () => [node, BIN, '--version'], ok: (r) => r.code === 0 && /^\d+\.\d+\.\d+/.test(r.stdout) },
      { name: 'an empty ESM file', argv: () => [node, EMPTY], ok: (r) => r.code === 0 },
      { name: 'upload-post --help', argv: () => [node, BIN, '--help'], ok: (r) => r.code === 0 && r.stdout.includes('Usage: upload-post') },
      {
        name: 'upload-post status --json (1 request)',
        id: (i) => `ok-bench-cli-${i}`,
        argv: (id) => [node, BIN, 'status', '--request-id', id, '--json', '--base-url', sim.url, '--api-key', KEY],
        okFor: isStatusLine,
      },
      {
        name: 'bare node http.get (the floor)',
        id: (i) => `ok-bench-bare-${i}`,
        argv: (id) => [node, BARE, sim.url, id, KEY],
        okFor: (id) => (r) => r.code === 0 && JSON.parse(r.stdout).request_id === id,
      },
      {
        name: 'CommonJS bare http.get (a lower floor)',
        id: (i) => `ok-bench-barecjs-${i}`,
        argv: (id) => [node, BARE_CJS, sim.url, id, KEY],
        okFor: (id) => (r) => r.code === 0 && JSON.parse(r.stdout).request_id === id,
      },
      {
        name: 'official SDK getStatus (upload-post 2.14.0)',
        id: (i) => `ok-bench-sdk-${i}`,
        argv: (id) => [node, SDK, sim.url, id, KEY],
        okFor: (id) => (r) => r.code === 0 && JSON.parse(r.stdout).request_id === id,
      },
    ];
    if (hasCommand('curl')) {
      rows.push({
        name: 'curl -s (reference)',
        id: (i) => `ok-bench-curl-${i}`,
        argv: (id) => ['curl', '-s', '--noproxy', '*', '-H', `Authorization: Apikey ${KEY}`, `${sim.url}/uploadposts/status?request_id=${id}`],
        okFor: (id) => (r) => r.code === 0 && JSON.parse(r.stdout).request_id === id,
      });
    }
    for (const row of rows) row.ms = [];
    // Round -1 warms the file cache and checks every command; it is not counted.
    for (let round = -1; round < ROUNDS; round++) {
      for (const row of rows) {
        const id = row.id?.(round + 1);
        const r = timeOnce(row.argv(id));
        if (round < 0 || row.okFor) check(row.name, r, row.okFor ? row.okFor(id) : row.ok);
        if (round >= 0) row.ms.push(r.ms);
      }
      progress(`start-up: round ${round + 1}/${ROUNDS}`);
    }
    progress('');
    return rows.map((r) => ({ name: r.name, median: median(r.ms), min: Math.min(...r.ms), ms: r.ms }));
  } finally {
    await sim.close();
  }
}

function startupReport(rows) {
  const by = (prefix) => rows.find((r) => r.name.startsWith(prefix));
  const bare = by('node -e 0').median;
  const sdk = by('official SDK').median;
  const ours = by('upload-post status').median;
  const table = rows.map((r) => [
    r.name,
    r.median.toFixed(1),
    r.min.toFixed(1),
    (r.median / bare).toFixed(2) + '×',
    /^(upload-post status|official|curl|bare|CommonJS bare)/.test(r.name) ? (r.median / sdk).toFixed(2) + '×' : '',
  ]);
  const versionRatio = by('upload-post --version').median / bare;
  // Pair by pair within a round (the two ran moments apart), then the median:
  // a machine whose speed drifts between rounds moves both sides of a pair.
  const pairs = (a, b, f) => median(by(a).ms.map((x, i) => f(x, by(b).ms[i])));
  const floor = pairs('upload-post status', 'bare node http.get', (x, y) => x / y);
  const lowerFloor = pairs('upload-post status', 'CommonJS bare', (x, y) => x / y);
  const libAdds = pairs('import the library', 'node -e 0', (x, y) => x - y);
  const targets = [
    `status --json ≤ 1.5 × bare node http.get (median of the per-round ratios): ${floor.toFixed(2)}× — ${floor <= 1.5 ? 'met' : 'NOT met'}`,
    `status --json against the CommonJS floor (no ESM loader), for reference, no target: ${lowerFloor.toFixed(2)}×`,
    `importing the library adds ≤ 15 ms over node -e 0 (median of the per-round differences): ${libAdds.toFixed(1)} ms — ${libAdds <= 15 ? 'met' : 'NOT met'}`,
    `--version ≤ 1.3 × node -e 0: ${versionRatio.toFixed(2)}× — ${versionRatio <= 1.3 ? 'met' : 'NOT met'}`,
    `status --json ≤ 0.7 × SDK: ${(ours / sdk).toFixed(2)}× — ${ours / sdk <= 0.7 ? 'met' : 'NOT met'}`,
  ];
  return { head: ['command', 'median ms', 'min ms', '× node -e 0', '× SDK'], table, targets };
}

const started = Date.now();
const about = {
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
  load: loadavg().map((l) => l.toFixed(2)).join(' '),
  entry: entryKind(),
};
process.stderr.write(`bench: ${about.entry}; node ${about.node}; ${about.cpus}; load ${about.load}\n`);

const md = [`# upload-post benchmarks`, '', `Produced by \`npm run bench\` (bench/run.js) on ${new Date().toISOString().slice(0, 10)}: Node ${about.node}, ${about.cpus}, load average at start ${about.load}; CLI entry: ${about.entry}. Every command runs in a clean environment (\`PATH\` and \`HOME\` only) against the bundled simulator on 127.0.0.1.`, ''];

const runs = (section) => ONLY === undefined || ONLY === section;

if (runs('startup')) {
  const s = startupReport(await startup());
  console.log(`\nStart-up: medians of ${ROUNDS} rounds, commands alternating within each round (whole process, spawn to exit)\n`);
  console.log(textTable(s.head, s.table));
  console.log('\n' + s.targets.map((t) => `  ${t}`).join('\n'));
  md.push(`## Start-up`, '', `Medians of ${ROUNDS} rounds, the commands alternating within each round; whole process, spawn to exit.`, '', mdTable(s.head, s.table), '', ...s.targets.map((t) => `- ${t}`), '');
}

if (runs('batch')) {
  const b = await runBatches({ bin: BIN, root, key: KEY });
  console.log(`\nBatches\n`);
  console.log(textTable(b.head, b.table));
  console.log('\n' + b.notes.map((n) => `  ${n}`).join('\n'));
  md.push(`## Batches`, '', mdTable(b.head, b.table), '', ...b.notes.map((n) => `- ${n}`), '');
}

if (runs('stream')) {
  const st = await streamBench({ bin: BIN, key: KEY });
  console.log(`\n--ids-from: a stream beside a regular file\n`);
  console.log(textTable(st.head, st.table));
  console.log('\n' + st.notes.map((n) => `  ${n}`).join('\n'));
  md.push(`## --ids-from: a stream beside a regular file`, '', mdTable(st.head, st.table), '', ...st.notes.map((n) => `- ${n}`), '');
}

if (runs('hostile')) {
  const h = await hostileBench({ bin: BIN });
  console.log(`\nHostile answers and inputs\n`);
  console.log(textTable(h.head, h.table));
  console.log('\n' + h.notes.map((n) => `  ${n}`).join('\n'));
  md.push(`## Hostile answers and inputs`, '', mdTable(h.head, h.table), '', ...h.notes.map((n) => `- ${n}`), '');
}

if (runs('live')) {
  const l = await liveBench({ bin: BIN });
  console.log(`\nThe live view of 5,000 IDs\n`);
  console.log(textTable(l.head, l.table));
  console.log('\n' + l.notes.map((n) => `  ${n}`).join('\n'));
  md.push(`## The live view of 5,000 IDs`, '', mdTable(l.head, l.table), '', ...l.notes.map((n) => `- ${n}`), '');
}

if (runs('scheduled')) {
  const sc = await scheduledBench();
  console.log(`\nScheduled posts\n`);
  console.log(textTable(sc.head, sc.table));
  console.log('\n' + sc.notes.map((n) => `  ${n}`).join('\n'));
  md.push(`## Scheduled posts`, '', mdTable(sc.head, sc.table), '', ...sc.notes.map((n) => `- ${n}`), '');
}

if (runs('mcp')) {
  const m = await mcpBench({ bin: BIN });
  console.log(`\nAn agent waiting for an upload (MCP)\n`);
  console.log(textTable(m.head, m.table));
  console.log('\n' + m.notes.map((n) => `  ${n}`).join('\n'));
  md.push(`## An agent waiting for an upload (MCP)`, '', mdTable(m.head, m.table), '', ...m.notes.map((n) => `- ${n}`), '');
}

md.push(`Total bench time: ${Math.round((Date.now() - started) / 1000)} s.`, '');
writeFileSync(new URL('./results.md', import.meta.url), md.join('\n'));
console.log(`\nwritten to bench/results.md (${Math.round((Date.now() - started) / 1000)} s)`);
