// Run a command in a real pseudo-terminal (node-pty) and read what a person
// would see: every raw byte, and the screen as xterm renders it
// (@xterm/headless), scrollback included.
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { EventEmitter } from 'node:events';
import { cleanEnv } from './cli.js';

export interface PtyOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Size of the emulated screen when the pty's own size is not one (0 columns). */
  screenCols?: number;
  /**
   * Keep the terminal open this long after the program exits, through a
   * shell that waits and exits with the program's code. On a loaded machine
   * Linux dropped the last KiB a program wrote just before it exited: the
   * terminal closed with the bytes still unread (a final view cut mid-line,
   * 1 run in 5 under 5 busy loops; none in 14 with this). Only for a test
   * that sends no signal: the shell would get them too.
   */
  holdOpenMs?: number;
}

export interface PtyExit {
  exitCode: number;
  signal: number;
  ms: number;
}

export interface PtySession {
  /** Everything the program wrote, exactly (decoded as UTF-8). */
  readonly raw: string;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Send a signal to the process (not through the terminal, unlike Ctrl-C). */
  kill(signal: NodeJS.Signals): void;
  /** The visible screen, one string per row, trailing blanks trimmed. */
  screen(): Promise<string[]>;
  /** Scrollback and screen together, top to bottom. */
  buffer(): Promise<string[]>;
  /** Resolves once `test` holds for the visible screen; rejects after `timeoutMs`. */
  waitForScreen(test: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  readonly exited: Promise<PtyExit>;
  /** Kill the process if it is still running (SIGKILL). */
  dispose(): void;
}

/** xterm parses writes in order, asynchronously: an empty write's callback means all are in. */
/**
 * Once what is queued has been drawn: first a turn of the loop, so a redraw
 * queued as a microtask has written its frame, then xterm's callback for an
 * empty write queued behind it (xterm parses in time slices: under load a
 * callback queued before the frame could fire with the frame still unparsed).
 */
async function settled(term: xterm.Terminal): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await new Promise<void>((r) => term.write('', r));
}

/** After the exit, the output has ended once no byte has come for this long. */
const QUIET_MS = 150;

export function spawnPty(file: string, args: string[], opts: PtyOptions = {}): PtySession {
  const cols = opts.cols ?? 100;
  const rows = opts.rows ?? 30;
  const term = new xterm.Terminal({ cols: opts.screenCols ?? cols, rows, scrollback: 5000, allowProposedApi: true });
  const env = cleanEnv({ TERM: 'xterm-256color', ...opts.env });
  const started = Date.now();
  const [command, argv] =
    opts.holdOpenMs === undefined ? [file, args] : ['/bin/sh', ['-c', `"$0" "$@"; rc=$?; sleep ${opts.holdOpenMs / 1000}; exit $rc`, file, ...args]];
  const child = pty.spawn(command, argv, { name: 'xterm-256color', cols, rows, cwd: opts.cwd, env: env as Record<string, string> });
  let raw = '';
  let done = false;
  let lastData = Date.now();
  child.onData((d) => {
    raw += d;
    lastData = Date.now();
    term.write(d);
  });
  const exited = new Promise<PtyExit>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      const exit = { exitCode, signal: signal ?? 0, ms: Date.now() - started };
      // node-pty may report the exit before the last bytes have been read
      // from the pty (seen on a loaded machine): wait for the output to go quiet.
      void (async () => {
        const until = Date.now() + 3_000;
        while (Date.now() - lastData < QUIET_MS && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
        done = true;
        resolve(exit);
      })();
    });
  });

  const lines = async (from: 'screen' | 'all'): Promise<string[]> => {
    await settled(term);
    const b = term.buffer.active;
    const first = from === 'screen' ? b.baseY : 0;
    const out: string[] = [];
    for (let i = first; i < b.baseY + term.rows; i++) out.push(b.getLine(i)?.translateToString(true) ?? '');
    return out;
  };

  return {
    get raw() {
      return raw;
    },
    exited,
    write: (data) => child.write(data),
    kill: (signal) => process.kill(child.pid, signal),
    resize: (c, r) => {
      child.resize(c, r);
      term.resize(c, r);
    },
    screen: () => lines('screen'),
    buffer: () => lines('all'),
    async waitForScreen(test, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = (await lines('screen')).join('\n');
        if (test(text)) return text;
        if (done || Date.now() > deadline) {
          throw new Error(`screen never matched (${done ? 'process exited' : 'timed out'}):\n${text}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    dispose() {
      if (!done) child.kill('SIGKILL');
      term.dispose();
    },
  };
}

/**
 * A terminal without a process: an OutStream for renderers under test whose
 * writes go into an emulated screen. `columns` may be 0 or undefined, like a
 * pty that does not know its size; the screen then has `screenCols`.
 */
export interface FakeTty {
  out: { isTTY: true; columns: number | undefined; rows: number | undefined; write(s: string): boolean } & EventEmitter;
  /** Every write, in order. */
  writes: string[];
  raw(): string;
  screen(): Promise<string[]>;
  buffer(): Promise<string[]>;
  /** Rows the emulator had to soft-wrap: a line wider than the terminal. */
  wrapped(): Promise<number>;
  /** Resize the screen (it reflows, like xterm.js) and emit 'resize'. */
  resize(cols: number, rows: number): Promise<void>;
}

export function fakeTty(cols: number | undefined, rows: number | undefined, screenCols = 80): FakeTty {
  const width = cols || screenCols;
  const height = rows || 24;
  // No pty in between: nothing turns "\n" into "\r\n", so the emulator must.
  const term = new xterm.Terminal({ cols: width, rows: height, scrollback: 5000, allowProposedApi: true, convertEol: true });
  const writes: string[] = [];
  const out = Object.assign(new EventEmitter(), {
    isTTY: true as const,
    columns: cols,
    rows,
    write(s: string) {
      writes.push(s);
      term.write(s);
      return true;
    },
  });
  const lines = async (from: 'screen' | 'all'): Promise<string[]> => {
    await settled(term);
    const b = term.buffer.active;
    const out: string[] = [];
    for (let i = from === 'screen' ? b.baseY : 0; i < b.baseY + term.rows; i++) out.push(b.getLine(i)?.translateToString(true) ?? '');
    return out;
  };
  return {
    out,
    writes,
    raw: () => writes.join(''),
    screen: () => lines('screen'),
    buffer: () => lines('all'),
    async wrapped() {
      await settled(term);
      const b = term.buffer.active;
      let n = 0;
      for (let i = 0; i < b.length; i++) if (b.getLine(i)?.isWrapped) n += 1;
      return n;
    },
    async resize(c, r) {
      await settled(term);
      term.resize(c, r);
      out.columns = c;
      out.rows = r;
      out.emit('resize');
    },
  };
}
