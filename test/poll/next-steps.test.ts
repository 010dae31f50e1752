import { describe, expect, it } from 'vitest';
import { type PlatformResult, type StatusBody } from '../../src/api/types.js';
import { type Outcome } from '../../src/poll/outcome.js';
import { NOT_YET_DUE } from '../../src/poll/upload-state.js';
import { nextSteps, VENDOR_RETRY } from '../../src/poll/next-steps.js';
import { withFacts } from '../helpers/facts.js';

const live = (platform: string): PlatformResult => ({ platform, success: true, status: 'completed' });
const dead = (platform: string): PlatformResult => ({ platform, success: false, status: 'failed', error_message: 'nope' });
const body = (results: PlatformResult[]): StatusBody => ({ status: 'completed', results, completed: results.length, total: results.length });
const failed = (id: string, results: PlatformResult[]): Outcome => withFacts({ kind: 'failed', upload: { kind: 'request', id }, body: body(results) });
const bare = (id: string, kind: Outcome['kind'], error?: string): Outcome => ({ kind, upload: { kind: 'request', id }, ...(error ? { error } : {}) });
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** The sentences, past the one naming the vendor's retry (its own test below). */
const steps = (...args: Parameters<typeof nextSteps>) => nextSteps(...args).filter((l) => l !== VENDOR_RETRY);

describe('nextSteps', () => {
  it('nothing to say when all went well', () => {
    expect(steps([bare('a', 'completed')])).toEqual([]);
  });

  it('a partly published upload: where it is live, and only what to retry', () => {
    expect(steps([failed('a', [live('x'), dead('tiktok')])])).toEqual(["a: already published on x — don't re-run for those; retry only tiktok"]);
  });

  it('platforms past six are counted, not named', () => {
    const results = [...many(8, (i) => live(`p${i}`)), dead('tiktok')];
    expect(steps([failed('a', results)])[0]).toBe("a: already published on p0, p1, p2, p3, p4, p5 and 2 more — don't re-run for those; retry only tiktok");
  });

  it('100,000 platforms: every one counted, and published ones past the first thousand still make it partly published', () => {
    const results = [...many(50_000, (i) => dead(`f${i}`)), ...many(50_000, (i) => live(`p${i}`))];
    expect(steps([failed('a', results)])).toEqual([
      "a: already published on p0, p1, p2, p3, p4, p5 and 49994 more — don't re-run for those; retry only f0, f1, f2, f3, f4, f5 and 49994 more",
    ]);
  });

  it.each([4, 50, 60, 1_000])('%i partly published uploads: one sentence with their true number', (n) => {
    const outcomes = many(n, (i) => failed(`u${i}`, [live('x'), dead('tiktok')]));
    expect(steps(outcomes)).toEqual([`${n} uploads are already published on some platforms — don't re-run them for those (the tables say where)`]);
  });

  it('uploads published nowhere are named, three of them, then counted', () => {
    const outcomes = many(5, (i) => failed(`u${i}`, [dead('x')]));
    expect(steps(outcomes)).toEqual(['u0, u1, u2 and 2 more: published nowhere — fix the reasons above, then upload again']);
  });

  it('one sentence per kind of trouble, most urgent first', () => {
    const outcomes = [
      bare('t', 'timeout', 'the --timeout ran out before this ID was final'),
      bare('e', 'api_error', 'connection refused'),
      bare('n', 'not_found'),
      { ...bare('s', 'timeout', NOT_YET_DUE), upload: { kind: 'job' as const, id: 's' } },
      failed('p', [live('x'), dead('y')]),
      failed('f', [dead('x')]),
      bare('k', 'auth_error', 'the API rejected the key (HTTP 401)'),
    ];
    expect(steps(outcomes)).toEqual([
      'the API rejected the key: check --api-key or UPLOAD_POST_API_KEY, then run again',
      "p: already published on x — don't re-run for those; retry only y",
      'f: published nowhere — fix the reasons above, then upload again',
      "n: unknown to the API — check the ID; one submitted moments ago may need --not-found-grace 30s; if this is a scheduled post's job ID, use --job-id",
      'job s: not yet due when the --timeout ran out — a scheduled post publishes at its time; watch it then',
      't: not final when the --timeout ran out — check again later, or give a longer --timeout',
      'the API could not be reached or read: run again later (--verbose shows each request)',
    ]);
  });

  it.each([
    ['only what can heal', [bare('e', 'api_error', 'connection refused')], ['the API could not be reached or read: run again later (--verbose shows each request)']],
    [
      'only what cannot (a redirect, an untrusted certificate, a wrong base URL): no "run again later"',
      [{ ...bare('r', 'api_error', 'redirected'), lasting: true }],
      ['the request cannot succeed as it is: fix what the error above names (waiting will not help)'],
    ],
  ])('an API error: advice for %s', (_name, outcomes, expected) => {
    expect(nextSteps(outcomes)).toEqual(expected);
  });

  it('a job ID that is not found gets no hint to use --job-id', () => {
    const line = nextSteps([{ ...bare('j', 'not_found'), upload: { kind: 'job', id: 'j' } }])[0];
    expect(line).not.toContain('--job-id');
  });

  it('server text goes through the quoting it is given (Markdown code spans)', () => {
    expect(steps([failed('a|b', [dead('x')])], (t) => `<${t}>`)).toEqual(['<a|b>: published nowhere — fix the reasons above, then upload again']);
  });
});

describe('next steps by cause', () => {
  it('a platform without a result comes first, what is known of the others still holds, and nothing says "upload again"', () => {
    const missing = withFacts({ kind: 'failed' as const, upload: { kind: 'request' as const, id: 'm' }, body: { status: 'completed', total: 3, results: [live('x'), dead('y')] } });
    expect(nextSteps([missing])).toEqual([
      'm: no result for 1 of 3 platforms — check the upload history before posting again',
      "m: already published on x — don't re-run for those; retry only y",
      VENDOR_RETRY,
    ]);
    const nothing = withFacts({ kind: 'failed' as const, upload: { kind: 'request' as const, id: 'n' }, body: { status: 'completed', total: 2, results: [dead('y')] } });
    expect(nextSteps([nothing]).join('\n')).not.toMatch(/upload again/);
  });

  it.each([
    ['account_reauth_required', { error_code: 'account_reauth_required' }, 'a: reconnect tiktok in Upload-Post, then retry only it'],
    ['quota', { error_code: 'quota_exceeded' }, 'a: wait for the quota to reset, then retry only tiktok'],
    ['not connected', { error_message: 'No account connected for tiktok' }, 'a: connect tiktok to the profile'],
  ])('%s: what fixes it', (_name, fields, line) => {
    expect(nextSteps([failed('a', [live('x'), { platform: 'tiktok', success: false, ...fields }])])).toContain(line);
  });

  it('a stalled upload: the post may have gone out, check before posting again', () => {
    const stalled = withFacts({ kind: 'failed' as const, upload: { kind: 'request' as const, id: 's' }, body: { status: 'failed', total: 1, results: [{ platform: 'x', success: false, message: 'Queued' }] } });
    expect(nextSteps([stalled])).toEqual(['s: stalled — no activity for over an hour; the post may have gone out: check the upload history before posting again']);
  });
});
