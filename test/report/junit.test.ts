// JUnit XML for every kind of outcome: well-formed (a real parser), valid
// against the Jenkins JUnit schema CI tools read, counts that match what is
// inside, and server text that cannot break out of it.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFacts } from '../helpers/facts.js';
import { describe, expect, it } from 'vitest';
import { type Outcome, type OutcomeKind } from '../../src/poll/outcome.js';
import { createJunitReport, junitXml, type Timings } from '../../src/report/junit.js';
import { parseXml, validateJunit, type XmlNode } from '../helpers/junit.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');
const timings: Timings = { startedAt: T0, endedAt: T0 + 30_000, startedWall: T0, outcomeAt: new Map(), platformAt: new Map() };
const done = { platform: 'x', success: true, post_url: 'https://x.com/u/status/1' };
const failed = { platform: 'tiktok', success: false, error_message: 'Video too long' };
const skipped = { platform: 'youtube', success: false, skipped: true, message: 'No account connected' };
const working = { platform: 'linkedin', status: 'processing' };

function o(id: string, kind: OutcomeKind, results: object[] | null, extra: Partial<Outcome> = {}): Outcome {
  const status = kind === 'completed' || kind === 'failed' ? 'completed' : kind === 'not_found' ? 'not_found' : 'processing';
  return withFacts({ kind, upload: { kind: 'request', id }, ...(results ? { body: { request_id: id, status, results } as never } : {}), ...extra });
}

const kids = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);

/** The counts in the attributes match what the elements hold, at both levels. */
function expectCountsMatch(root: XmlNode): void {
  const sum = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of kids(root, 'testsuite')) {
    const cases = kids(suite, 'testcase');
    const n = (tag: string) => cases.filter((c) => kids(c, tag).length > 0).length;
    const counts = { tests: cases.length, failures: n('failure'), errors: n('error'), skipped: n('skipped') };
    for (const [k, v] of Object.entries(counts)) {
      expect(Number(suite.attrs[k]), `${suite.attrs.name} ${k}`).toBe(v);
      sum[k as keyof typeof sum] += v;
    }
    for (const c of cases) expect(kids(c, 'failure').length + kids(c, 'error').length + kids(c, 'skipped').length).toBeLessThanOrEqual(1);
  }
  for (const k of ['tests', 'failures', 'errors'] as const) expect(Number(root.attrs[k]), `testsuites ${k}`).toBe(sum[k]);
}

async function valid(outcomes: Outcome[], exitCode = 1): Promise<XmlNode> {
  const xml = junitXml({ outcomes, exitCode, startedAt: T0, endedAt: T0 + 30_000, startedWall: T0 }, timings);
  expect(await validateJunit(xml)).toEqual([]);
  const root = parseXml(xml);
  expectCountsMatch(root);
  return root;
}

describe('junitXml: each kind of outcome parses, validates and counts right', () => {
  it.each<[string, Outcome, { tests: number; failures: number; errors: number; skipped: number }]>([
    ['completed', o('c', 'completed', [done]), { tests: 1, failures: 0, errors: 0, skipped: 0 }],
    ['partly failed, one skipped', o('p', 'failed', [done, failed, skipped]), { tests: 3, failures: 1, errors: 0, skipped: 1 }],
    ['failed with no platforms', o('f', 'failed', [], { body: { request_id: 'f', status: 'failed', message: 'no activity for over 1 hour', results: [] } }), { tests: 1, failures: 1, errors: 0, skipped: 0 }],
    ['not found', o('n', 'not_found', [], { httpStatus: 404 }), { tests: 1, failures: 1, errors: 0, skipped: 0 }],
    ['an API error, no body', o('e', 'api_error', null, { error: 'server error (HTTP 503), 5 times in a row', httpStatus: 503 }), { tests: 1, failures: 0, errors: 1, skipped: 0 }],
    ['an API error after a body', o('e2', 'api_error', [done, working], { error: 'connection refused, 5 times in a row' }), { tests: 3, failures: 0, errors: 2, skipped: 0 }],
    ['a bad key', o('k', 'auth_error', null, { error: 'the API rejected the key (HTTP 401)', httpStatus: 401 }), { tests: 1, failures: 0, errors: 1, skipped: 0 }],
    ['timed out with a platform still working', o('t', 'timeout', [done, working]), { tests: 2, failures: 0, errors: 1, skipped: 0 }],
    ['timed out before any answer', o('t2', 'timeout', null), { tests: 1, failures: 0, errors: 1, skipped: 0 }],
    ['interrupted', o('i', 'interrupted', [working]), { tests: 1, failures: 0, errors: 1, skipped: 0 }],
    ['stopped by --fail-fast', o('s', 'stopped', null), { tests: 1, failures: 0, errors: 1, skipped: 0 }],
    ['one-shot, not final yet', o('q', 'pending', []), { tests: 1, failures: 0, errors: 0, skipped: 1 }],
  ])('%s', async (_name, outcome, counts) => {
    const root = await valid([outcome]);
    const suite = kids(root, 'testsuite')[0]!;
    expect(suite.attrs.name).toBe(outcome.upload.id);
    for (const [k, v] of Object.entries(counts)) expect(Number(suite.attrs[k]), k).toBe(v);
    for (const c of kids(suite, 'testcase')) expect(c.attrs.classname).toBe(outcome.upload.id);
  });

  it('all of them in one report: one suite each, totals that add up', async () => {
    const root = await valid([o('c', 'completed', [done]), o('p', 'failed', [done, failed, skipped]), o('n', 'not_found', []), o('t', 'timeout', [working])]);
    expect(kids(root, 'testsuite').map((s) => s.attrs.name)).toEqual(['c', 'p', 'n', 't']);
    expect(root.attrs).toEqual({ name: 'upload-post', tests: '6', failures: '2', errors: '1', time: '30.000' });
  });

  it('a published platform carries its link; a failed one its reason as the message', async () => {
    const root = await valid([o('p', 'failed', [done, failed])]);
    const [x, tiktok] = kids(kids(root, 'testsuite')[0]!, 'testcase');
    expect(kids(x!, 'system-out')[0]!.text).toBe('https://x.com/u/status/1');
    expect(kids(tiktok!, 'failure')[0]!.attrs).toEqual({ message: 'Video too long', type: 'failed' });
  });

  it('times: per ID until its outcome, per platform until it was first seen final', async () => {
    const t: Timings = { ...timings, outcomeAt: new Map([['request:p', T0 + 12_500]]), platformAt: new Map([['request:p\u0000x', T0 + 4_000]]) };
    const xml = junitXml({ outcomes: [o('p', 'failed', [done, failed])], exitCode: 1, startedAt: T0, endedAt: T0 + 30_000, startedWall: T0 }, t);
    const suite = kids(parseXml(xml), 'testsuite')[0]!;
    expect(suite.attrs.time).toBe('12.500');
    expect(kids(suite, 'testcase').map((c) => c.attrs.time)).toEqual(['4.000', '12.500']);
  });

  it('server text: characters XML cannot hold are removed, the rest escaped; nothing breaks out', async () => {
    const evil = { platform: 'x"/><testcase name="forged', success: false, error_message: 'a\u0000b\u0001c\u001b[31m <![CDATA[x]]> & </failure></testcase></testsuite>\uffff\ud800' };
    const root = await valid([o('e\u0007vil', 'failed', [evil])]);
    const suite = kids(root, 'testsuite')[0]!;
    expect(suite.attrs.name).toBe('evil');
    const cases = kids(suite, 'testcase');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.attrs.name).toBe('x"/><testcase name="forged');
    expect(kids(cases[0]!, 'failure')[0]!.attrs.message).toBe('abc <![CDATA[x]]> & </failure></testcase></testsuite>');
  });
});

describe('createJunitReport', () => {
  it('writes atomically: the file, and no temporary file left beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'junit-'));
    try {
      const path = join(dir, 'report.xml');
      const report = createJunitReport(path);
      await report.write({ outcomes: [o('p', 'failed', [{ ...failed, error_message: 'token refused' }])], exitCode: 1, startedAt: T0, endedAt: T0 + 1000, startedWall: T0 });
      expect(await readdir(dir)).toEqual(['report.xml']);
      const xml = await readFile(path, 'utf8');
      expect(await validateJunit(xml)).toEqual([]);
      expect(xml).toContain('token refused');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
