// The process around the program: real streams, signals and clock go into the
// factory; whatever the command came to — a code, a usage error, a bug — comes
// out as the exit code. The only place that sets it (docs/ARCHITECTURE.md).
import { CommanderError } from 'commander';
import { type Factory } from './commands/factory.js';
import { InputInterrupted, UsageError } from './config/usage-error.js';
import { combineExitCodes, EXIT, EXIT_INTERNAL, outputLostLine, type Interruption } from './poll/exit-codes.js';
import { realClock } from './poll/sleep.js';
import { buildProgram } from './program.js';
import { redactor } from './util/sanitize.js';
import { packageVersion } from './version.js';

/** Each ends a watch the same way: outputs written, then this exit code. */
const SIGNAL_CODES = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm, SIGHUP: EXIT.sighup } as const;
const SIGNALS = Object.keys(SIGNAL_CODES) as (keyof typeof SIGNAL_CODES)[];
/** After a signal, how long a stdout reader may take to read what is left. */
const SIGNAL_STDOUT_WAIT_MS = 1_000;
const STALLED = 'its reader stopped reading';

export async function main(argv: string[]): Promise<void> {
  quietNodeWarnings(argv.includes('--verbose'));
  let code: number = EXIT.ok;
  const abort = new AbortController();
  let signalCode: number | undefined;
  let listening = false;
  let lastSignal: keyof typeof SIGNAL_CODES | undefined;
  const onSignal = (sig: keyof typeof SIGNAL_CODES): void => {
    if (signalCode !== undefined) process.exit(signalCode); // a second Ctrl-C: no more waiting
    lastSignal = sig;
    signalCode = SIGNAL_CODES[sig];
    abort.abort({ exitCode: signalCode } satisfies Interruption);
  };
  const output = watchOutput();
  // Every key this run could hold, out of every error text: ours and commander's.
  const scrub = redactor(knownKeys(argv));

  const version = packageVersion();
  const f: Factory = {
    stdout: process.stdout,
    // Getters: Node builds a stream at the first touch (a pipe's loads net, ~2–4 ms
    // each), and a one-shot `--json` that reads no stdin and says nothing on
    // stderr need build neither (docs/ARCHITECTURE.md#start-up).
    get stderr() {
      return stderr();
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    userAgent: `upload-post-cli/${version}`,
    clock: realClock,
    connect: async (opts) => (await import('./api/connect.js')).connect(opts),
    createTtyRenderer: async (out, theme) => (await import('./render/tty-loader.js')).createTtyRenderer(out, theme),
    // node:http loads only when a server starts, not for `--help`.
    startSimulator: async (opts) => (await import('./simulator/server.js')).startSimulator(opts),
    readText: (url) => process.getBuiltinModule('node:fs/promises').readFile(url, 'utf8'),
    // Only on a terminal, asked only by `auth login`: node:tty is not loaded for a one-shot.
    get promptHidden() {
      if (!process.getBuiltinModule('node:tty').isatty(0)) return undefined;
      return async (prompt: string) => (await import('./commands/auth/prompt.js')).readHidden(process.stdin, stderr(), prompt);
    },
    interruptSignal() {
      if (!listening) for (const sig of SIGNALS) process.on(sig, onSignal);
      listening = true;
      return abort.signal;
    },
    untilStopped: () => untilSignal(),
    setExitCode: (c) => (code = c),
    stdoutFailure: (waitMs) => output.stdoutFailure(waitMs),
    onJobControl: jobControl,
    redact: scrub,
  };

  let interruptedInput: InputInterrupted | undefined;
  try {
    await buildProgram(f, version).parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof InputInterrupted) interruptedInput = err;
    else code = errorExitCode(err, argv.includes('--verbose'), scrub);
  } finally {
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
  if (interruptedInput && lastSignal) {
    // A read may still be blocked in the thread pool (a FIFO nobody opened for
    // writing), and an exit waits for it: the signal itself ends the process.
    stderr().write(`upload-post: ${interruptedInput.message}\n`);
    process.kill(process.pid, lastSignal);
    return;
  }
  // After a signal, a reader that stopped reading gets a second, no more (docs/CONTRACT.md#exit-codes).
  const lost = await output.stdoutFailure(signalCode !== undefined ? SIGNAL_STDOUT_WAIT_MS : undefined);
  if (lost) {
    stderr().write(outputLostLine(lost));
    code = combineExitCodes([code, EXIT.output]);
  }
  process.exitCode = signalCode ?? code;
  // Writes queued for a reader that stopped reading would keep the process alive until it reads: they are lost already.
  if (output.stalled()) process.exit(process.exitCode);
  // The command is over. Something a server left behind (a socket it switched
  // to another protocol, a connection it never closes) must not keep the
  // process alive; unref: this timer never keeps it alive by itself.
  setTimeout(() => process.exit(process.exitCode), signalCode !== undefined ? 1_000 : 2_000).unref();
}

/**
 * stdout and stderr failing must not change the verdict. A reader that closes
 * the pipe early (`… | head -1`) is its own choice: output is dropped and the
 * watch goes on to the true exit code. Any other stdout failure (a full disk)
 * loses results, so it is reported and exits EXIT.output — a reader that
 * stops reading too, once the caller's wait is up: a pipe's writes queue in
 * memory (they never block the loop), so the deadline and signals still act,
 * and what is still queued then is lost. stderr failing is nobody's to hear.
 */
function watchOutput(): { stdoutFailure(waitMs?: number): Promise<string | undefined>; stalled(): boolean } {
  let failure: string | undefined;
  const note = (err: NodeJS.ErrnoException | null | undefined): void => {
    if (err && err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') failure ??= err.code ?? err.message;
  };
  process.stdout.on('error', note);
  // Whether anything was ever written: a run that wrote nothing (`--quiet`, a
  // usage error) lost nothing, and the empty write below would itself fail on
  // a full device (/dev/full answers even a write of 0 bytes with ENOSPC).
  let wrote = false;
  const write = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if ((chunk as { length?: number } | null)?.length) wrote = true;
    return (write as (...args: unknown[]) => boolean).apply(this, [chunk, ...rest]);
  } as typeof process.stdout.write;
  return {
    // An empty write's callback comes after every earlier write has failed or
    // not; a stream that failed says so in `errored` before its 'error' event.
    stdoutFailure: (waitMs) =>
      new Promise((resolve) => {
        if (failure === STALLED || !wrote) return resolve(failure);
        const timer = waitMs === undefined ? undefined : setTimeout(() => resolve((failure ??= STALLED)), waitMs);
        process.stdout.write('', () => {
          clearTimeout(timer);
          note(process.stdout.errored as NodeJS.ErrnoException | null);
          resolve(failure);
        });
      }),
    stalled: () => failure === STALLED && process.stdout.writableLength > 0,
  };
}

/**
 * Ctrl-Z and fg around a live view (docs/CONTRACT.md#output): at SIGTSTP the
 * view lifts its frame and shows the cursor, then the process stops as it
 * would have — our listener goes, so the re-raised SIGTSTP takes its default
 * action — and when SIGCONT continues it, the listener is back and the view
 * draws afresh below whatever the shell printed meanwhile.
 */
function jobControl(hooks: { suspend(): void; resume(): void }): () => void {
  const onStop = (): void => {
    hooks.suspend();
    process.off('SIGTSTP', onStop);
    process.kill(process.pid, 'SIGTSTP');
  };
  const onContinue = (): void => {
    if (process.listenerCount('SIGTSTP') === 0) process.on('SIGTSTP', onStop);
    hooks.resume();
  };
  process.on('SIGTSTP', onStop);
  process.on('SIGCONT', onContinue);
  return () => {
    process.off('SIGTSTP', onStop);
    process.off('SIGCONT', onContinue);
  };
}

/**
 * Node's own warnings (a DeprecationWarning from a dependency, such as a TLS
 * server name set to a proxy's IP address) are not ours to show a user:
 * stderr carries our sentences only (docs/CONTRACT.md#output). --verbose
 * still shows them, as one line each.
 */
function quietNodeWarnings(verbose: boolean): void {
  process.removeAllListeners('warning');
  if (verbose) process.on('warning', (w) => stderr().write(`upload-post: node: ${w.name}: ${w.message}\n`));
}

/** process.stderr, built at the first use, failing quietly (see watchOutput). */
let stderrQuieted = false;
function stderr(): NodeJS.WriteStream {
  if (!stderrQuieted) process.stderr.on('error', () => {});
  stderrQuieted = true;
  return process.stderr;
}

/** SIGINT/SIGTERM is how a user ends the simulator, so both mean a clean stop. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Every API key this run could hold, so no error text can carry one: the
 * environment's, --api-key's, and the value of any option whose name holds
 * "key" — a mistyped `--apikey=…` or `--api-keyy …` is still a key, and
 * commander's error quotes it.
 */
function knownKeys(argv: string[]): string[] {
  const keys = [process.env.UPLOAD_POST_API_KEY ?? ''];
  argv.forEach((a, i) => {
    if (/^--api-key-file(=|$)/.test(a)) return; // a path, which errors must be able to name
    const inline = /^--?[\w-]*key[\w-]*=(.*)$/is.exec(a);
    if (inline) keys.push(inline[1]!);
    else if (/^--?[\w-]*key[\w-]*$/i.test(a)) keys.push(argv[i + 1] ?? '');
  });
  return keys.filter((k) => k.length > 0);
}

function errorExitCode(err: unknown, verbose: boolean, scrub: (text: string) => string): number {
  // --help and --version exit 0; every parse error of commander's is a usage error.
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof UsageError) {
    stderr().write(scrub(`upload-post: ${err.message}\n`));
    return EXIT.usage;
  }
  const e = err as Error;
  stderr().write(scrub(`upload-post: unexpected error: ${e?.message ?? String(err)}\n`));
  if (verbose && e?.stack) stderr().write(scrub(e.stack + '\n'));
  return EXIT_INTERNAL;
}
