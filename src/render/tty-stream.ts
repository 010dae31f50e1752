// The stream ora draws on: our stdout, seen through a window that never
// reports 0 or undefined columns. ora 9.4.1 divides by `columns` to count the
// rows it must erase; with 0 it counts Infinity and spins for ever, ignoring
// SIGTERM (docs/ARCHITECTURE.md#stack-traps) — a pty under `script` or
// `docker -t` can say 0.
import { type OutStream } from './renderer.js';

/** A terminal stdout: an OutStream that may also tell its height. */
export interface TtyOut extends OutStream {
  rows?: number;
}

/** What ora calls on its stream (a subset of tty.WriteStream). */
export interface OraStream {
  readonly isTTY: true;
  readonly columns: number;
  readonly rows: number;
  write(chunk: string): boolean;
  cursorTo(x: number): boolean;
  moveCursor(dx: number, dy: number): boolean;
  clearLine(dir: -1 | 0 | 1): boolean;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

/** Columns of a terminal; 0/undefined (a pty that does not know) count as 80. */
export function columnsOf(out: TtyOut): number {
  const c = out.columns;
  return typeof c === 'number' && c > 0 ? c : 80;
}

/** Rows of a terminal; 0/undefined count as 24. */
export function rowsOf(out: TtyOut): number {
  const r = out.rows;
  return typeof r === 'number' && r > 0 ? r : 24;
}

const CSI = '\u001b[';

export function oraStream(out: TtyOut): OraStream {
  const events = out as TtyOut & {
    once?: (e: 'drain', l: () => void) => unknown;
    removeListener?: (e: 'drain', l: () => void) => unknown;
  };
  const canWait = typeof events.once === 'function' && typeof events.removeListener === 'function';
  // Only a real stream can say "full, wait for drain"; a sink without events never blocks.
  const write = (s: string): boolean => out.write(s) !== false || !canWait;
  return {
    isTTY: true,
    get columns() {
      return columnsOf(out);
    },
    get rows() {
      return rowsOf(out);
    },
    write,
    cursorTo: (x) => write(`${CSI}${x + 1}G`),
    moveCursor: (dx, dy) => {
      let s = '';
      if (dx) s += `${CSI}${Math.abs(dx)}${dx < 0 ? 'D' : 'C'}`;
      if (dy) s += `${CSI}${Math.abs(dy)}${dy < 0 ? 'A' : 'B'}`;
      return s ? write(s) : true;
    },
    clearLine: (dir) => write(`${CSI}${dir < 0 ? 1 : dir > 0 ? 0 : 2}K`),
    once: (e, l) => (canWait ? events.once!(e, l) : undefined),
    removeListener: (e, l) => (canWait ? events.removeListener!(e, l) : undefined),
  };
}
