// Entry point. The Node version is checked first, `--version` answers before
// anything heavy is loaded (start-up is mostly module loading); everything
// else goes through main(). Built as dist/cli.cjs (docs/ARCHITECTURE.md#start-up).
import { nodeTooOld } from './node-version.js';
import { EXIT, outputLostLine } from './poll/exit-codes.js';
import { nodeFloor, packageVersion } from './version.js';

/**
 * Straight to fd 1: touching process.stdout builds a stream for it (a pipe
 * loads net, a terminal tty), ~6 ms of a ~70 ms `--version`. getBuiltinModule
 * (Node ≥ 20.16) rather than `import … from 'node:fs'`: bundled, this file
 * then imports nothing at all, and each ESM import is one more module to link.
 */
function writeLine(text: string): void {
  try {
    process.getBuiltinModule('node:fs').writeSync(1, text + '\n');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A non-blocking stdout that is full right now: let the stream queue it.
    if (code === 'EAGAIN') process.stdout.write(text + '\n');
    // Anything but EPIPE (`… | true`: nobody is reading) lost the answer: said
    // as main() says it, with its exit code (docs/CONTRACT.md#exit-codes).
    else if (code !== 'EPIPE') {
      process.stderr.write(outputLostLine(code ?? (err as Error).message));
      process.exitCode = EXIT.output;
    }
  }
}

const args = process.argv.slice(2);
const tooOld = nodeTooOld(process.versions.node, nodeFloor());
if (tooOld !== undefined) {
  // The exit code of a usage error (docs/CONTRACT.md#exit-codes); nothing else has run yet.
  process.stderr.write(`${tooOld}\n`);
  process.exitCode = EXIT.usage;
} else if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  writeLine(packageVersion());
} else {
  // No top-level await: the build makes this file CommonJS (scripts/build.mjs).
  // main() settles every error itself (src/main.ts), so nothing is left unhandled.
  void import('./main.js').then(({ main }) => main(args));
}
