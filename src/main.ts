// The process around the program: real streams, signals and clock go into the
// factory; whatever the command came to — a code, a usage error, a bug — comes
// out as the exit code. The only place that sets it (docs/ARCHITECTURE.md).
import { readFile } from 'node:fs/promises';
import { CommanderError } from 'commander';
import { type Factory } from './commands/factory.js';
import { UsageError } from './config/usage-error.js';
import { EXIT, EXIT_INTERNAL } from './poll/exit-codes.js';
import { sleep } from './poll/sleep.js';
import { buildProgram } from './program.js';
import { redact } from './util/sanitize.js';
import { packageVersion } from './version.js';

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm };

export async function main(argv: string[]): Promise<void> {
  let code: number = EXIT.ok;
  const abort = new AbortController();
  let signalCode: number | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalCode !== undefined) process.exit(signalCode); // a second Ctrl-C: no more waiting
    signalCode = SIGNAL_CODES[sig] ?? EXIT.sigterm;
    abort.abort();
  };
  // `upload-post … | head` closes our stdout: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(code);
  });

  const version = packageVersion();
  const f: Factory = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    userAgent: `upload-post-cli/${version}`,
    clock: { now: Date.now, sleep, random: Math.random },
    connect: async (opts) => (await import('./api/connect.js')).connect(opts),
    createTtyRenderer: async (out, theme) => (await import('./render/tty-loader.js')).createTtyRenderer(out, theme),
    // node:http loads only when a server starts, not for `--help`.
    startSimulator: async (opts) => (await import('./simulator/server.js')).startSimulator(opts),
    readText: (url) => readFile(url, 'utf8'),
    interruptSignal() {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      return abort.signal;
    },
    untilStopped: () => untilSignal(),
    setExitCode: (c) => (code = c),
  };

  try {
    await buildProgram(f, version).parseAsync(argv, { from: 'user' });
  } catch (err) {
    code = errorExitCode(err, argv.includes('--verbose'), knownKeys(argv));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  process.exitCode = signalCode ?? code;
  if (signalCode !== undefined) {
    // Something (a socket, a timer) might still hold the loop open; it must not
    // hold an interrupted process. unref: it never keeps us alive by itself.
    setTimeout(() => process.exit(signalCode), 1000).unref();
  }
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

/** Every API key this run could hold, so no error text can carry one. */
function knownKeys(argv: string[]): string[] {
  const keys = [process.env.UPLOAD_POST_API_KEY ?? ''];
  argv.forEach((a, i) => {
    if (a === '--api-key') keys.push(argv[i + 1] ?? '');
    else if (a.startsWith('--api-key=')) keys.push(a.slice('--api-key='.length));
  });
  return keys.filter((k) => k.length > 0);
}

function errorExitCode(err: unknown, verbose: boolean, keys: string[]): number {
  const scrub = (s: string): string => keys.reduce((t, k) => redact(t, k), s);
  // --help and --version exit 0; every parse error of commander's is a usage error.
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof UsageError) {
    process.stderr.write(scrub(`upload-post: ${err.message}\n`));
    return EXIT.usage;
  }
  const e = err as Error;
  process.stderr.write(scrub(`upload-post: unexpected error: ${e?.message ?? String(err)}\n`));
  if (verbose && e?.stack) process.stderr.write(scrub(e.stack + '\n'));
  return EXIT_INTERNAL;
}
