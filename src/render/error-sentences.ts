// What goes to stderr once a run is over: one sentence per distinct problem,
// never the key, so a batch against a dead network gets one line, not a
// thousand (docs/CONTRACT.md#output).
import { type Outcome } from '../poll/outcome.js';
import { NOT_YET_DUE } from '../poll/upload-state.js';
import { formatDuration, isoSecond } from '../util/duration.js';
import { sanitize } from '../util/sanitize.js';
import { idLabel } from './rows.js';

export function errorSentences(outcomes: readonly Outcome[], opts: { timeoutMs?: number }): string[] {
  const lines: string[] = [];
  const auth = outcomes.find((o) => o.kind === 'auth_error');
  if (auth) lines.push(`authentication failed: ${auth.error ?? 'the API rejected the key'}; check --api-key or UPLOAD_POST_API_KEY`);
  const byError = new Map<string, string[]>();
  for (const o of outcomes) {
    if (o.kind !== 'api_error') continue;
    const why = sanitize(o.error ?? 'unknown error');
    const ids = byError.get(why) ?? [];
    ids.push(idLabel(o.upload));
    byError.set(why, ids);
  }
  for (const [why, ids] of byError) {
    const named = ids.length <= 3 ? ids.join(', ') : `${ids.length} uploads (${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more)`;
    lines.push(`could not get the status of ${named}: ${why}`);
  }
  const timedOut = outcomes.filter((o) => o.kind === 'timeout');
  if (timedOut.length > 0) {
    const after = opts.timeoutMs !== undefined ? ` after ${formatDuration(opts.timeoutMs)}` : '';
    // A scheduled post whose time had not come: the --timeout was shorter than the wait.
    const notDue = timedOut.filter((o) => o.error === NOT_YET_DUE);
    const why = notDue.length === 0 ? '' : notDue.length === 1 ? `; ${idLabel(notDue[0]!.upload)} was not yet due (due ${isoSecond(notDue[0]!.upload.notBefore!)})` : `; ${notDue.length} of them were not yet due`;
    lines.push(`gave up${after} (--timeout): ${timedOut.length} of ${outcomes.length} ${outcomes.length === 1 ? 'upload was' : 'uploads were'} not final${why}`);
  }
  return lines;
}
