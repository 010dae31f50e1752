// uploadVerdict: the document --results writes and the library exports,
// exactly as docs/CONTRACT.md#links-and-reports shapes it.
import { describe, expect, it } from 'vitest';
import { type Outcome } from '../../src/poll/outcome.js';
import { resultsDocument, uploadVerdict } from '../../src/poll/verdict.js';
import { resultsJson } from '../../src/report/results.js';
import { withFacts } from '../helpers/facts.js';

const draft: Outcome = withFacts({
  kind: 'failed',
  upload: { kind: 'request', id: 'd1' },
  body: {
    request_id: 'd1',
    status: 'completed',
    total: 2,
    results: [
      { platform: 'tiktok', success: true, fallback_to_inbox: true, post_url: 'Video sent to Inbox (No Public URL)' },
      { platform: 'youtube', success: false, error_code: 'quota_exceeded' },
    ],
  },
});

describe('uploadVerdict', () => {
  it('every field of the contract, no other', () => {
    expect(uploadVerdict(draft)).toEqual({
      id: 'd1',
      kind: 'request',
      verdict: 'failed',
      platforms: [
        { platform: 'tiktok', state: 'draft', link: null, reason: null, error_code: null, note: 'Video sent to Inbox (No Public URL)' },
        { platform: 'youtube', state: 'failed', link: null, reason: null, error_code: 'quota_exceeded', note: null },
      ],
      next_steps: [
        'd1: tiktok is a draft in the TikTok inbox — post it from the TikTok app',
        'd1: wait for the quota to reset, then retry only youtube',
        expect.stringMatching(/^to retry only the failed platforms/),
      ],
    });
  });

  it('an ID without an answer: no platforms, its own next step', () => {
    const v = uploadVerdict({ kind: 'not_found', upload: { kind: 'job', id: 'j' } });
    expect(v).toMatchObject({ id: 'j', kind: 'job', verdict: 'not_found', platforms: [] });
    expect(v.next_steps[0]).toMatch(/unknown to the API/);
  });

  it('the document: the exit code, then one verdict per ID; server text as the facts read it (one line)', () => {
    expect(resultsDocument([draft], 1)).toEqual({ exit_code: 1, uploads: [uploadVerdict(draft)] });
    const odd: Outcome = withFacts({ kind: 'completed', upload: { kind: 'request', id: 'o' }, body: { status: 'completed', results: [{ platform: 'x\u2028y', success: true }] } as never });
    const text = resultsJson({ outcomes: [odd], exitCode: 0, startedAt: 0, endedAt: 1, startedWall: 0 });
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text).uploads[0].platforms[0].platform).toBe('x\u2028y'.replace('\u2028', ' '));
  });
});
