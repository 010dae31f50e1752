// Progress notifications for a waiting tool call (docs/MCP.md#progress): one
// on every change a person would notice, and a heartbeat so that no 25 s pass
// in silence — many clients end a call they have heard nothing from for 60 s.
import { OUTCOME_TABLE, type Outcome } from '../poll/outcome.js';
import { type Progress } from '../poll/watcher.js';
import { countText, idLabel } from '../render/rows.js';
import { monotonicNow } from '../util/monotonic.js';

/** The longest silence allowed is 25 s; the heartbeat comes a little before. */
export const HEARTBEAT_MS = 20_000;

export interface ProgressSink {
  /** `progress` only ever grows (seconds waited, to the millisecond), `total` is the timeout in seconds. */
  send(progress: number, total: number, message: string): void;
}

export interface Timers {
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  now: monotonicNow,
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
};

export class ProgressReporter {
  private readonly started: number;
  private last = -1;
  private cancelTimer: () => void = () => {};
  private readonly latest = new Map<string, string>();
  private finals = 0;
  private stopped = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly ids: number,
    private readonly timeoutMs: number,
    private readonly timers: Timers = realTimers,
  ) {
    this.started = timers.now();
    this.arm();
  }

  /** An ID's picture moved on: say so when it changed. */
  onProgress(p: Progress): void {
    const line = `${idLabel(p.upload)}: ${p.facts?.statusText ?? 'no answer yet'}${p.facts ? ` ${countText(p.facts)}` : ''}${p.throttled ? ' (throttled)' : ''}`;
    this.latest.set(`${p.upload.kind}:${p.upload.id}`, line);
    if (p.changed) this.emit(line);
  }

  /** An ID reached its outcome. */
  onFinal(o: Outcome): void {
    this.finals += 1;
    this.latest.delete(`${o.upload.kind}:${o.upload.id}`);
    this.emit(`${idLabel(o.upload)}: ${OUTCOME_TABLE[o.kind].label}`);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
  }

  private heading(): string {
    return `${this.finals} of ${this.ids} final`;
  }

  private emit(detail: string): void {
    if (this.stopped) return;
    const waited = Math.round(this.timers.now() - this.started) / 1000;
    // The protocol wants progress to grow with every notification.
    const progress = Math.max(waited, this.last + 0.001);
    this.last = progress;
    this.sink.send(progress, this.timeoutMs / 1000, `${this.heading()} — ${detail}`);
    this.arm();
  }

  private arm(): void {
    this.cancelTimer();
    if (this.stopped) return;
    this.cancelTimer = this.timers.setTimer(() => this.emit(this.stillWaiting()), HEARTBEAT_MS);
  }

  private stillWaiting(): string {
    const open = [...this.latest.values()].slice(0, 3);
    return open.length > 0 ? `still waiting: ${open.join('; ')}` : 'still waiting for the first answers';
  }
}
