// What a model reads per upload: the --results facts, and one quotable line.
import { VENDOR_RETRY } from '../../src/poll/next-steps.js';
import { withFacts } from '../helpers/facts.js';
import { describe, expect, it } from 'vitest';
import { errorSentence } from '../../src/mcp/tools.js';
import { renderText, summaryLine, uploadVerdict } from '../../src/mcp/verdicts.js';
import { type Outcome } from '../../src/poll/outcome.js';

const req = (id: string) => ({ kind: 'request' as const, id });
const body = (status: string, results: object[]) => ({ request_id: 'x', status, completed: results.length, total: results.length, results }) as never;

describe('uploadVerdict', () => {
  it('per platform: state, link, reason, error code and note; next steps for a partial failure', () => {
    const o: Outcome = withFacts({
      kind: 'failed',
      upload: req('p-1'),
      body: body('completed', [
        { platform: 'x', success: true, post_url: 'https://x.com/a/status/1' },
        { platform: 'youtube', success: true, post_url: 'Post uploaded as Private. No public URL available.' },
        { platform: 'tiktok', success: false, error_message: 'Daily cap\u001b[31m hit', error_code: 'quota_exceeded' },
        { platform: 'reddit', skipped: true, skip_reason: 'no account' },
        { platform: 'threads', status: 'processing' },
      ]),
    });
    const v = uploadVerdict(o);
    expect(v).toMatchObject({ id: 'p-1', kind: 'request', verdict: 'failed', status: 'completed', error: null });
    expect(v.platforms).toEqual([
      { platform: 'x', state: 'published', link: 'https://x.com/a/status/1', reason: null, error_code: null, note: null },
      { platform: 'youtube', state: 'published', link: null, reason: null, error_code: null, note: 'Post uploaded as Private. No public URL available.' },
      { platform: 'tiktok', state: 'failed', link: null, reason: 'Daily cap hit', error_code: 'quota_exceeded', note: null },
      expect.objectContaining({ platform: 'reddit', state: 'skipped' }),
      // Still processing in a final body: no result (docs/CONTRACT.md#links-and-reports).
      expect.objectContaining({ platform: 'threads', state: 'no_result' }),
    ]);
    expect(v.next_steps).toEqual([
      'p-1: no result for 1 of 5 platforms — check the upload history before posting again',
      'p-1: wait for the quota to reset, then retry only tiktok',
      "p-1: already published on x, youtube — don't re-run for those; retry only tiktok",
      VENDOR_RETRY,
    ]);
    expect(renderText([o], [v])).toContain('  tiktok: failed — Daily cap hit (quota_exceeded)');
  });

  it('an upload that ended without an answer carries its one sentence', () => {
    const v = uploadVerdict({ kind: 'api_error', upload: req('e-1'), error: 'HTTP 500 five times in a row' });
    expect(v).toMatchObject({ verdict: 'error', status: null, platforms: [], error: 'HTTP 500 five times in a row' });
  });
});

describe('summaryLine and errorSentence', () => {
  const o = (kind: Outcome['kind'], id: string): Outcome => ({ kind, upload: req(id) });
  it.each([
    [[o('completed', 'a')], 'the upload is final: 1 completed', undefined],
    [[o('completed', 'a'), o('failed', 'b')], 'all 2 uploads are final: 1 completed, 1 failed', undefined],
    [[o('completed', 'a'), o('not_found', 'b')], 'all 2 uploads are final: 1 completed, 1 not found', 'b is unknown to the API (not found): check the ID, and whether it is a request_id or a job_id'],
    [[o('completed', 'a'), o('timeout', 'b'), o('timeout', 'c')], '1 of 3 uploads final: 1 completed, 2 timed out', '2 of 3 uploads were not final when the time ran out (b, c): call wait_for_uploads again for them'],
    [[{ ...o('auth_error', 'a'), error: 'HTTP 401' }], '0 of 1 uploads final: 1 auth error', "the API rejected the key (HTTP 401): set a valid UPLOAD_POST_API_KEY in the MCP server's environment, or run `upload-post auth login` again"],
  ] as const)('%#', (outcomes, summary, error) => {
    expect(summaryLine(outcomes)).toBe(summary);
    expect(errorSentence(outcomes)).toBe(error);
  });
});
