// One upload's outcome as the facts every output tells: where it went live,
// what failed and why, what was skipped. Pure; server text is sanitised here.
import { failureReason, postLink } from '../api/links.js';
import { platformState, type PlatformState } from '../api/platform-states.js';
import { type PlatformResult } from '../api/types.js';
import { type Outcome } from '../poll/outcome.js';
import { sanitize } from '../util/sanitize.js';

export interface PlatformFact {
  /** Sanitised. */
  platform: string;
  state: PlatformState;
  /** A validated absolute http(s) URL. */
  link?: string;
  /** Why it failed or was skipped (sanitised). */
  reason?: string;
  /** Sanitised. */
  warnings: string[];
  /** The result as narrowed, for reports that show more. */
  result: PlatformResult;
}

export interface UploadFacts {
  platforms: PlatformFact[];
  published: PlatformFact[];
  failed: PlatformFact[];
  skipped: PlatformFact[];
  /** Not final: queued, processing, retryable, pending. */
  unfinished: PlatformFact[];
}

export function platformFact(result: PlatformResult): PlatformFact {
  const state = platformState(result);
  const link = postLink(result);
  const reason = state === 'failed' || state === 'skipped' ? failureReason(result) : undefined;
  return {
    platform: sanitize(result.platform),
    state,
    ...(link ? { link } : {}),
    ...(reason ? { reason: sanitize(reason) } : {}),
    warnings: (result.warnings ?? []).map((w) => sanitize(w)),
    result,
  };
}

/** The facts of the first `limit` platforms: views pass a limit, reports take them all. */
export function uploadFacts(o: Pick<Outcome, 'body'>, limit = Infinity): UploadFacts {
  const results = o.body?.results ?? [];
  const platforms = (results.length > limit ? results.slice(0, limit) : results).map(platformFact);
  return {
    platforms,
    published: platforms.filter((p) => p.state === 'success'),
    failed: platforms.filter((p) => p.state === 'failed'),
    skipped: platforms.filter((p) => p.state === 'skipped'),
    unfinished: platforms.filter((p) => p.state !== 'success' && p.state !== 'failed' && p.state !== 'skipped'),
  };
}

/** Platforms in one state: how many there are, and the facts of the first few. */
export interface StateCount {
  count: number;
  first: PlatformFact[];
}

/**
 * Every platform counted as published or failed, in one pass; facts are
 * built for the first `keep` of each only. A sentence names a few and counts
 * the rest, and must never take a partly published upload for one published
 * nowhere because its first thousand platforms failed.
 */
export function publishedAndFailed(o: Pick<Outcome, 'body'>, keep: number): { published: StateCount; failed: StateCount } {
  const published: StateCount = { count: 0, first: [] };
  const failed: StateCount = { count: 0, first: [] };
  for (const r of o.body?.results ?? []) {
    const state = platformState(r);
    const slot = state === 'success' ? published : state === 'failed' ? failed : undefined;
    if (!slot) continue;
    slot.count += 1;
    if (slot.first.length < keep) slot.first.push(platformFact(r));
  }
  return { published, failed };
}
