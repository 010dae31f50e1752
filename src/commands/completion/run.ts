// `upload-post completion <shell>`: print the shipped script, so
// `source <(upload-post completion bash)` and friends just work.
import { UsageError } from '../../config/usage-error.js';
import { type Factory } from '../factory.js';

/** Shell → its script in the package's completions/ folder. */
export const COMPLETION_FILES = {
  bash: 'upload-post.bash',
  zsh: '_upload-post',
  fish: 'upload-post.fish',
} as const;

export type CompletionShell = keyof typeof COMPLETION_FILES;

export const SHELLS = Object.keys(COMPLETION_FILES) as CompletionShell[];

function isShell(s: string): s is CompletionShell {
  return Object.hasOwn(COMPLETION_FILES, s);
}

/** The script's location: dist/commands/completion/run.js → <package>/completions/. */
export function completionFileUrl(shell: CompletionShell): URL {
  return new URL(`../../../completions/${COMPLETION_FILES[shell]}`, import.meta.url);
}

export async function runCompletion(shell: string, f: Pick<Factory, 'stdout' | 'readText'>): Promise<number> {
  if (!isShell(shell)) throw new UsageError(`unknown shell "${shell}"; choose one of ${SHELLS.join(', ')}.`);
  f.stdout.write(await f.readText(completionFileUrl(shell)));
  return 0;
}
