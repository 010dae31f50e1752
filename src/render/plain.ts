// Not a terminal (CI logs, pipes, files): no spinner, no cursor movement, no
// \r; one timestamped line per status *change*, the final view once.
import { type UploadId } from '../api/types.js';
import { bodySummary, idLabel } from './rows.js';
import { finalView } from './final.js';
import { type OutStream, type RenderContext, type Renderer } from './renderer.js';
import { type Theme } from './theme.js';
import { maxOf } from '../util/numbers.js';

export function createPlainRenderer(out: OutStream, theme: Theme): Renderer {
  let ctx: RenderContext;
  let width = 0;
  const stamp = (): string => theme.dim(new Date(ctx.now()).toISOString().slice(0, 19) + 'Z');
  return {
    start(uploads: readonly UploadId[], c: RenderContext) {
      ctx = c;
      // A column as wide as the longest ID, within reason: IDs are at most 512 characters.
      width = maxOf(uploads, (u) => idLabel(u).length, 1);
    },
    progress(p) {
      // A one-shot's single answer is in the final view already.
      if (!ctx.watch || !p.changed || !p.body) return;
      out.write(`${stamp()} ${idLabel(p.upload).padEnd(width)} ${bodySummary(p.body, theme)}\n`);
    },
    outcome() {},
    finish(outcomes) {
      out.write(finalView(outcomes, theme));
    },
  };
}
