// Body → platform facts → what the upload comes to, over every shape real
// answers take (docs/API.md#what-real-answers-look-like), as tables.
import { describe, expect, it } from 'vitest';
import { readPlatform, readUpload } from '../../src/api/facts.js';
import { reasonWithCode } from '../../src/render/rows.js';
import { narrowStatusBody, type StatusBody } from '../../src/api/types.js';

const body = (status: string, results: unknown, extra: Record<string, unknown> = {}): StatusBody => narrowStatusBody({ status, results, ...extra })!;
const row = (r: Record<string, unknown>, final = true) => readPlatform(body('completed', [{ platform: 'tiktok', ...r }]).results[0]!, final);

describe('one platform: its state', () => {
  it.each([
    ['success: true, a link', { success: true, post_url: 'https://x.com/u/status/1' }, true, 'published'],
    ['status completed, success: false', { status: 'completed', success: false }, true, 'published'],
    ['success: false, no status', { success: false, error_message: 'nope' }, true, 'failed'],
    ['status failed', { status: 'failed' }, true, 'failed'],
    ['skipped: true, whatever success says', { skipped: true, success: false }, true, 'skipped'],
    ['skipped: true over status failed', { skipped: true, status: 'failed' }, true, 'skipped'],
    ['status "skipped" without skipped: true', { status: 'skipped', success: false }, true, 'skipped'],
    ['fallback_to_inbox: true with success: true', { success: true, fallback_to_inbox: true, post_url: 'https://www.tiktok.com/@u/video/1' }, true, 'draft'],
    ['a v_inbox publish_id', { success: true, publish_id: 'v_inbox_file~v2.123' }, true, 'draft'],
    ['a v_inbox platform_post_id', { success: true, platform_post_id: 'v_inbox_file~abc' }, true, 'draft'],
    ['a v_inbox post_id', { status: 'completed', post_id: 'v_inbox_url~1' }, true, 'draft'],
    ['a v_pub id is a direct post', { success: true, publish_id: 'v_pub_url~1' }, true, 'published'],
    ['fallback_to_inbox: "yes" is mistyped, dropped', { success: true, fallback_to_inbox: 'yes' }, true, 'published'],
    ['fallback_to_inbox: false', { success: true, fallback_to_inbox: false }, true, 'published'],
    ['success: true with "Queued" while in flight', { success: true, message: 'Queued' }, false, 'in_flight'],
    ['success: false on a queued row while in flight', { success: false, status: 'queued' }, false, 'in_flight'],
    ['success: false on a processing row while in flight', { success: false, status: 'processing' }, false, 'in_flight'],
    ['success: false with "Queued", no status, in flight', { success: false, message: 'Queued' }, false, 'in_flight'],
    ['retryable while in flight', { success: false, status: 'retryable' }, false, 'in_flight'],
    ['nothing said yet, in flight', {}, false, 'in_flight'],
    ['a queued row once final has no result', { success: false, status: 'queued' }, true, 'no_result'],
    ['"Queued" with success: false once final has no result', { success: false, message: 'Queued' }, true, 'no_result'],
    ['a processing row once final has no result', { status: 'processing' }, true, 'no_result'],
    ['success: true with "Queued" once final is published', { success: true, message: 'Queued' }, true, 'published'],
    ['an unknown status with success: true', { status: 'uploaded', success: true }, true, 'published'],
    ['an unknown status with success: false, final', { status: 'uploading', success: false }, true, 'no_result'],
  ])('%s → %s', (_name, r, final, state) => {
    expect(row(r, final as boolean).state).toBe(state);
  });

  it('the stage of a platform in flight', () => {
    expect(row({ status: 'retryable' }, false).stage).toBe('retryable');
    expect(row({ success: true, message: 'Queued' }, false).stage).toBe('queued');
    expect(row({}, false).stage).toBe('pending');
  });
});

describe('one platform: reason, code, link and note', () => {
  it.each([
    ['error_message first', { success: false, error_message: 'why', error: 'boom', message: 'Failed' }, 'why'],
    ['then error', { success: false, error: 'boom', message: 'Failed' }, 'boom'],
    ['then message', { success: false, message: 'Post rejected' }, 'Post rejected'],
    ['never a queue word', { status: 'failed', message: 'Queued' }, undefined],
    ['never a bare state word', { status: 'skipped', message: 'Skipped', skip_reason: 'profile_platform_not_configured' }, 'profile_platform_not_configured'],
    ['a draft that says "Published" has no reason', { success: true, fallback_to_inbox: true, message: 'Published' }, undefined],
    ['then skip_reason', { skipped: true, skip_reason: 'profile_platform_not_configured' }, 'profile_platform_not_configured'],
    ['nothing at all', { success: false }, undefined],
  ])('%s', (_name, r, reason) => {
    expect(row(r).reason).toBe(reason);
  });

  it('an error_code beside the text, or alone', () => {
    expect(reasonWithCode(row({ success: false, error_message: 'Daily limit', error_code: 'quota_exceeded' }))).toBe('Daily limit (quota_exceeded)');
    const alone = row({ success: false, error_code: 'quota_exceeded' });
    expect(alone.reason).toBeUndefined();
    expect(reasonWithCode(alone)).toBe('quota_exceeded');
    expect(alone.cause).toBe('quota');
  });

  it.each([
    ['account_reauth_required', { success: false, error_code: 'account_reauth_required' }, 'reauth'],
    ['an expired session in words', { success: false, error_message: 'Session expired, log in again' }, 'reauth'],
    ['a quota in words', { success: false, error_message: 'Daily quota reached' }, 'quota'],
    ['not connected', { skipped: true, skip_reason: 'profile_platform_not_configured' }, 'not_connected'],
    ['no account in words', { success: false, error_message: 'No account connected for tiktok' }, 'not_connected'],
    ['anything else', { success: false, error_message: 'Video too long' }, 'other'],
  ])('the cause: %s', (_name, r, cause) => {
    expect(row(r).cause).toBe(cause);
  });

  it('a link only when published; a sentence in post_url is a note, never a link', () => {
    expect(row({ success: true, post_url: 'https://youtu.be/x' })).toMatchObject({ link: 'https://youtu.be/x' });
    const priv = row({ success: true, post_url: 'Post uploaded as Private. No public URL available.' });
    expect(priv.link).toBeUndefined();
    expect(priv.note).toBe('Post uploaded as Private. No public URL available.');
    const draft = row({ success: true, fallback_to_inbox: true, post_url: 'Video sent to Inbox (No Public URL)' });
    expect(draft).toMatchObject({ state: 'draft', note: 'Video sent to Inbox (No Public URL)' });
    expect(draft.link).toBeUndefined();
    expect(row({ success: true, fallback_to_inbox: true, post_url: 'https://www.tiktok.com/@u/video/1' }).link).toBeUndefined();
    expect(row({ success: false, post_url: 'https://x.com/1' }).link).toBeUndefined();
    // A refused URL is neither a link nor a note.
    expect(row({ success: true, post_url: 'javascript:alert(1)' })).not.toHaveProperty('note');
  });

  it('hostile values are one safe, bounded line', () => {
    const f = row({ success: false, error_code: 'quota\u001b[2J\n##[error]x', skip_reason: 'x'.repeat(10_000_000), message: 'a\u202eb' });
    expect(f.errorCode).not.toMatch(/[\u0000-\u001f]/);
    expect(f.errorCode).not.toContain('##[');
    expect(f.errorCode!.length).toBeLessThanOrEqual(100);
    const skipped = row({ skipped: true, skip_reason: 'y'.repeat(10_000_000) });
    expect(skipped.reason!.length).toBeLessThanOrEqual(1_000);
  });
});

describe('the whole upload', () => {
  it.each([
    ['every platform published', body('completed', [{ platform: 'x', success: true }], { total: 1 }), 'completed', 'published'],
    ['a platform failed', body('completed', [{ platform: 'x', success: true }, { platform: 'y', success: false }], { total: 2 }), 'failed', 'not_published'],
    ['a draft fails a completed upload', body('completed', [{ platform: 'tiktok', success: true, fallback_to_inbox: true }], { total: 1 }), 'failed', 'not_published'],
    ['fewer rows than total', body('completed', [{ platform: 'x', success: true }], { total: 2 }), 'failed', 'no_result'],
    ['failed with the only row still "Queued"', body('failed', [{ platform: 'x', success: false, message: 'Queued' }], { total: 1 }), 'failed', 'stalled'],
    ['failed with no rows at all', body('failed', [], { total: 1, message: 'Upload appears to have failed (no activity for over 1 hour)' }), 'failed', 'stalled'],
    ['failed with a failed row', body('failed', [{ platform: 'x', status: 'failed', error_message: 'nope' }], { total: 1 }), 'failed', 'not_published'],
    ['a skipped platform does not fail it', body('completed', [{ platform: 'x', success: true }, { platform: 'y', skipped: true }], { total: 2 }), 'completed', 'published'],
    ['not final yet', body('in_progress', [{ platform: 'x', success: true, message: 'Queued' }], { total: 2 }), null, undefined],
    ['not found', body('not_found', []), 'not_found', 'not_found'],
  ])('%s', (_name, b, final, conclusion) => {
    const f = readUpload(b);
    expect(f.final).toBe(final);
    expect(f.conclusion).toBe(conclusion);
  });

  it('missing rows count as no result; a hostile total costs nothing', () => {
    expect(readUpload(body('completed', [{ platform: 'x', success: true }], { total: 2 }))).toMatchObject({ missing: 1, counts: { no_result: 1, published: 1 } });
    expect(readUpload(body('completed', [], { total: 1e12 })).missing).toBe(1e12);
    expect(readUpload(body('in_progress', [], { total: 2 })).missing).toBe(0);
  });

  it('a retrying platform paces the upload like processing', () => {
    expect(readUpload(body('in_progress', [{ platform: 'x', status: 'retryable' }])).retrying).toBe(true);
    expect(readUpload(body('in_progress', [{ platform: 'x', status: 'processing' }])).retrying).toBe(false);
  });
});
