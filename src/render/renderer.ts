// The seam between the poll loop and whatever a person or program reads.
// A renderer is chosen once (TTY, plain, JSON, quiet — STYLE.md rule 5) and
// the loop never asks which one it has.
import { type UploadId } from '../api/types.js';
import { type Outcome } from '../poll/outcome.js';
import { type Progress } from '../poll/watcher.js';

export interface RenderContext {
  watch: boolean;
  now: () => number;
}

export interface Renderer {
  start(uploads: readonly UploadId[], ctx: RenderContext): void;
  /** An ID's picture: a new body (maybe unchanged), a retry, a wait. */
  progress(p: Progress): void;
  /** An ID reached its outcome (in --json this is when its line is written). */
  outcome(o: Outcome): void;
  /** Everything is over (also after an interrupt): final tables, summary, cursor back. */
  finish(outcomes: readonly Outcome[], exitCode: number): void;
  /**
   * Let another write reach the same terminal (a --verbose line on stderr)
   * without smearing a live view: the TTY renderer lifts its frame around it.
   */
  interject?(write: () => void): void;
}

/** Where renderers write; a TTY renderer also reads `columns` and `isTTY`. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}
