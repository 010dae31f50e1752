// Not a terminal (CI logs, pipes, files): no spinner, no cursor movement, no
// \r; one timestamped line per status *change*, a line when a scheduled
// post's wait starts and one when it ends, one when a 429 pauses every
// request, while IDs are streamed a line as each arrives and one when the
// input ends, the final view once.
import { idKey, type UploadId } from '../api/types.js';
import { formatSpan, isoSecond } from '../util/duration.js';
import { localTime } from '../util/local-time.js';
import { maxOf } from '../util/numbers.js';
import { finalView } from './final.js';
import { wallTimeOf, type OutStream, type RenderContext, type Renderer } from './renderer.js';
import { bodySummary, idLabel } from './rows.js';
import { type Theme } from './theme.js';

/** Pauses that end within this of the one logged are the same pause, reported by another ID. */
const THROTTLE_LOG_GAP_MS = 1_000;

export function createPlainRenderer(out: OutStream, theme: Theme): Renderer {
  let ctx: RenderContext;
  let width = 0;
  /** IDs waiting for their --not-before time. */
  const waiting = new Set<string>();
  /** The end of the last 429 pause logged: one line per pause, not one per ID it holds. */
  let throttledUntil = -Infinity;
  let arrived = 0;
  const stamp = (): string => theme.dim(isoSecond(ctx.wall()));
  const line = (u: UploadId, text: string): void => void out.write(`${stamp()} ${idLabel(u).padEnd(width)} ${text}\n`);
  return {
    start(uploads: readonly UploadId[], c: RenderContext) {
      ctx = c;
      // A column as wide as the longest ID, within reason: IDs are at most 512 characters.
      width = maxOf(uploads, (u) => idLabel(u).length, 1);
    },
    arrive(u) {
      arrived += 1;
      // The column grows with the longest ID seen so far; the ones before keep theirs.
      width = Math.max(width, idLabel(u).length);
      line(u, theme.info(`read from the input · ${arrived} so far`));
    },
    inputEnd() {
      out.write(`${stamp()} ${theme.info(`input ended · ${arrived} ${arrived === 1 ? 'upload' : 'uploads'} read`)}\n`);
    },
    progress(p) {
      // A one-shot's single answer is in the final view already.
      if (!ctx.watch) return;
      if (p.throttled && p.nextCheckAt !== undefined && p.nextCheckAt > throttledUntil + THROTTLE_LOG_GAP_MS) {
        throttledUntil = p.nextCheckAt;
        line(p.upload, theme.warn(`throttled until ${localTime(wallTimeOf(ctx, p.nextCheckAt))} (HTTP 429): every request waits`));
      }
      if (!p.facts) return;
      const key = idKey(p.upload);
      if (p.changed) line(p.upload, bodySummary(p.facts, theme));
      if (p.dueAt !== undefined && !waiting.has(key)) {
        waiting.add(key);
        line(p.upload, theme.info(`scheduled, due in ${formatSpan(p.dueAt - ctx.now())} (${isoSecond(p.upload.notBefore ?? wallTimeOf(ctx, p.dueAt))}): checking every 5m until then`));
      } else if (p.dueAt === undefined && waiting.delete(key)) {
        line(p.upload, theme.info('due now: checking at the pace of its status'));
      }
    },
    outcome(o) {
      waiting.delete(idKey(o.upload));
    },
    finish(outcomes) {
      // An input that held no ID has no final view; stderr says why.
      if (outcomes.length > 0) out.write(finalView(outcomes, theme));
    },
  };
}
