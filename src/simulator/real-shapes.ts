// Scenarios in the shapes real answers take beyond the status page
// (docs/API.md#what-real-answers-look-like): a TikTok inbox draft, a failure
// told by an error code alone, a skip told by its status alone, a private
// video's note, a stalled upload, a missing row, and a link that comes late.
// Each is an ok- upload with one platform changed; pure data.
import { type Platform } from './platforms.js';

export type RealShape = 'draft' | 'code' | 'statusskip' | 'private' | 'stalled' | 'missing' | 'latelink';

/** What a platform's last row carries in a real shape, beyond its state. */
export interface ShapeFields {
  readonly fields: Readonly<Record<string, unknown>>;
  /** The row's message; none at all when undefined. */
  readonly message?: string;
  /** Instead of the published link. */
  readonly noLink?: true;
}

export const REAL_SHAPES: readonly { name: RealShape; prefix: string; description: string; platform?: Platform }[] = [
  { name: 'draft', prefix: 'draft-', platform: 'tiktok', description: 'completed, but TikTok is a draft in its inbox (fallback_to_inbox, a v_inbox id); exit 1' },
  { name: 'code', prefix: 'code-', description: 'completed; one platform failed with only error_code quota_exceeded; exit 1' },
  { name: 'statusskip', prefix: 'statusskip-', description: 'like skipped-, told only by status "skipped" and a skip_reason; exit 0' },
  { name: 'private', prefix: 'private-', platform: 'youtube', description: 'completed; YouTube private, its post_url a sentence (a note, no link); exit 0' },
  { name: 'stalled', prefix: 'stalled-', description: 'failed at ~8 s for no activity, its only row still "Queued"; exit 1 (stalled)' },
  { name: 'missing', prefix: 'missingrow-', description: 'completed with one row fewer than total; exit 1 (no result)' },
  { name: 'latelink', prefix: 'latelink-', description: 'completed; one platform published with no link yet; exit 0' },
];

/** The last row of the changed platform, in each shape that changes one. */
export const SHAPE_ROWS: Readonly<Partial<Record<RealShape, { state: 'completed' | 'failed' | 'skipped'; row: ShapeFields }>>> = {
  draft: {
    state: 'completed',
    row: { message: 'Published', noLink: true, fields: { fallback_to_inbox: true, publish_id: 'v_inbox_file~v2.7412', post_url: 'Video sent to Inbox (No Public URL)' } },
  },
  code: { state: 'failed', row: { fields: { error_code: 'quota_exceeded' } } },
  statusskip: { state: 'skipped', row: { message: 'Skipped', fields: { skip_reason: 'profile_platform_not_configured' } } },
  private: { state: 'completed', row: { message: 'Published', noLink: true, fields: { post_url: 'Post uploaded as Private. No public URL available.' } } },
  latelink: { state: 'completed', row: { message: 'Published', noLink: true, fields: {} } },
};
