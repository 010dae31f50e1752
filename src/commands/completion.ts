// `upload-post completion <bash|zsh|fish>`: print the shipped completion
// script, so `source <(upload-post completion bash)` and friends just work.
import { readFile } from 'node:fs/promises';
import { Argument, Command } from 'commander';

/** Shell → its script in the package's completions/ folder. */
export const COMPLETION_FILES = {
  bash: 'upload-post.bash',
  zsh: '_upload-post',
  fish: 'upload-post.fish',
} as const;

export type CompletionShell = keyof typeof COMPLETION_FILES;

const SHELLS = Object.keys(COMPLETION_FILES) as CompletionShell[];

function isShell(s: string): s is CompletionShell {
  return Object.hasOwn(COMPLETION_FILES, s);
}

/** The script's location: dist/commands/completion.js → <package>/completions/. */
export function completionFileUrl(shell: CompletionShell): URL {
  return new URL(`../../completions/${COMPLETION_FILES[shell]}`, import.meta.url);
}

export interface CompletionDeps {
  stdout: (text: string) => void;
  read: (url: URL) => Promise<string>;
}

const defaultDeps: CompletionDeps = {
  stdout: (t) => process.stdout.write(t),
  read: (url) => readFile(url, 'utf8'),
};

const INSTALL_HELP = `
Install:
  bash  upload-post completion bash > ~/.local/share/bash-completion/completions/upload-post
        or in ~/.bashrc:  source <(upload-post completion bash)
  zsh   upload-post completion zsh > ~/.zfunc/_upload-post
        and in ~/.zshrc, before compinit:  fpath=(~/.zfunc $fpath)
  fish  upload-post completion fish > ~/.config/fish/completions/upload-post.fish`;

export function createCompletionCommand(deps: Partial<CompletionDeps> = {}): Command {
  const io: CompletionDeps = { ...defaultDeps, ...deps };
  const command = new Command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    // No .choices(): its message would not name the shells the way ours does.
    .addArgument(new Argument('<shell>', `one of ${SHELLS.join(', ')}`))
    .addHelpText('after', INSTALL_HELP)
    .action(async (shell: string) => {
      if (!isShell(shell)) {
        return command.error(`error: unknown shell "${shell}"; choose one of ${SHELLS.join(', ')}.`, {
          exitCode: 2,
          code: 'upload-post.usage',
        });
      }
      io.stdout(await io.read(completionFileUrl(shell)));
    });
  return command;
}
