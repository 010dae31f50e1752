// Why a platform did not publish, as far as a person can act on it
// (docs/CONTRACT.md#links-and-reports, "Next steps"): each cause defined once,
// with the error codes and words that name it and what fixes it. Read from
// the platform's `error_code` first, its reason's words second.

export interface CauseInfo {
  /** `error_code` values that name this cause (docs/API.md#what-real-answers-look-like). */
  readonly codes: readonly string[];
  /** Words in the reason that name it, when no code does. */
  readonly words: RegExp | null;
  /** What fixes it; `{platform}` is the platform's name. */
  readonly advice: string;
}

export const CAUSE_TABLE = {
  reauth: {
    codes: ['account_reauth_required', 'token_expired', 'session_expired', 'invalid_token'],
    words: /\b(?:re-?auth\w*|reconnect\w*|re-?login|expired|revoked|session)\b/i,
    advice: 'reconnect {platform} in Upload-Post, then retry only it',
  },
  quota: {
    codes: ['quota_exceeded', 'daily_limit_reached', 'upload_limit_reached'],
    words: /\bquota\b|\bdaily (?:cap|limit)\b/i,
    advice: 'wait for the quota to reset, then retry only {platform}',
  },
  not_connected: {
    codes: ['profile_platform_not_configured', 'profile_platform_mapping_invalid', 'account_not_connected'],
    words: /\bnot (?:connected|configured)\b|\bno account\b/i,
    advice: 'connect {platform} to the profile',
  },
  other: { codes: [], words: null, advice: 'retry only {platform}' },
} as const satisfies Record<string, CauseInfo>;

export type Cause = keyof typeof CAUSE_TABLE;

const BY_CODE: ReadonlyMap<string, Cause> = new Map(
  (Object.keys(CAUSE_TABLE) as Cause[]).flatMap((cause) => CAUSE_TABLE[cause].codes.map((code) => [code, cause] as const)),
);

/** The cause an error code or a reason names; `other` when neither names one. */
export function causeOf(errorCode: string | undefined, reason: string | undefined): Cause {
  // A reason may itself be a code (a skip_reason of `profile_platform_not_configured`).
  const byCode = [errorCode, reason].map((t) => (t === undefined ? undefined : BY_CODE.get(t.trim().toLowerCase()))).find((c) => c !== undefined);
  if (byCode) return byCode;
  if (reason === undefined) return 'other';
  for (const cause of Object.keys(CAUSE_TABLE) as Cause[]) if (CAUSE_TABLE[cause].words?.test(reason)) return cause;
  return 'other';
}

/** A cause's advice for one platform. */
export function adviceFor(cause: Cause, platform: string): string {
  return CAUSE_TABLE[cause].advice.replace('{platform}', platform);
}
