// The commander program: the commands, assembled. Nothing else happens here;
// main.ts runs it and turns what it came to into the exit code.
import { Command } from 'commander';
import { createAuthCommand } from './commands/auth/command.js';
import { createCompletionCommand } from './commands/completion/command.js';
import { createDemoCommand } from './commands/demo/command.js';
import { DOCS_POINTER } from './commands/docs.js';
import { type Factory } from './commands/factory.js';
import { createMcpCommand } from './commands/mcp/command.js';
import { createSimulateCommand } from './commands/simulate/command.js';
import { createStatusCommand } from './commands/status/command.js';
import { exitCodeHelp } from './poll/exit-codes.js';

export function buildProgram(f: Factory, version: string): Command {
  const program = new Command('upload-post')
    .description('Tell what became of your Upload-Post uploads: paced polling, live view, honest exit codes.')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Through the factory: its stderr quietly ignores a reader that went away (main.ts).
      writeErr: (str) => f.stderr.write(str),
      // Commander quotes what was typed ("unknown option '--api-keyy=…'"): the key comes out first.
      outputError: (str, write) => write((f.redact ?? ((t: string) => t))(`upload-post: ${str.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\)\n$/, ' (did you mean $1)\n')}`)),
    })
    .addHelpText('after', exitCodeHelp() + '\n' + DOCS_POINTER);
  // Loaded on use: `--help` and `simulate` never load the watcher, the views or got.
  const runStatus = async (opts: Parameters<typeof import('./commands/status/run.js').runStatusCommand>[1]) =>
    (await import('./commands/status/run.js')).runStatusCommand(f, opts);
  const commands = [createStatusCommand(f, runStatus), createDemoCommand(f), createSimulateCommand(f), createMcpCommand(f), createAuthCommand(f), createCompletionCommand(f)];
  for (const command of commands) program.addCommand(command.copyInheritedSettings(program));
  return program;
}
