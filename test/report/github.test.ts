// Workflow commands and outputs: server text can forge neither.
import { withFacts } from '../helpers/facts.js';
import { describe, expect, it } from 'vitest';
import { type Outcome } from '../../src/poll/outcome.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { annotations, collectPostUrls, createGithubReport, escapeData, escapeProperty, MAX_ANNOTATIONS, outputsFile, postUrls, SUMMARY_MAX_BYTES } from '../../src/report/github.js';

const body = (results: object[], status = 'completed') => ({ request_id: 'a', status, results }) as never;
const o = (id: string, kind: Outcome['kind'], results: object[] = [], extra: Partial<Outcome> = {}): Outcome => withFacts({ kind, upload: { kind: 'request', id }, body: body(results), ...extra });
const partial = o('a', 'failed', [
  { platform: 'x', success: true, post_url: 'https://x.com/u/status/1' },
  { platform: 'tiktok', success: false, error_message: 'Video too long' },
]);

async function inDir(f: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-report-'));
  try {
    await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('escaping', () => {
  it.each([
    ['100%', '100%25'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['%0A::error::forged', '%250A::error::forged'],
  ])('data %j → %j', (s, out) => expect(escapeData(s)).toBe(out));

  it('properties also escape : and ,', () => {
    expect(escapeProperty('a:b,c\n')).toBe('a%3Ab%2Cc%0A');
  });
});

describe('annotations', () => {
  it('one ::error per failed platform, naming where it is already live', () => {
    expect(annotations([partial])).toEqual(['::error title=upload-post%3A a on tiktok::tiktok failed: Video too long (already published on x: don\'t re-run for those)']);
  });

  it('a failed ID without platforms, errors, timeouts and unknown IDs', () => {
    const lines = annotations([
      o('f', 'failed', [], { body: { request_id: 'f', status: 'failed', message: 'no activity for over 1 hour', results: [] } }),
      o('e', 'api_error', [], { error: 'server error (HTTP 503), 5 times in a row' }),
      o('t', 'timeout', []),
      o('n', 'not_found', []),
      o('ok', 'completed', [{ platform: 'x', success: true }]),
    ]);
    expect(lines).toEqual([
      '::error title=upload-post%3A f::f failed — stalled: no activity for over an hour',
      '::error title=upload-post%3A e::e: server error (HTTP 503), 5 times in a row',
      '::warning title=upload-post%3A t::t was not final when the --timeout ran out (completed)',
      '::warning title=upload-post%3A n::n was not found',
    ]);
  });

  it('server text cannot start a command of its own: every annotation is exactly one line', () => {
    const evil = o('a', 'failed', [{ platform: 'x\n::set-output name=status::completed', success: false, error_message: 'bad\r\n::error::forged%0A::add-mask::x\u001b]0;t\u0007' }]);
    const lines = annotations([evil]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\r\n\u001b\u0007]/);
    // The title holds no raw ':' or ',': the command is "::error title=…::" and nothing else.
    expect(lines[0]).toMatch(/^::error title=[^:,]*::[^\r\n]*$/);
    expect(lines[0]).toContain('%250A'); // a literal %0A stays literal
  });

  it(`at most ${MAX_ANNOTATIONS}, then one line saying how many were left out`, () => {
    const many = Array.from({ length: 80 }, (_, i) => o(`n${i}`, 'not_found'));
    const lines = annotations(many);
    expect(lines).toHaveLength(MAX_ANNOTATIONS + 1);
    expect(lines.at(-1)).toBe('::warning title=upload-post::30 more annotations left out; the step summary and --json have every result');
  });
});

describe('annotations of a huge body', () => {
  it('100,000 platforms, half failed: 50 built, the rest counted; each names where it is live in few words', () => {
    const results = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? { platform: `p${i}`, success: true, post_url: `https://x.com/${i}` } : { platform: `p${i}`, success: false, error_message: 'nope' }));
    const lines = annotations([o('big', 'failed', results)]);
    expect(lines).toHaveLength(MAX_ANNOTATIONS + 1);
    expect(lines[0]).toBe("::error title=upload-post%3A big on p0::p0 failed: nope (already published on p1, p3, p5, p7, p9, p11, p13, p15, p17, p19 and 49990 more: don't re-run for those)");
    expect(lines.at(-1)).toBe(`::warning title=upload-post::${50_000 - MAX_ANNOTATIONS} more annotations left out; the step summary and --json have every result`);
    expect(lines.join('\n').length).toBeLessThan(20_000);
  });

  it('annotations past the limit are counted across uploads, failed platforms and other kinds alike', () => {
    const lines = annotations([o('a', 'failed', Array.from({ length: 60 }, (_, i) => ({ platform: `p${i}`, success: false }))), o('b', 'not_found'), o('c', 'failed', [{ platform: 'x', success: false }])]);
    expect(lines.at(-1)).toBe('::warning title=upload-post::12 more annotations left out; the step summary and --json have every result');
  });
});

describe('the step summary', () => {
  const fat = (i: number) => o(`fat${i}`, 'failed', Array.from({ length: 60 }, (_, j) => ({ platform: `p${j}`, success: false, error_message: '€'.repeat(400), warnings: Array.from({ length: 5 }, () => '€'.repeat(400)) })));

  it('stays under 1 MiB however fat the rows, cut between rows, saying so; the outputs are written', async () => {
    await inDir(async (dir) => {
      const summaryPath = join(dir, 'summary.md');
      const outputPath = join(dir, 'output');
      await writeFile(summaryPath, '# an earlier step\n');
      await createGithubReport({ summaryPath, outputPath, annotate: () => {} }).write({ outcomes: Array.from({ length: 5 }, (_, i) => fat(i)), exitCode: 1, startedAt: 0, endedAt: 1, startedWall: 0 });
      const text = await readFile(summaryPath, 'utf8');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
      expect(Buffer.byteLength(text)).toBeGreaterThan(SUMMARY_MAX_BYTES - 20_000);
      expect(text.startsWith('# an earlier step\n### ')).toBe(true);
      expect(text).toMatch(/\|\n\n_The report was cut here to stay under \d+ KiB; `--json` and `--junit` have every result._\n$/);
      expect(text).not.toContain('\ufffd');
      expect(await readFile(outputPath, 'utf8')).toMatch(/^exit-code<</);
    });
  });

  it('a summary already near 1 MiB is left alone, and says so; the outputs are still written', async () => {
    await inDir(async (dir) => {
      const summaryPath = join(dir, 'summary.md');
      const outputPath = join(dir, 'output');
      await writeFile(summaryPath, 'x'.repeat(SUMMARY_MAX_BYTES - 100));
      const write = createGithubReport({ summaryPath, outputPath, annotate: () => {} }).write({ outcomes: [partial], exitCode: 1, startedAt: 0, endedAt: 1, startedWall: 0 });
      await expect(write).rejects.toThrow(/the step summary already holds \d+ KiB; GitHub drops one over 1 MiB, so nothing was added/);
      expect((await readFile(summaryPath)).length).toBe(SUMMARY_MAX_BYTES - 100);
      expect(await readFile(outputPath, 'utf8')).toMatch(/^exit-code<</);
    });
  });
});

describe('outputs', () => {
  it('post-urls: {platform: url} for one ID, {id: {platform: url}} for several; links only', () => {
    expect(postUrls([partial])).toEqual({ x: 'https://x.com/u/status/1' });
    const job: Outcome = { ...o('j', 'completed', [{ platform: 'youtube', success: true, url: 'javascript:alert(1)' }, { platform: 'x', success: true, post_url: 'https://x.com/s/2' }]), upload: { kind: 'job', id: 'j' } };
    expect(postUrls([partial, job])).toEqual({ a: { x: 'https://x.com/u/status/1' }, 'job:j': { x: 'https://x.com/s/2' } });
  });

  it('post-urls stays under the output ceiling: links in order while they fit, the rest counted; always valid JSON', () => {
    const results = Array.from({ length: 50_000 }, (_, i) => ({ platform: `p${i}`, success: true, post_url: `https://x.com/some/long/path/${i}` }));
    const all = collectPostUrls([o('a', 'completed', results.slice(0, 5_000))]);
    expect(all.left).toBe(0);
    const capped = collectPostUrls([o('a', 'completed', results)], 100_000);
    const text = JSON.stringify(capped.urls);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(100_000);
    expect(Buffer.byteLength(text)).toBeGreaterThan(99_000);
    expect(Object.keys(capped.urls)).toHaveLength(50_000 - capped.left);
    expect(Object.keys(capped.urls)[0]).toBe('p0');
    const several = collectPostUrls([o('a', 'completed', results.slice(0, 3000)), o('b', 'completed', results.slice(0, 3000))], 100_000);
    expect(Buffer.byteLength(JSON.stringify(several.urls))).toBeLessThanOrEqual(100_000);
    expect(several.left).toBeGreaterThan(0);
  });

  it('a platform named __proto__ is a key like any other; a name given twice keeps its first link', () => {
    const odd = o('a', 'completed', [
      { platform: '__proto__', success: true, post_url: 'https://x.com/1' },
      { platform: 'x', success: true, post_url: 'https://x.com/2' },
      { platform: 'x', success: true, post_url: 'https://x.com/3' },
    ]);
    expect(JSON.parse(JSON.stringify(postUrls([odd])))).toEqual(JSON.parse('{"__proto__":"https://x.com/1","x":"https://x.com/2"}'));
  });

  it('the multi-line form with a random delimiter; a value holding the delimiter gets another', () => {
    let n = 0;
    const ids = ['aa', 'aa', 'bb', 'cc'];
    const evil = o('a', 'completed', [{ platform: 'ghadelimiter_aa\nexit-code<<x', success: true, post_url: 'https://x.com/ghadelimiter_aa' }]);
    const text = outputsFile({ outcomes: [evil], exitCode: 0, startedAt: 0, endedAt: 1, startedWall: 0 }, () => ids[n++]!);
    expect(text).toBe(
      'exit-code<<ghadelimiter_aa\n0\nghadelimiter_aa\n' +
        'status<<ghadelimiter_aa\ncompleted\nghadelimiter_aa\n' +
        `post-urls<<ghadelimiter_bb\n${JSON.stringify({ 'ghadelimiter_aa\nexit-code<<x': 'https://x.com/ghadelimiter_aa' })}\nghadelimiter_bb\n`,
    );
  });

  it('status is the verdict word of whatever set the exit code', () => {
    const status = (exitCode: number, outcomes: Outcome[]) => /status<<(\S+)\n(.*)\n/.exec(outputsFile({ outcomes, exitCode, startedAt: 0, endedAt: 1, startedWall: 0 }))![2];
    expect(status(1, [partial, o('b', 'completed')])).toBe('failed');
    expect(status(3, [o('n', 'not_found')])).toBe('not_found');
    expect(status(5, [o('t', 'timeout')])).toBe('timeout');
    expect(status(7, [o('e', 'api_error')])).toBe('error');
    expect(status(6, [o('p', 'pending')])).toBe('pending');
    expect(status(143, [o('i', 'interrupted')])).toBe('interrupted');
    expect(status(0, [o('c', 'completed')])).toBe('completed');
  });
});
