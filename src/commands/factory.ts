// What every command is handed (gh's cmdutil.Factory): the process's streams,
// environment and clock, and the heavier pieces loaded on use. main.ts builds
// the real one; tests build their own, so no command touches `process`.
import { type Connect } from '../api/connect.js';
import { type Env } from '../config/env.js';
import { type HiddenAnswer } from './auth/prompt.js';
import { type OutStream, type Renderer } from '../render/renderer.js';
import { type Theme } from '../render/theme.js';
import { type Simulator, type SimulatorOptions } from '../simulator/server.js';

export interface Clock {
  /** Monotonic milliseconds: every duration, deadline and wait. */
  now: () => number;
  /** The wall clock (ms since the epoch): server times and printed times only. */
  wall: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
}

export interface Factory {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: AsyncIterable<string | Buffer>;
  readonly env: Env;
  readonly userAgent: string;
  readonly clock: Clock;
  /** Opens the API connection (the one place the HTTP client is built). */
  readonly connect: Connect;
  /** The live terminal view, loaded on use; absent → the plain log even on a terminal. */
  readonly createTtyRenderer?: (out: OutStream, theme: Theme) => Promise<Renderer>;
  readonly startSimulator: (opts: SimulatorOptions) => Promise<Simulator>;
  readonly readText: (url: URL) => Promise<string>;
  /** A hidden prompt on the terminal; absent when stdin is not a terminal (`auth login`). */
  readonly promptHidden?: (prompt: string) => Promise<HiddenAnswer>;
  /**
   * Status and demo: aborts at SIGINT/SIGTERM/SIGHUP, and the process exits
   * with that signal's code. The handlers go in at the first call; every call
   * returns the same signal.
   */
  interruptSignal(): AbortSignal;
  /** Simulate: resolves at SIGINT/SIGTERM, a clean stop (exit 0). */
  untilStopped(): Promise<void>;
  /** What the command came to; main() makes it the process's exit code. */
  setExitCode(code: number): void;
  /** Takes every API key the command line and environment hold out of a text (commander's own errors quote arguments). */
  redact?(text: string): string;
  /**
   * Once all written so far is out: why stdout lost output (not a reader
   * closing it), or undefined. Given `waitMs`, a reader that has not taken
   * it all by then has stopped reading, and what it did not take is lost.
   */
  stdoutFailure?(waitMs?: number): Promise<string | undefined>;
  /**
   * Job control: `suspend` runs at Ctrl-Z (SIGTSTP) before the process
   * stops, `resume` when `fg`/`bg` continues it (SIGCONT). Returns the undo.
   */
  onJobControl?(hooks: { suspend(): void; resume(): void }): () => void;
}
