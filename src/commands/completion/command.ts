// The declarative side of `completion`: one argument, install help.
import { Argument, Command } from 'commander';
import { DOCS_POINTER } from '../docs.js';
import { type Factory } from '../factory.js';
import { runCompletion, SHELLS } from './run.js';

const INSTALL_HELP = `
Install:
  bash  upload-post completion bash > ~/.local/share/bash-completion/completions/upload-post
        or in ~/.bashrc:  source <(upload-post completion bash)
  zsh   upload-post completion zsh > ~/.zfunc/_upload-post
        and in ~/.zshrc, before compinit:  fpath=(~/.zfunc $fpath)
  fish  upload-post completion fish > ~/.config/fish/completions/upload-post.fish`;

export type CompletionDeps = Pick<Factory, 'stdout' | 'readText' | 'setExitCode'>;

export function createCompletionCommand(f: CompletionDeps, runF: (shell: string) => Promise<number> = (shell) => runCompletion(shell, f)): Command {
  return (
    new Command('completion')
      .description('print the shell completion script for bash, zsh or fish')
      // No .choices(): its message would not name the shells the way ours does.
      .addArgument(new Argument('<shell>', `one of ${SHELLS.join(', ')}`))
      .addHelpText('after', INSTALL_HELP + '\n' + DOCS_POINTER)
      .action(async (shell: string) => f.setExitCode(await runF(shell)))
  );
}
