// runStatus in-process, as a table (gh's TestWatchRun): terminal or not ×
// flags × a scripted fetcher → exact stdout, stderr and exit code. The clock
// is injected; nothing here waits in real time for pacing.
import { VENDOR_RETRY } from '../../../src/poll/next-steps.js';
import { describe, expect, it } from 'vitest';
import { type FetchResult } from '../../../src/api/client.js';
import { type UploadId } from '../../../src/api/types.js';
import { runStatus, type StatusDeps } from '../../../src/commands/status/run.js';
import { type StatusOptions } from '../../../src/commands/status/options.js';
import { type Outcome } from '../../../src/poll/outcome.js';
import { type Progress } from '../../../src/poll/watcher.js';
import { type Report, type RunResult } from '../../../src/render/renderer.js';
import { createTtyRenderer } from '../../../src/render/tty.js';
import { body, fakeTime, hang, type Script } from '../../helpers/fake-time.js';
import { fakeTty } from '../../helpers/pty.js';
import { localTime } from '../../../src/util/local-time.js';

const KEY = 'run-test-key-1234';
const req = (id: string): UploadId => ({ kind: 'request', id });
const job = (id: string): UploadId => ({ kind: 'job', id });
const ok = [{ platform: 'x', success: true, status: 'completed', message: 'Published', upload_timestamp: '2026-01-01T14:00:05Z' }];
const partial = [...ok, { platform: 'tiktok', success: false, status: 'failed', message: 'Video too long', upload_timestamp: '2026-01-01T14:00:07Z' }];

function options(over: Partial<StatusOptions>): StatusOptions {
  return { uploads: [req('a')], watch: false, json: false, notFoundGraceMs: 0, apiKey: KEY, baseUrl: 'http://127.0.0.1:1/api', quiet: false, verbose: false, failFast: false, concurrency: 16, ...over };
}

function sink(isTTY = false) {
  let text = '';
  return { out: { isTTY, write: (s: string) => void (text += s) }, text: () => text };
}

interface Case {
  name: string;
  opts: Partial<StatusOptions>;
  script: Script;
  stdout: string;
  stderr: string;
  code: number;
}

async function run(opts: StatusOptions, script: Script, extra: Partial<StatusDeps> = {}, signal?: AbortSignal) {
  const t = fakeTime(script);
  const stdout = sink();
  const stderr = sink();
  const deps: StatusDeps = {
    stdout: stdout.out,
    stderr: stderr.out,
    userAgent: 'test',
    connect: async () => ({ fetchStatus: t.deps.fetchStatus, close() {} }),
    clock: { now: t.deps.now, wall: t.deps.wall, sleep: t.deps.sleep, random: t.deps.random },
    ...extra,
  };
  const result = await runStatus(opts, deps, signal);
  return { ...result, stdout: stdout.text(), stderr: stderr.text(), calls: t.calls };
}

const seq =
  (...statuses: string[]): Script =>
  (u, n) => {
    const s = statuses[Math.min(n, statuses.length) - 1]!;
    return body(u.id, s, s === 'completed' ? ok : []);
  };

const auth: FetchResult = { kind: 'auth', http: 401, message: 'the API rejected the key (HTTP 401)', rate: {} };

const published = [
  { platform: 'x', success: true, status: 'completed', message: 'Published', upload_timestamp: '2026-01-01T14:00:05Z', post_url: 'https://x.com/u/status/1' },
  { platform: 'tiktok', success: false, message: 'Failed', error_message: 'Video too long', upload_timestamp: '2026-01-01T14:00:07Z' },
  { platform: 'youtube', success: false, skipped: true, message: 'No account connected for youtube' },
];

/** The final view of one completed upload: the same in a log and on a terminal. */
const ONE_COMPLETED = [
  '✔ a completed 0/1',
  '┌──────────┬─────────────┬────────────────────────────────┬────────────┐',
  '│ platform │ state       │ message                        │ time (UTC) │',
  '│ x        │ ✔ published │ Published — link not yet known │ 14:00:05   │',
  '└──────────┴─────────────┴────────────────────────────────┴────────────┘',
  '1 upload: 1 completed',
];

const CASES: Case[] = [
  {
    name: 'plain, a partial failure: links and reasons on the rows, the skipped one, and the next step',
    opts: {},
    script: (u) => body(u.id, 'completed', published),
    stdout: [
      '✖ a failed 0/3 — failed on 1 of 3 platforms',
      '┌──────────┬─────────────┬──────────────────────────────────┬────────────┬──────────────────────────┐',
      '│ platform │ state       │ message                          │ time (UTC) │ link                     │',
      '│ x        │ ✔ published │ Published                        │ 14:00:05   │ https://x.com/u/status/1 │',
      '│ tiktok   │ ✖ failed    │ Video too long                   │ 14:00:07   │                          │',
      '│ youtube  │ ⊘ skipped   │ No account connected for youtube │            │                          │',
      '└──────────┴─────────────┴──────────────────────────────────┴────────────┴──────────────────────────┘',
      "→ a: already published on x — don't re-run for those; retry only tiktok",
      `→ ${VENDOR_RETRY}`,
      '1 upload: 1 failed',
      '',
    ].join('\n'),
    stderr: '',
    code: 1,
  },
  {
    name: 'plain, --watch: one line per change, the final table, the summary',
    opts: { watch: true },
    script: seq('pending', 'pending', 'processing', 'completed'),
    stdout: [
      '1970-01-01T00:16:40Z a pending 0/?',
      '1970-01-01T00:16:51Z a processing 0/?',
      '1970-01-01T00:17:01Z a completed 0/1 · x ✔',
      ...ONE_COMPLETED,
      '',
    ].join('\n'),
    stderr: '',
    code: 0,
  },
  {
    name: 'plain, one-shot, not final: exit 6',
    opts: {},
    script: seq('processing'),
    stdout: '… a not final yet: processing 0/?\n1 upload: 1 not final\n',
    stderr: '',
    code: 6,
  },
  {
    name: '--json, --watch, a request and a job: one line each, as it ends; a partial failure is exit 1',
    opts: { watch: true, json: true, uploads: [req('a'), job('j')] },
    script: (u, n) => (u.kind === 'job' ? body(u.id, 'completed', partial) : body(u.id, n < 2 ? 'processing' : 'completed', n < 2 ? [] : ok)),
    stdout:
      JSON.stringify({ request_id: 'j', status: 'completed', completed: 0, total: 2, results: partial }) +
      '\n' +
      JSON.stringify({ request_id: 'a', status: 'completed', completed: 0, total: 1, results: ok }) +
      '\n',
    stderr: '',
    code: 1,
  },
  {
    name: '--quiet, a bad key: nothing on stdout, one sentence, exit 4',
    opts: { watch: true, quiet: true, uploads: [req('a'), req('b')] },
    script: () => auth,
    stdout: '',
    stderr: 'upload-post: authentication failed: the API rejected the key (HTTP 401); check --api-key or UPLOAD_POST_API_KEY\n',
    code: 4,
  },
  {
    name: '--json, a bad key: the error object per ID',
    opts: { json: true, uploads: [req('a'), job('b')] },
    script: () => auth,
    stdout:
      '{"request_id":"a","status":"error","error":"the API rejected the key (HTTP 401)","http_status":401}\n' +
      '{"job_id":"b","status":"error","error":"the API rejected the key (HTTP 401)","http_status":401}\n',
    stderr: 'upload-post: authentication failed: the API rejected the key (HTTP 401); check --api-key or UPLOAD_POST_API_KEY\n',
    code: 4,
  },
  {
    name: 'plain, --timeout: the last body, exit 5, the sentence names the timeout',
    opts: { watch: true, timeoutMs: 15_000 },
    script: seq('processing'),
    stdout:
      '1970-01-01T00:16:40Z a processing 0/?\n⏱ a timed out while processing 0/?\n' +
      '→ a: not final when the --timeout ran out — check again later, or give a longer --timeout\n1 upload: 1 timed out\n',
    stderr: 'upload-post: gave up after 15s (--timeout): 1 of 1 upload was not final\n',
    code: 5,
  },
  {
    name: 'plain, a fault that persists: exit 7, one sentence',
    opts: {},
    script: () => ({ kind: 'transient', message: 'server error (HTTP 502)', http: 502, rate: {} }),
    stdout: '✖ a error: server error (HTTP 502), 12 times in a row over 2m 1s\n→ the API could not be reached or read: run again later (--verbose shows each request)\n1 upload: 1 API error\n',
    stderr: 'upload-post: could not get the status of a: server error (HTTP 502), 12 times in a row over 2m 1s\n',
    code: 7,
  },
  {
    name: 'a one-shot against a server that answers nothing but 429 ("retry in 2 s"): exit 7 after a minute of 429 waits, the quota named',
    opts: {},
    script: (_u, _n, now) => ({ kind: 'throttled', http: 429, rate: { retryAt: now + 2_000 } }),
    stdout:
      `✖ a error: rate limit exhausted until ${localTime(1_062_000, { date: true })} (in 2s)\n` +
      '→ the API could not be reached or read: run again later (--verbose shows each request)\n1 upload: 1 API error\n',
    stderr: `upload-post: could not get the status of a: rate limit exhausted until ${localTime(1_062_000, { date: true })} (in 2s)\n`,
    code: 7,
  },
];

describe('runStatus: not a terminal', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await run(options(c.opts), c.script);
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout: c.stdout, stderr: c.stderr, code: c.code });
  });
});

describe('runStatus: a terminal', () => {
  it('the live view ends with the final view on screen, nothing else left behind', async () => {
    const tty = fakeTty(80, 24);
    const r = await run(options({ watch: true }), seq('processing', 'completed'), { stdout: tty.out, createTtyRenderer: async (out, theme) => createTtyRenderer(out, theme) });
    expect(r.code).toBe(0);
    expect((await tty.screen()).filter((l) => l !== '')).toEqual(ONE_COMPLETED);
    const raw = tty.raw();
    expect(raw).toContain('\u001b[?25l'); // the cursor was hidden while live …
    expect(raw.lastIndexOf('\u001b[?25h')).toBeGreaterThan(raw.lastIndexOf('\u001b[?25l')); // … and shown again
  });

  it('TERM=dumb gets the plain log even on a terminal', async () => {
    const tty = sink(true);
    const r = await run(options({}), seq('completed'), { stdout: tty.out, term: 'dumb', createTtyRenderer: async () => Promise.reject(new Error('not for a dumb terminal')) });
    expect(r.code).toBe(0);
    expect(tty.text()).toMatch(/^✔ a completed/);
  });
});

/** A report that records what it heard. */
function recorder(fail = false) {
  const heard: string[] = [];
  const written: RunResult[] = [];
  const report: Report = {
    name: '--test-report',
    start: (uploads) => void heard.push(`start ${uploads.length}`),
    progress: (p: Progress) => void heard.push(`progress ${p.upload.id} ${p.body?.status ?? '-'}`),
    outcome: (o: Outcome) => void heard.push(`outcome ${o.upload.id} ${o.kind}`),
    async write(result) {
      written.push(result);
      if (fail) throw new Error('disk full');
    },
  };
  return { report, heard, written };
}

describe('reports beside the view', () => {
  it('hear the same events and are written once, at the end', async () => {
    const a = recorder();
    const b = recorder();
    const r = await run(options({ watch: true, json: true }), seq('processing', 'completed'), { reports: [a.report, b.report] });
    expect(a.heard).toEqual(['start 1', 'progress a processing', 'progress a completed', 'outcome a completed']);
    expect(b.heard).toEqual(a.heard);
    expect(a.written).toHaveLength(1);
    expect(a.written[0]).toMatchObject({ exitCode: 0, startedAt: 1_000_000, endedAt: 1_010_000 });
    expect(r.stdout.split('\n')).toHaveLength(2); // the view's one JSON line, untouched
  });

  it.each<[string, Partial<StatusOptions>, Script, number, string[]]>([
    ['on --timeout', { watch: true, timeoutMs: 12_000 }, seq('processing'), 5, ['timeout']],
    ['on --fail-fast', { watch: true, failFast: true, uploads: [req('a'), req('bad')] }, (u) => body(u.id, u.id === 'bad' ? 'failed' : 'processing'), 1, ['stopped', 'failed']],
    ['when a request hangs past the deadline', { watch: true, timeoutMs: 5_000 }, (_u, _n, _now, signal) => hang(signal), 5, ['timeout']],
  ])('are written %s', async (_name, opts, script, code, kinds) => {
    const rec = recorder();
    const r = await run(options(opts), script, { reports: [rec.report] });
    expect(r.code).toBe(code);
    expect(rec.written).toHaveLength(1);
    expect(rec.written[0]!.exitCode).toBe(code);
    expect(rec.written[0]!.outcomes.map((o) => o.kind)).toEqual(kinds);
  });

  it('are written when the run is interrupted (SIGINT/SIGTERM abort the signal)', async () => {
    const rec = recorder();
    const abort = new AbortController();
    const r = await run(options({ watch: true }), (u, n) => {
      if (n === 2) abort.abort();
      return body(u.id, 'processing');
    }, { reports: [rec.report] }, abort.signal);
    expect(r.code).toBe(130);
    expect(rec.written.map((w) => w.outcomes.map((o) => o.kind))).toEqual([['interrupted']]);
  });

  it('stdout lost output (a full disk): the reports carry the 74 the process exits with, not the verdict alone', async () => {
    const rec = recorder();
    let asked = 0;
    const r = await run(options({ json: true }), seq('completed'), { reports: [rec.report], stdoutFailure: async () => (asked++, 'ENOSPC') });
    expect(asked).toBe(1);
    expect(r.code).toBe(74);
    expect(rec.written[0]!.exitCode).toBe(74);
  });

  it('stdout closed by its reader is no failure: the reports carry the verdict', async () => {
    const rec = recorder();
    const r = await run(options({ json: true }), seq('completed'), { reports: [rec.report], stdoutFailure: async () => undefined });
    expect(r.code).toBe(0);
    expect(rec.written[0]!.exitCode).toBe(0);
  });

  it('one that cannot be written says so in one sentence, leaves stdout alone, and counts as lost output (74)', async () => {
    const bad = recorder(true);
    const good = recorder();
    const r = await run(options({ json: true }), seq('completed'), { reports: [bad.report, good.report] });
    expect(r.code).toBe(74);
    expect(r.stderr).toBe('upload-post: --test-report: could not be written (disk full)\n');
    expect(good.written).toHaveLength(1);
  });
});
