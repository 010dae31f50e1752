// The commander program and the one place that turns outcomes into the
// process's exit code (STYLE.md rule 2).
import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import { defineStatusCommand, EXIT_CODE_HELP } from './commands/status-command.js';
import { parseIdList, resolveStatusOptions, UsageError, type StatusFlags } from './commands/status-options.js';
import { type StatusIO } from './commands/status.js';
import { EXIT } from './poll/outcome.js';
import { redact } from './util/sanitize.js';
import { packageVersion } from './version.js';

/** Exit code for a bug: outside the contract's table, so never mistaken for a verdict. */
export const EXIT_INTERNAL = 70;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function loadIdsFrom(path: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--ids-from: cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
}

export async function main(argv: string[]): Promise<void> {
  const stderr = process.stderr;
  let code: number = EXIT.ok;
  let verbose = argv.includes('--verbose');

  // Interrupts (status and demo): stop at once, let the renderer restore the
  // cursor, exit 130/143. `simulate` handles its own signals (a clean stop).
  const abort = new AbortController();
  let signalCode: number | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalCode !== undefined) process.exit(signalCode); // a second Ctrl-C: no more waiting
    signalCode = sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
    abort.abort();
  };
  const interruptible = (): AbortSignal => {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return abort.signal;
  };
  // `upload-post … | head` closes our stdout: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(code);
  });

  const program = new Command('upload-post')
    .description('Tell what became of your Upload-Post uploads: paced polling, live view, honest exit codes.')
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(`upload-post: ${str.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\)\n$/, ' (did you mean $1)\n')}`),
    })
    .addHelpText('after', EXIT_CODE_HELP);

  // What status and demo hand the runner: the real streams, and the live view loaded on use.
  const terminalIo = async (): Promise<StatusIO> => {
    const { createTtyRenderer } = await import('./render/tty-loader.js');
    return { stdout: process.stdout, stderr, userAgent: `upload-post-cli/${packageVersion()}`, createTtyRenderer, term: process.env.TERM };
  };

  defineStatusCommand(program.command('status'), async (flags: StatusFlags) => {
    verbose = flags.verbose === true;
    const listed = flags.idsFrom !== undefined ? parseIdList(await loadIdsFrom(flags.idsFrom), flags.idsFrom === '-' ? 'stdin' : flags.idsFrom) : [];
    const opts = resolveStatusOptions(flags, process.env, listed);
    // Loaded on use, not at the top: `--help` and `simulate` skip the renderers and their ICU start (issue 7).
    const [{ runStatus }, { createAgents }, io] = await Promise.all([import('./commands/status.js'), import('./api/agents.js'), terminalIo()]);
    const agents = await createAgents(opts.baseUrl, opts.concurrency);
    try {
      const result = await runStatus(opts, { ...io, client: { agent: { http: agents.http, https: agents.https } } }, interruptible());
      code = result.code;
    } finally {
      agents.destroy();
    }
  });

  program
    .command('demo')
    .description('watch a simulated upload end to end: no account, no network')
    .action(async () => {
      const [{ runDemo }, io] = await Promise.all([import('./commands/demo.js'), terminalIo()]);
      code = await runDemo(io, process.env, interruptible());
    });

  const { createSimulateCommand } = await import('./commands/simulate.js');
  program.addCommand(createSimulateCommand().copyInheritedSettings(program));
  const { createCompletionCommand } = await import('./commands/completion.js');
  program.addCommand(createCompletionCommand().copyInheritedSettings(program));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    code = errorExitCode(err, verbose, knownKeys(argv));
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
  if (err instanceof CommanderError) {
    // Our commands' own errors carry their code; --help and --version exit 0;
    // every parse error of commander's is a usage error (exit 2).
    if (err.code.startsWith('upload-post.')) return err.exitCode;
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`upload-post: ${err.message}\n`);
    return EXIT.usage;
  }
  const e = err as Error;
  process.stderr.write(scrub(`upload-post: unexpected error: ${e?.message ?? String(err)}\n`));
  if (verbose && e?.stack) process.stderr.write(scrub(e.stack + '\n'));
  return EXIT_INTERNAL;
}
