// stdout is a terminal: a live frame under an ora spinner — a line per ID and
// its platform table (a compact list for a batch) — redrawn in place, then the
// final view printed once (docs/CONTRACT.md#output).
import ora, { spinners, type Ora } from 'ora';
import { idKey, type UploadId } from '../api/types.js';
import { type Outcome } from '../poll/outcome.js';
import { finalView } from './final.js';
import { type OutStream, type RenderContext, type Renderer } from './renderer.js';
import { type Theme } from './theme.js';
import { buildFrame, SPINNER_COLUMNS, type IdView } from './tty-frame.js';
import { columnsOf, oraStream, rowsOf, type TtyOut } from './tty-stream.js';
import { clipLine, visibleWidth } from '../util/text-width.js';

/** The countdown ticks once a second; so does the spinner (no redraw per frame). */
const TICK_MS = 1000;

export function createTtyRenderer(out: OutStream, theme: Theme): Renderer {
  const term = out as TtyOut;
  const stream = oraStream(term);
  const views = new Map<string, IdView>();
  let ctx: RenderContext = { watch: true, now: Date.now };
  let startedAt = 0;
  let spinner: Ora | undefined;
  /** The text ora drew last, and the columns it was drawn for. */
  let drawn = '';
  let drawnColumns = columnsOf(term);
  let finished = false;

  const frameLines = (): string[] =>
    buildFrame({ views: [...views.values()], startedAt, now: ctx.now(), columns: columnsOf(term), rows: rowsOf(term), watch: ctx.watch, theme });

  /**
   * Redraw once the current burst of events is over (a final body comes as a
   * progress and an outcome in one go), and only when the picture differs from
   * what is on screen.
   */
  let queued = false;
  const redrawIfChanged = (): void => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (spinner?.isSpinning && frameLines().join('\n') !== drawn) spinner.render();
    });
  };

  const onResize = (): void => {
    if (!spinner?.isSpinning) return;
    const columns = columnsOf(term);
    // A narrower terminal that reflows (xterm.js, VTE, iTerm2, Windows Terminal …)
    // has wrapped the old frame's long lines: it now takes more rows than ora
    // will erase. Erase those too, then draw afresh at the new width.
    const rowsNow = (`${'x'.repeat(SPINNER_COLUMNS)}${drawn}`)
      .split('\n')
      .reduce((n, line) => n + Math.max(1, Math.ceil(visibleWidth(line) / columns)), 0);
    const extra = columns < drawnColumns ? rowsNow - drawn.split('\n').length : 0;
    spinner.stop();
    out.write(`${extra > 0 ? `\u001b[${extra}A` : ''}\u001b[1G\u001b[J`);
    spinner.start();
  };

  return {
    start(uploads: readonly UploadId[], c: RenderContext) {
      ctx = c;
      startedAt = c.now();
      for (const u of uploads) if (!views.has(idKey(u))) views.set(idKey(u), { upload: u });
      spinner = ora({
        stream: stream as unknown as NodeJS.WriteStream,
        spinner: { interval: TICK_MS, frames: spinners.dots.frames.map((f) => theme.info(f)) },
        interval: TICK_MS,
        color: false, // colour comes from the Theme only (NO_COLOR, --no-color)
        discardStdin: false, // our own SIGINT handler must see Ctrl-C
        hideCursor: true, // cli-cursor also restores it on exit, via signal-exit
        isEnabled: true, // ora turns itself off when CI is set; this stream IS a terminal
      });
      // ora redraws from `text` every tick; the frame depends on the clock (the
      // countdown), so it is computed whenever ora reads it.
      Object.defineProperty(spinner, 'text', {
        get: () => {
          drawn = frameLines().join('\n');
          drawnColumns = columnsOf(term);
          return drawn;
        },
        set: () => {},
      });
      out.on?.('resize', onResize);
      spinner.start();
    },

    progress(p) {
      const v = views.get(idKey(p.upload)) ?? { upload: p.upload };
      views.set(idKey(p.upload), { ...v, body: p.body ?? v.body, nextCheckAt: p.nextCheckAt, note: p.note, throttled: p.throttled });
      redrawIfChanged();
    },

    outcome(o: Outcome) {
      const v = views.get(idKey(o.upload)) ?? { upload: o.upload };
      views.set(idKey(o.upload), { ...v, body: o.body ?? v.body, outcome: o.kind, endedAt: ctx.now(), nextCheckAt: undefined, note: undefined, throttled: undefined });
      redrawIfChanged();
    },

    interject(write: () => void) {
      if (!spinner?.isSpinning) return write();
      spinner.clear();
      write();
      spinner.render();
    },

    finish(outcomes: readonly Outcome[]) {
      if (finished) return;
      finished = true;
      out.off?.('resize', onResize);
      // stop() erases the live frame and shows the cursor again.
      spinner?.stop();
      const width = columnsOf(term);
      // Without outcomes (the watch itself broke) the last picture is all there is.
      const text = outcomes.length > 0 ? finalView(outcomes, theme, width) : frameLines().join('\n') + '\n';
      const lines = text.replace(/\n$/, '').split('\n');
      out.write(lines.map((l) => clipLine(l, width)).join('\n') + '\n');
    },
  };
}
