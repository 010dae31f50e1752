// What to do about an outcome, said once at the end (docs/CONTRACT.md#links-and-reports):
// after a partial failure, where the post is already live — so nobody
// re-runs the whole upload and posts it twice — and a line for a bad key, a
// timeout, an unknown ID or an API that could not be reached.
import { type Outcome } from '../poll/outcome.js';
import { NOT_YET_DUE } from '../poll/upload-state.js';
import { uploadFacts } from './facts.js';
import { idLabel } from './rows.js';

/** Uploads named before "and N more". */
const NAMED = 3;
/** Platforms of one upload looked at: a sentence names a few, however many there are. */
const LOOKED_AT = 1_000;

/** How a piece of server text (an ID, a platform) is set into a sentence: as it is, or quoted for Markdown. */
export type Quote = (serverText: string) => string;

function names(ids: string[]): string {
  return ids.length <= NAMED ? ids.join(', ') : `${ids.slice(0, NAMED).join(', ')} and ${ids.length - NAMED} more`;
}

function list(items: string[]): string {
  return items.length <= 6 ? items.join(', ') : `${items.slice(0, 6).join(', ')} and ${items.length - 6} more`;
}

/** One sentence per kind of trouble, most urgent first; nothing when all went well. */
export function nextSteps(outcomes: readonly Outcome[], q: Quote = (t) => t): string[] {
  const lines: string[] = [];
  const byKind = (kind: Outcome['kind']) => outcomes.filter((o) => o.kind === kind);
  if (byKind('auth_error').length > 0) lines.push('the API rejected the key: check --api-key or UPLOAD_POST_API_KEY, then run again');
  const partial: string[] = [];
  for (const o of byKind('failed')) {
    const facts = uploadFacts(o, LOOKED_AT);
    if (facts.published.length > 0 && partial.length < 50) {
      const live = list(facts.published.map((p) => q(p.platform)));
      const failed = facts.failed.length > 0 ? `; retry only ${list(facts.failed.map((p) => q(p.platform)))}` : '';
      partial.push(`${q(idLabel(o.upload))}: already published on ${live} — don't re-run for those${failed}`);
    }
  }
  if (partial.length <= NAMED) lines.push(...partial);
  else lines.push(`${partial.length} uploads are already published on some platforms — don't re-run them for those (the tables say where)`);
  const failedEverywhere = byKind('failed').filter((o) => uploadFacts(o, LOOKED_AT).published.length === 0);
  if (failedEverywhere.length > 0) lines.push(`${names(failedEverywhere.map((o) => q(idLabel(o.upload))))}: published nowhere — fix the reasons above, then upload again`);
  const notFound = byKind('not_found');
  if (notFound.length > 0) lines.push(`${names(notFound.map((o) => q(idLabel(o.upload))))}: unknown to the API — check the ID; one submitted moments ago may need --not-found-grace 30s`);
  const timedOut = byKind('timeout');
  const notDue = timedOut.filter((o) => o.error === NOT_YET_DUE);
  const slow = timedOut.filter((o) => o.error !== NOT_YET_DUE);
  if (notDue.length > 0) lines.push(`${names(notDue.map((o) => q(idLabel(o.upload))))}: not yet due when the --timeout ran out — a scheduled post publishes at its time; watch it then`);
  if (slow.length > 0) lines.push(`${names(slow.map((o) => q(idLabel(o.upload))))}: not final when the --timeout ran out — check again later, or give a longer --timeout`);
  if (byKind('api_error').length > 0) lines.push('the API could not be reached or read: run again later (--verbose shows each request)');
  return lines;
}
