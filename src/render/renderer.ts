// The seam between the poll loop and whatever a person or program reads
// (docs/ARCHITECTURE.md, "Outputs"). One primary view is chosen once (TTY,
// plain, JSON, quiet) and the loop never asks which one it has; any number of
// reports listen to the same events beside it and are written when the
// command ends, however it ends.
import { type UploadId } from '../api/types.js';
import { type Outcome } from '../poll/outcome.js';
import { type Progress } from '../poll/watcher.js';

export interface RenderContext {
  watch: boolean;
  /** Monotonic: durations, and the instants of Progress (nextCheckAt, dueAt, throttledUntil). */
  now: () => number;
  /** The wall clock: only for printing times. */
  wall: () => number;
  /** IDs are still being read (--ids-from as a stream): more may `arrive` until `inputEnd`. */
  inputOpen?: boolean;
}

/** The wall-clock time of an instant on the monotonic clock, for printing. */
export function wallTimeOf(ctx: RenderContext, instant: number): number {
  return ctx.wall() + (instant - ctx.now());
}

/** The events every output hears, in this order: start, then progress/outcome as they come. */
export interface OutputEvents {
  start(uploads: readonly UploadId[], ctx: RenderContext): void;
  /** An ID's picture: a new body (maybe unchanged), a retry, a wait. */
  progress(p: Progress): void;
  /** An ID reached its outcome (in --json this is when its line is written). */
  outcome(o: Outcome): void;
  /** While the input is open: an ID read, watched from now. */
  arrive?(upload: UploadId): void;
  /** The input ended: no more IDs will arrive. */
  inputEnd?(): void;
}

/** The primary view on stdout. */
export interface Renderer extends OutputEvents {
  /** Everything is over (also after an interrupt): final tables, summary, cursor back. */
  finish(outcomes: readonly Outcome[], exitCode: number): void;
  /**
   * Let another write reach the same terminal (a --verbose line on stderr)
   * without smearing a live view: the TTY renderer lifts its frame around it.
   */
  interject?(write: () => void): void;
  /** Ctrl-Z: the live frame is lifted and the cursor shown, so the shell gets a clean line. */
  suspend?(): void;
  /** `fg`: the frame is drawn afresh where the cursor now is, below the shell's line. */
  resume?(): void;
}

/** What a run came to, for the reports. */
export interface RunResult {
  outcomes: readonly Outcome[];
  exitCode: number;
  /** Monotonic: durations only. */
  startedAt: number;
  endedAt: number;
  /** When the run began, by the wall clock (a report's timestamp). */
  startedWall: number;
}

/** A file or CI artefact written from the same events once the run is over. */
export interface Report extends Partial<OutputEvents> {
  /** Names the report in an error sentence ("--junit report.xml"). */
  readonly name: string;
  /** Called exactly once, however the command ends; must never change stdout. */
  write(result: RunResult): Promise<void>;
}

/** Where renderers write; a TTY renderer also reads `columns` and `isTTY`. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}
