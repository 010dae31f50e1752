// stdout is a terminal: a live frame under an ora spinner — a line per ID and
// its platform table (a compact list for a batch) — redrawn in place, then the
// final view printed once (docs/CONTRACT.md#output).
import ora, { spinners, type Ora } from 'ora';
import { idKey, type UploadId } from '../api/types.js';
import { type Outcome, type OutcomeKind } from '../poll/outcome.js';
import { type Progress } from '../poll/watcher.js';
import { clipLine, visibleWidth } from '../util/text-width.js';
import { monotonicNow } from '../util/monotonic.js';
import { finalView } from './final.js';
import { type OutStream, type RenderContext, type Renderer } from './renderer.js';
import { type Theme } from './theme.js';
import { buildFrame, SPINNER_COLUMNS, type IdView } from './tty-frame.js';
import { columnsOf, oraStream, rowsOf, type OraStream, type TtyOut } from './tty-stream.js';

/** The countdown ticks once a second; so does the spinner (no redraw per frame). */
const TICK_MS = 1000;
/** Events redraw at most this often: a batch answering 1,000 times a second costs 10 frames. */
const FRAME_MS = 100;

export interface TtyOptions {
  /** The least time between two redraws caused by events; 0: once per burst. */
  frameMs?: number;
}

export function createTtyRenderer(out: OutStream, theme: Theme, opts: TtyOptions = {}): Renderer {
  return new TtyRenderer(out as TtyOut, theme, opts.frameMs ?? FRAME_MS);
}

class TtyRenderer implements Renderer {
  private readonly stream: OraStream;
  /** Every ID, in input order; `index` finds one by key. */
  private readonly views: IdView[] = [];
  private readonly index = new Map<string, number>();
  /** Kept as events arrive, so a frame never counts 100,000 views. */
  private readonly tally = { ended: new Map<OutcomeKind, number>(), watching: 0, throttled: 0 };
  /** A frame already built for the next draw. */
  private next: string | undefined;
  private ctx: RenderContext = { watch: true, now: monotonicNow, wall: Date.now };
  private startedAt = 0;
  private spinner: Ora | undefined;
  /** The text ora drew last, and the columns it was drawn for. */
  private drawn = '';
  private drawnColumns: number;
  private finished = false;
  /** Stopped by Ctrl-Z, not yet brought back by fg. */
  private suspended = false;
  /** IDs are still being read (--ids-from as a stream). */
  private inputOpen = false;
  /** A redraw is queued (a microtask or a timer). */
  private queued = false;
  private lastRedraw = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly term: TtyOut,
    private readonly theme: Theme,
    private readonly frameMs: number,
  ) {
    this.stream = oraStream(term);
    this.drawnColumns = columnsOf(term);
  }

  start(uploads: readonly UploadId[], ctx: RenderContext): void {
    this.ctx = ctx;
    this.inputOpen = ctx.inputOpen === true;
    this.startedAt = ctx.now();
    for (const upload of uploads) if (!this.index.has(idKey(upload))) this.add({ upload });
    this.spinner = ora({
      stream: this.stream as unknown as NodeJS.WriteStream,
      spinner: { interval: TICK_MS, frames: spinners.dots.frames.map((f) => this.theme.info(f)) },
      interval: TICK_MS,
      color: false, // colour comes from the Theme only (NO_COLOR, --no-color)
      discardStdin: false, // our own SIGINT handler must see Ctrl-C
      hideCursor: true, // cli-cursor also restores it on exit, via signal-exit
      isEnabled: true, // ora turns itself off when CI is set; this stream IS a terminal
    });
    // ora redraws from `text` every tick; the frame depends on the clock (the
    // countdown), so it is computed whenever ora reads it.
    Object.defineProperty(this.spinner, 'text', {
      get: () => {
        this.drawn = this.next ?? this.frame();
        this.next = undefined;
        this.drawnColumns = columnsOf(this.term);
        return this.drawn;
      },
      set: () => {},
    });
    this.term.on?.('resize', this.onResize);
    this.spinner.start();
  }

  progress(p: Progress): void {
    this.update(p.upload, (v) => ({ ...v, facts: p.facts ?? v.facts, nextCheckAt: p.nextCheckAt, note: p.note, throttled: p.throttled, dueAt: p.dueAt }));
  }

  outcome(o: Outcome): void {
    this.update(o.upload, (v) => ({ ...v, facts: o.facts ?? v.facts, outcome: o.kind, endedAt: this.ctx.now(), nextCheckAt: undefined, note: undefined, throttled: undefined, dueAt: undefined }));
  }

  arrive(upload: UploadId): void {
    this.update(upload, (v) => v);
  }

  inputEnd(): void {
    this.inputOpen = false;
    this.redrawSoon();
  }

  interject(write: () => void): void {
    if (!this.spinner?.isSpinning) return write();
    this.spinner.clear();
    write();
    this.spinner.render();
  }

  suspend(): void {
    if (this.finished || !this.spinner?.isSpinning) return;
    // stop() erases the frame and shows the cursor; a stopped job's terminal belongs to the shell.
    this.spinner.stop();
    this.suspended = true;
  }

  resume(): void {
    if (this.finished || !this.suspended) return;
    this.suspended = false;
    // The shell has printed its own lines ("fg", the job's name) since: nothing of ours is above the cursor to erase.
    this.drawn = '';
    this.spinner?.start();
  }

  finish(outcomes: readonly Outcome[]): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timer);
    this.term.off?.('resize', this.onResize);
    // stop() erases the live frame and shows the cursor again.
    this.spinner?.stop();
    const width = columnsOf(this.term);
    // Without outcomes (the watch itself broke) the last picture is all there is.
    const text = outcomes.length > 0 ? finalView(outcomes, this.theme, width) : this.frame() + '\n';
    const lines = text.replace(/\n$/, '').split('\n');
    this.term.write(lines.map((l) => clipLine(l, width)).join('\n') + '\n');
  }

  private frame(): string {
    const { views, tally, startedAt, ctx, theme, term, inputOpen } = this;
    return buildFrame({ views, tally, startedAt, now: ctx.now(), wall: ctx.wall(), columns: columnsOf(term), rows: rowsOf(term), watch: ctx.watch, theme, inputOpen }).join('\n');
  }

  private count(v: IdView, by: 1 | -1): void {
    const { tally } = this;
    if (v.outcome !== undefined) tally.ended.set(v.outcome, (tally.ended.get(v.outcome) ?? 0) + by);
    else {
      tally.watching += by;
      if (v.throttled) tally.throttled += by;
    }
  }

  private add(v: IdView): void {
    this.index.set(idKey(v.upload), this.views.length);
    this.views.push(v);
    this.count(v, 1);
  }

  private update(upload: UploadId, change: (v: IdView) => IdView): void {
    const i = this.index.get(idKey(upload));
    if (i === undefined) this.add(change({ upload }));
    else {
      this.count(this.views[i]!, -1);
      this.views[i] = change(this.views[i]!);
      this.count(this.views[i]!, 1);
    }
    this.redrawSoon();
  }

  /**
   * Redraw once the current burst of events is over (a final body comes as a
   * progress and an outcome in one go), no more often than every `frameMs`,
   * and only when the picture differs from what is on screen.
   */
  private redrawSoon(): void {
    if (this.queued || this.finished) return;
    this.queued = true;
    const wait = this.lastRedraw + this.frameMs - monotonicNow();
    const redraw = (): void => {
      this.queued = false;
      this.lastRedraw = monotonicNow();
      if (!this.spinner?.isSpinning) return;
      const text = this.frame();
      if (text === this.drawn) return;
      this.next = text;
      this.spinner.render();
    };
    if (wait <= 0) queueMicrotask(redraw);
    else this.timer = setTimeout(redraw, wait);
  }

  private readonly onResize = (): void => {
    const { spinner, term } = this;
    if (!spinner?.isSpinning) return;
    const columns = columnsOf(term);
    // A narrower terminal that reflows (xterm.js, VTE, iTerm2, Windows Terminal …)
    // has wrapped the old frame's long lines: it now takes more rows than ora
    // will erase. Erase those too, then draw afresh at the new width.
    const rowsNow = `${'x'.repeat(SPINNER_COLUMNS)}${this.drawn}`.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(visibleWidth(line) / columns)), 0);
    const extra = columns < this.drawnColumns ? rowsNow - this.drawn.split('\n').length : 0;
    spinner.stop();
    term.write(`${extra > 0 ? `\u001b[${extra}A` : ''}\u001b[1G\u001b[J`);
    spinner.start();
  };
}
