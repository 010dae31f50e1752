// The reports a status run writes: paths checked before the first request
// the way they will be written, one file never named twice, and the key taken
// out of each value before a report escapes or cuts it — never out of the
// finished file, where a short key would rename an attribute or an output.
import { chmod, link, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { withFacts } from '../../helpers/facts.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReports, resolveReportPaths } from '../../../src/commands/status/reports.js';
import { UsageError } from '../../../src/config/usage-error.js';
import { type Outcome } from '../../../src/poll/outcome.js';
import { writeAtomically } from '../../../src/report/files.js';
import { validateJunit } from '../../helpers/junit.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reports-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const usage = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  return (err as Error).message;
};

describe('one file is never two reports', () => {
  it.each([
    ['a relative and an absolute name', (f: string) => relative(process.cwd(), f), (f: string) => f],
    ['./x and x', (f: string) => `${dirname(f)}/./${basename(f)}`, (f: string) => f],
    ['a detour through ..', (f: string) => `${dirname(f)}/sub/../${basename(f)}`, (f: string) => f],
  ])('%s', async (_name, a, b) => {
    await mkdir(join(dir, 'sub'), { recursive: true });
    const file = join(dir, 'out.txt');
    await writeFile(file, 'earlier<<EOF\nv\nEOF\n');
    const message = await usage(resolveReportPaths({ junit: a(file), github: { outputPath: b(file) } }));
    expect(message).toMatch(/^--junit and GITHUB_OUTPUT name the same file/);
    expect(await readFile(file, 'utf8')).toBe('earlier<<EOF\nv\nEOF\n');
  });

  it('a hard link and a symbolic link to the same file', async () => {
    const file = join(dir, 'summary.md');
    await writeFile(file, '');
    await link(file, join(dir, 'hard.md')).catch(() => {});
    await symlink(file, join(dir, 'soft.md')).catch(() => {});
    expect(await usage(resolveReportPaths({ markdown: join(dir, 'hard.md'), github: { summaryPath: file } }))).toMatch(/^--markdown and GITHUB_STEP_SUMMARY name the same file/);
    expect(await usage(resolveReportPaths({ junit: join(dir, 'soft.md'), markdown: file }))).toMatch(/^--junit and --markdown name the same file/);
  });

  it('a new file named two ways', async () => {
    const message = await usage(resolveReportPaths({ junit: join(dir, 'new.xml'), markdown: join(dir, 'sub', '..', 'new.xml') }));
    expect(message).toMatch(/^--junit and --markdown name the same file/);
  });
});

describe('checked the way it will be written', () => {
  it('a name as long as a name may be: the temporary file beside it still fits, and the report lands', async () => {
    const name = join(dir, `${'j'.repeat(251)}.xml`);
    const paths = await resolveReportPaths({ junit: name });
    const [report] = await createReports({ ...paths, apiKey: 'k-12345678' }, { write: () => true });
    await report!.write({ outcomes: [], exitCode: 0, startedAt: 0, endedAt: 1, startedWall: 0 });
    expect((await readFile(name, 'utf8')).startsWith('<?xml')).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a name too long for the folder: a usage error that says so', async () => {
    expect(await usage(resolveReportPaths({ junit: join(dir, `${'j'.repeat(300)}.xml`) }))).toMatch(/: the name is too long$/);
  });

  it.runIf(process.getuid?.() === 0)('as root, a place no file can be made (/proc): a usage error, not a lost report', async () => {
    expect(await usage(resolveReportPaths({ junit: '/proc/report.xml' }))).toMatch(/cannot be written|does not exist/);
    expect(await usage(resolveReportPaths({ markdown: '/proc/report.md' }))).toMatch(/cannot be written|does not exist/);
  });

  it('no temporary file is left by the check', async () => {
    await resolveReportPaths({ junit: join(dir, 'clean.xml') });
    expect((await readdir(dir)).filter((f) => f.startsWith('.upload-post-'))).toEqual([]);
  });
});

describe('writeAtomically', () => {
  it('a file that was there keeps its permissions', async () => {
    const file = join(dir, 'private.xml');
    await writeFile(file, 'old');
    await chmod(file, 0o600);
    await writeAtomically(file, 'new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('new');
  });
});

describe('the key, value by value', () => {
  const outcome = (extra: Partial<Outcome>): Outcome =>
    withFacts({
      kind: 'failed',
      upload: { kind: 'request', id: 'a' },
      body: { request_id: 'a', status: 'completed', results: [{ platform: 'x', success: false, error_message: 'nope' }] },
      ...extra,
    });

  async function written(apiKey: string, outcomes: Outcome[]) {
    const sub = await mkdtemp(join(dir, 'key-'));
    const files = { junit: join(sub, 'r.xml'), markdown: join(sub, 'r.md'), results: join(sub, 'r.json'), github: { outputPath: join(sub, 'out'), summaryPath: join(sub, 'sum.md') } };
    const annotations: string[] = [];
    const reports = await createReports({ ...(await resolveReportPaths(files)), apiKey }, { write: (t: string) => (annotations.push(t), true) });
    for (const r of reports) await r.write({ outcomes, exitCode: 1, startedAt: 0, endedAt: 1, startedWall: 0 });
    const read = (f: string) => readFile(f, 'utf8');
    return { junit: await read(files.junit), markdown: await read(files.markdown), results: await read(files.results), output: await read(files.github.outputPath), summary: await read(files.github.summaryPath), annotations: annotations.join('') };
  }

  it.each(['tests', 'status', 'failed', 'exit-code', 'name'])('a short key (%j) renames no attribute, element or output', async (apiKey) => {
    const r = await written(apiKey, [outcome({})]);
    expect(await validateJunit(r.junit)).toEqual([]);
    expect(r.junit).toMatch(/<testsuites name="upload-post" tests="1" failures="1"/);
    expect(r.output).toMatch(/^exit-code<<ghadelimiter_\w+\n1\n/);
    expect(r.output).toMatch(/\nstatus<<ghadelimiter_\w+\nfailed\n/);
  });

  it.each([
    ['a key with a quote', 'ab"cdefgh123'],
    ['a key longer than any quote', 'k'.repeat(84)],
    ['a key with XML, workflow and Markdown characters', 'k&<"%:,|-12345'],
  ])('%s, echoed by the server in every text: in no report', async (_name, apiKey) => {
    const echo = `[${apiKey}]`;
    const r = await written(apiKey, [
      outcome({ upload: { kind: 'request', id: `id-${apiKey}` }, body: { status: 'failed', message: echo, results: [{ platform: echo, success: false, error_message: echo, warnings: [echo] }] } }),
      { kind: 'api_error', upload: { kind: 'request', id: 'b' }, error: `the answer was about another upload (request_id ${echo})` },
    ]);
    for (const [name, text] of Object.entries(r)) {
      expect(text, name).not.toContain(apiKey);
      expect(text, name).not.toContain(apiKey.slice(0, 12));
    }
    expect(await validateJunit(r.junit)).toEqual([]);
  });

  it('a key the server split with invisible characters is removed once they are', async () => {
    const apiKey = 'sk-live-abcdef123456';
    const split = 'sk-live-\u0001abc\u200bdef\ufffe123\u001b[0m456';
    const r = await written(apiKey, [outcome({ body: { status: 'failed', results: [{ platform: 'x', success: false, error_message: `bad key ${split}` }] } })]);
    for (const [name, text] of Object.entries(r)) expect(text, name).not.toContain(apiKey);
    expect(r.junit).toContain('bad key ***');
  });
});
