// What hostile answers and inputs cost the CLI (docs/CONTRACT.md#limits):
// wall time and peak memory of the whole process, medians of BENCH_REPS runs,
// each next to a plain two-platform answer measured in the same run. The
// server is a loopback one scripted here; nothing is waited out but the one
// backoff (2 s) after an oversized answer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { median, runMeasured } from './measure.js';
import { progress } from './report.js';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const GIB = 1024 ** 3;

function completed(id, n) {
  const results = [];
  for (let i = 0; i < n; i++) results.push(`{"platform":"p${i}","success":true,"message":"Published"}`);
  return `{"request_id":"${id}","status":"completed","completed":${n},"total":${n},"results":[${results.join(',')}]}`;
}

/** 1 GiB of spaces, gzipped once (~1 MB): a body a careless reader decompresses whole. */
async function gzipBomb() {
  const chunk = Buffer.alloc(1 << 20, 0x20);
  const zeros = Readable.from((function* () {
    for (let i = 0; i < 1024; i++) yield chunk;
  })());
  const parts = [];
  for await (const part of zeros.pipe(createGzip({ level: 9 }))) parts.push(part);
  return Buffer.concat(parts);
}

async function startServer() {
  const bomb = await gzipBomb();
  const seen = new Map();
  const bodies = new Map([['two', completed('two', 2)], ['p20k', completed('p20k', 20_000)], ['p100k', completed('p100k', 100_000)]]);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://bench.invalid');
    const id = url.searchParams.get('request_id') ?? '';
    if (id.startsWith('deny')) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false}');
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    const family = id.replace(/-\d+$/, '');
    if (family === 'bomb' && n === 1) return res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
    if (family === 'big50' && n === 1) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const mb = Buffer.alloc(1 << 20, 0x61);
      let left = 50;
      const write = () => {
        while (left > 0) {
          left -= 1;
          if (!res.write(mb)) return res.once('drain', write);
        }
        res.end('"}');
      };
      res.write('{"status":"completed","results":[],"message":"');
      return write();
    }
    const body = bodies.get(family) ?? completed(id, 2);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body.replace(`"request_id":"${family}"`, `"request_id":"${id}"`));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/api`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

export async function hostileBench({ bin }) {
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-hostile-'));
  const node = process.execPath;
  const status = (...args) => [node, bin, 'status', '--base-url', server.url, '--api-key', 'bench-key-123456', ...args];
  const ids300k = join(dir, 'ids.txt');
  writeFileSync(ids300k, Array.from({ length: 300_000 }, (_, i) => `deny-${i}`).join('\n'));
  const cases = [
    { name: 'a plain answer, 2 platforms (baseline)', argv: (i) => status(`two-${i}`), code: 0 },
    { name: '20,000 platforms, plain view', argv: (i) => status(`p20k-${i}`), code: 0 },
    { name: '100,000 platforms, plain view', argv: (i) => status(`p100k-${i}`), code: 0 },
    { name: '100,000 platforms, --json', argv: (i) => status(`p100k-${i}`, '--json'), code: 0 },
    { name: 'a gzip bomb (1 MB → 1 GiB), then a good answer', argv: (i) => status(`bomb-${i}`), code: 0 },
    { name: 'a 50 MB answer, then a good one', argv: (i) => status(`big50-${i}`), code: 0 },
    { name: '--ids-from - < /dev/zero', argv: () => ['sh', '-c', `exec "$0" "$@" < /dev/zero`, ...status('--ids-from', '-')], code: 2 },
    { name: '300,000 IDs, a 401 for the first', argv: () => status('--ids-from', ids300k), code: 4 },
  ];
  const rows = [];
  try {
    for (const c of cases) {
      const ms = [];
      const kib = [];
      for (let i = 0; i < REPS; i++) {
        const r = await runMeasured(c.argv(i), { timeoutMs: 60_000 });
        if (r.code !== c.code) throw new Error(`bench: "${c.name}" exited ${r.code} (expected ${c.code}): ${r.stderr.trim().slice(0, 300)}`);
        ms.push(r.ms);
        kib.push(r.rssKiB);
        progress(`hostile: ${c.name} ${i + 1}/${REPS}`);
      }
      rows.push({ name: c.name, ms: median(ms), mib: median(kib) / 1024, code: c.code });
    }
  } finally {
    progress('');
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const base = rows[0];
  const head = ['input', 'wall ms', 'peak RSS MiB', '× baseline wall', '× baseline RSS', 'exit'];
  const table = rows.map((r) => [r.name, r.ms.toFixed(0), r.mib.toFixed(1), (r.ms / base.ms).toFixed(2) + '×', (r.mib / base.mib).toFixed(2) + '×', String(r.code)]);
  const notes = [
    `medians of ${REPS} runs each (BENCH_REPS), whole process, against a loopback server scripted in bench/hostile.js; peak RSS is the CLI process's own`,
    `answers are capped at 8 MiB as sent and once decompressed: the bomb's ${(GIB / 1024 ** 2).toFixed(0)} MiB never materialise; the oversized answer is retried after the 2 s backoff, which is most of those rows' wall time`,
    'views show 50 platforms of a table; --json writes every byte of the body',
  ];
  return { head, table, notes };
}
