// Workflow commands and outputs: server text can forge neither.
import { describe, expect, it } from 'vitest';
import { type Outcome } from '../../src/poll/outcome.js';
import { annotations, escapeData, escapeProperty, MAX_ANNOTATIONS, outputsFile, postUrls } from '../../src/report/github.js';

const body = (results: object[], status = 'completed') => ({ request_id: 'a', status, results }) as never;
const o = (id: string, kind: Outcome['kind'], results: object[] = [], extra: Partial<Outcome> = {}): Outcome => ({ kind, upload: { kind: 'request', id }, body: body(results), ...extra });
const partial = o('a', 'failed', [
  { platform: 'x', success: true, post_url: 'https://x.com/u/status/1' },
  { platform: 'tiktok', success: false, error_message: 'Video too long' },
]);

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
      '::error title=upload-post%3A f::f failed: no activity for over 1 hour',
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

describe('outputs', () => {
  it('post-urls: {platform: url} for one ID, {id: {platform: url}} for several; links only', () => {
    expect(postUrls([partial])).toEqual({ x: 'https://x.com/u/status/1' });
    const job: Outcome = { ...o('j', 'completed', [{ platform: 'youtube', success: true, url: 'javascript:alert(1)' }, { platform: 'x', success: true, post_url: 'https://x.com/s/2' }]), upload: { kind: 'job', id: 'j' } };
    expect(postUrls([partial, job])).toEqual({ a: { x: 'https://x.com/u/status/1' }, 'job:j': { x: 'https://x.com/s/2' } });
  });

  it('the multi-line form with a random delimiter; a value holding the delimiter gets another', () => {
    let n = 0;
    const ids = ['aa', 'aa', 'bb', 'cc'];
    const evil = o('a', 'completed', [{ platform: 'ghadelimiter_aa\nexit-code<<x', success: true, post_url: 'https://x.com/ghadelimiter_aa' }]);
    const text = outputsFile({ outcomes: [evil], exitCode: 0, startedAt: 0, endedAt: 1 }, () => ids[n++]!);
    expect(text).toBe(
      'exit-code<<ghadelimiter_aa\n0\nghadelimiter_aa\n' +
        'status<<ghadelimiter_aa\ncompleted\nghadelimiter_aa\n' +
        `post-urls<<ghadelimiter_bb\n${JSON.stringify({ 'ghadelimiter_aa\nexit-code<<x': 'https://x.com/ghadelimiter_aa' })}\nghadelimiter_bb\n`,
    );
  });

  it('status is the verdict word of whatever set the exit code', () => {
    const status = (exitCode: number, outcomes: Outcome[]) => /status<<(\S+)\n(.*)\n/.exec(outputsFile({ outcomes, exitCode, startedAt: 0, endedAt: 1 }))![2];
    expect(status(1, [partial, o('b', 'completed')])).toBe('failed');
    expect(status(3, [o('n', 'not_found')])).toBe('not_found');
    expect(status(5, [o('t', 'timeout')])).toBe('timeout');
    expect(status(7, [o('e', 'api_error')])).toBe('error');
    expect(status(6, [o('p', 'pending')])).toBe('pending');
    expect(status(143, [o('i', 'interrupted')])).toBe('interrupted');
    expect(status(0, [o('c', 'completed')])).toBe('completed');
  });
});
