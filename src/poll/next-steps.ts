// What to do about outcomes, said once at the end (docs/CONTRACT.md#links-and-reports,
// "Next steps"): what fixes each cause — a draft to post from the app, an
// account to reconnect, a quota to wait out, a platform to connect — where
// the post is already live, so nobody re-runs the whole upload and posts it
// twice, and a line for a bad key, a stalled upload, a platform without a
// result, a timeout, an unknown ID or an API that could not be reached.
// Worded from the outcomes' facts only; the library's verdicts carry these too.
import { adviceFor, type Cause } from '../api/causes.js';
import { platformCount, type PlatformFacts, type UploadFacts } from '../api/facts.js';
import { type UploadId } from '../api/types.js';
import { andMore } from '../util/lists.js';
import { sanitize } from '../util/sanitize.js';
import { type Outcome } from './outcome.js';
import { NOT_YET_DUE } from './upload-state.js';

/** Uploads named before "and N more". */
const NAMED = 3;
/** Platforms named in a sentence before "and N more". */
const PLATFORMS_NAMED = 6;
/** Sentences about causes (a draft, an account, a quota) before one that counts the rest. */
const CAUSE_LINES = 6;

/** How a piece of server text (an ID, a platform) is set into a sentence: as it is, or quoted for Markdown. */
export type Quote = (serverText: string) => string;

/** "abc", or "job abc": an ID as every output names it. */
export function idLabel(u: UploadId): string {
  return u.kind === 'job' ? `job ${sanitize(u.id)}` : sanitize(u.id);
}

/** The vendor's own way to retry only what failed (docs/API.md#retrying-failed-platforms). */
export const VENDOR_RETRY = "to retry only the failed platforms, ask Upload-Post to retry the upload (the same request_id, or retry_request_id on a new upload): what is already published is not posted again";

/** Platforms in one state: how many there are, and the first few. */
interface StateCount {
  count: number;
  first: PlatformFacts[];
}

/** Every platform counted as published, failed or a draft, in one pass; the first `keep` of each kept. */
function tally(f: UploadFacts | undefined, keep: number): { published: StateCount; failed: StateCount; draft: StateCount; byCause: Map<Cause, StateCount> } {
  const out = { published: { count: 0, first: [] as PlatformFacts[] }, failed: { count: 0, first: [] as PlatformFacts[] }, draft: { count: 0, first: [] as PlatformFacts[] }, byCause: new Map<Cause, StateCount>() };
  const add = (slot: StateCount, p: PlatformFacts) => {
    slot.count += 1;
    if (slot.first.length < keep) slot.first.push(p);
  };
  for (const p of f?.platforms ?? []) {
    if (p.state === 'published') add(out.published, p);
    else if (p.state === 'draft') add(out.draft, p);
    else if (p.state === 'failed') {
      add(out.failed, p);
      const cause = p.cause ?? 'other';
      if (!out.byCause.has(cause)) out.byCause.set(cause, { count: 0, first: [] });
      add(out.byCause.get(cause)!, p);
    }
  }
  return out;
}

/** The sentences about uploads that ended failed, by what they came to. */
function failedSteps(failedOutcomes: readonly Outcome[], id: (o: Outcome) => string, platform: (p: PlatformFacts) => string): string[] {
  const lines: string[] = [];
  const causes: string[] = [];
  const partial: string[] = [];
  let partlyPublished = 0;
  let retryOnly = false;
  const failedEverywhere: Outcome[] = [];
  const unknown = { stalled: [] as Outcome[], noResult: [] as string[] };
  for (const o of failedOutcomes) {
    const f = o.facts;
    if (f === undefined) {
      failedEverywhere.push(o);
      continue;
    }
    if (f.conclusion === 'stalled') {
      unknown.stalled.push(o);
      continue;
    }
    // Platforms without a result: say so first; what is known of the others still holds.
    const unsure = f.conclusion === 'no_result';
    if (unsure) {
      if (unknown.noResult.length < NAMED) unknown.noResult.push(`${id(o)}: no result for ${f.counts.no_result} of ${platformCount(f)} platforms — check the upload history before posting again`);
      else unknown.noResult.push('');
    }
    const { published, failed, draft, byCause } = tally(f, PLATFORMS_NAMED);
    const names = (s: StateCount) => andMore(s.first, PLATFORMS_NAMED, platform, s.count);
    if (draft.count > 0) causes.push(`${id(o)}: ${names(draft)} ${draft.count === 1 ? 'is a draft' : 'are drafts'} in the TikTok inbox — post ${draft.count === 1 ? 'it' : 'them'} from the TikTok app`);
    for (const [cause, slot] of byCause) if (cause !== 'other') causes.push(`${id(o)}: ${adviceFor(cause, names(slot))}`);
    if (failed.count > 0) retryOnly = true;
    if (published.count === 0) {
      // "Upload again" only when nothing may have gone out.
      if ((byCause.get('other')?.count ?? 0) > 0 && !unsure) failedEverywhere.push(o);
      continue;
    }
    partlyPublished += 1;
    if (partial.length < NAMED) {
      const retry = failed.count > 0 ? `; retry only ${names(failed)}` : '';
      partial.push(`${id(o)}: already published on ${names(published)} — don't re-run for those${retry}`);
    }
  }
  if (unknown.stalled.length > 0) lines.push(`${andMore(unknown.stalled, NAMED, id)}: stalled — no activity for over an hour; the post may have gone out: check the upload history before posting again`);
  const noResultNamed = unknown.noResult.filter((l) => l !== '');
  lines.push(...noResultNamed);
  if (unknown.noResult.length > noResultNamed.length) lines.push(`${unknown.noResult.length - noResultNamed.length} more uploads have platforms without a result — check the upload history before posting them again`);
  lines.push(...causes.slice(0, CAUSE_LINES));
  if (causes.length > CAUSE_LINES) lines.push(`${causes.length - CAUSE_LINES} more platforms need a hand before a retry (the tables say which)`);
  if (partlyPublished <= NAMED) lines.push(...partial);
  else lines.push(`${partlyPublished} uploads are already published on some platforms — don't re-run them for those (the tables say where)`);
  if (failedEverywhere.length > 0) lines.push(`${andMore(failedEverywhere, NAMED, id)}: published nowhere — fix the reasons above, then upload again`);
  if (retryOnly) lines.push(VENDOR_RETRY);
  return lines;
}

/** One sentence per kind of trouble, most urgent first; nothing when all went well. */
export function nextSteps(outcomes: readonly Outcome[], q: Quote = (t) => t): string[] {
  const lines: string[] = [];
  const byKind = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind);
  if (byKind('auth_error').length > 0) lines.push('the API rejected the key: check --api-key or UPLOAD_POST_API_KEY, then run again');
  const id = (o: Outcome): string => q(idLabel(o.upload));
  lines.push(...failedSteps(byKind('failed'), id, (p) => q(p.platform)));
  const notFound = byKind('not_found');
  // A scheduled post's job ID asked for as a request ID is a likely mix-up: the API keeps the two apart.
  const jobHint = notFound.some((o) => o.upload.kind === 'request') ? "; if this is a scheduled post's job ID, use --job-id" : '';
  if (notFound.length > 0) lines.push(`${andMore(notFound, NAMED, id)}: unknown to the API — check the ID; one submitted moments ago may need --not-found-grace 30s${jobHint}`);
  const timedOut = byKind('timeout');
  const notDue = timedOut.filter((o) => o.error === NOT_YET_DUE);
  const slow = timedOut.filter((o) => o.error !== NOT_YET_DUE);
  if (notDue.length > 0) lines.push(`${andMore(notDue, NAMED, id)}: not yet due when the --timeout ran out — a scheduled post publishes at its time; watch it then`);
  if (slow.length > 0) lines.push(`${andMore(slow, NAMED, id)}: not final when the --timeout ran out — check again later, or give a longer --timeout`);
  // "Run again later" only where waiting can help: a redirect, an untrusted
  // certificate or a wrong base URL stays as it is, and its error says what to fix.
  const apiErrors = byKind('api_error');
  if (apiErrors.some((o) => !o.lasting)) lines.push('the API could not be reached or read: run again later (--verbose shows each request)');
  if (apiErrors.some((o) => o.lasting)) lines.push('the request cannot succeed as it is: fix what the error above names (waiting will not help)');
  return lines;
}
