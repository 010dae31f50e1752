// What to do about an outcome, said once at the end (docs/CONTRACT.md#links-and-reports):
// after a partial failure, where the post is already live — so nobody
// re-runs the whole upload and posts it twice — and a line for a bad key, a
// timeout, an unknown ID or an API that could not be reached.
import { type Outcome } from '../poll/outcome.js';
import { NOT_YET_DUE } from '../poll/upload-state.js';
import { andMore } from '../util/lists.js';
import { publishedAndFailed, type PlatformFact } from './facts.js';
import { idLabel } from './rows.js';

/** Uploads named before "and N more". */
const NAMED = 3;

/** How a piece of server text (an ID, a platform) is set into a sentence: as it is, or quoted for Markdown. */
export type Quote = (serverText: string) => string;

/** Platforms named in a sentence before "and N more". */
const PLATFORMS_NAMED = 6;

/** One sentence per kind of trouble, most urgent first; nothing when all went well. */
export function nextSteps(outcomes: readonly Outcome[], q: Quote = (t) => t): string[] {
  const lines: string[] = [];
  const byKind = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind);
  if (byKind('auth_error').length > 0) lines.push('the API rejected the key: check --api-key or UPLOAD_POST_API_KEY, then run again');
  const id = (o: Outcome): string => q(idLabel(o.upload));
  const platform = (p: PlatformFact): string => q(p.platform);
  // Uploads live on some platforms: a sentence each for a few, else how many.
  const partial: string[] = [];
  let partlyPublished = 0;
  const failedEverywhere: Outcome[] = [];
  for (const o of byKind('failed')) {
    const { published, failed } = publishedAndFailed(o, PLATFORMS_NAMED);
    if (published.count === 0) {
      failedEverywhere.push(o);
      continue;
    }
    partlyPublished += 1;
    if (partial.length < NAMED) {
      const retry = failed.count > 0 ? `; retry only ${andMore(failed.first, PLATFORMS_NAMED, platform, failed.count)}` : '';
      partial.push(`${id(o)}: already published on ${andMore(published.first, PLATFORMS_NAMED, platform, published.count)} — don't re-run for those${retry}`);
    }
  }
  if (partlyPublished <= NAMED) lines.push(...partial);
  else lines.push(`${partlyPublished} uploads are already published on some platforms — don't re-run them for those (the tables say where)`);
  if (failedEverywhere.length > 0) lines.push(`${andMore(failedEverywhere, NAMED, id)}: published nowhere — fix the reasons above, then upload again`);
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
