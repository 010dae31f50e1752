// Drive the real shells' completion machinery from tests: bash through its
// COMP_* variables, zsh through a pseudo-terminal (zpty) and a real <Tab>,
// fish through `complete -C`. One shell process completes a whole list of
// command lines (a zsh with compinit takes a good part of a second to start).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ShellName = 'bash' | 'zsh' | 'fish';

export const COMPLETIONS_DIR = fileURLToPath(new URL('../../completions/', import.meta.url));
export const COMPLETION_FILE: Record<ShellName, string> = {
  bash: `${COMPLETIONS_DIR}upload-post.bash`,
  zsh: `${COMPLETIONS_DIR}_upload-post`,
  fish: `${COMPLETIONS_DIR}upload-post.fish`,
};

/** Whether `name` is on PATH (the completion tests skip a missing shell). */
export function hasShell(name: ShellName): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a shell with a clean environment; `vars` carry data, never code to splice. */
export function runShell(file: string, args: string[], opts: { cwd?: string; vars?: Record<string, string> } = {}): Promise<ShellResult> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'dumb', ...opts.vars };
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd: opts.cwd, timeout: 25_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The shell's own syntax check: `bash -n`, `zsh -n`, `fish --no-execute`. */
export function syntaxCheck(shell: ShellName): Promise<ShellResult> {
  const flag = shell === 'fish' ? '--no-execute' : '-n';
  return runShell(shell, [flag, COMPLETION_FILE[shell]]);
}

/**
 * A shell script kept as written (backslashes untouched), with `$\{` standing
 * for the `${` that a template literal would take for its own.
 */
function script(strings: TemplateStringsArray): string {
  return strings.raw.join('').replaceAll('$\\{', '${');
}

/** Ends each line's candidates in the drivers' output. */
const END = 'UP-END-OF-CANDIDATES';

/** Split a driver's output into one candidate list per input line. */
function results(r: ShellResult, shell: ShellName, input: string[]): string[][] {
  const blocks = r.stdout.split(`${END}\n`);
  const last = blocks.pop();
  if (r.code !== 0 || r.stderr.trim() !== '' || last !== '' || blocks.length !== input.length) {
    throw new Error(`${shell} completion failed (exit ${r.code}, ${blocks.length}/${input.length} lines done): ${r.stderr.trim() || r.stdout.slice(-500)}`);
  }
  return blocks.map((b) => b.split('\n').filter((l) => l !== ''));
}

function noNewlines(input: string[]): string {
  for (const l of input) if (/[\n\r]/.test(l)) throw new Error(`a command line to complete holds a newline: ${JSON.stringify(l)}`);
  return input.join('\n');
}

// For each line: split it the way bash does before it calls a completion
// function (whitespace separates words; each run of COMP_WORDBREAKS
// characters, `=` or `:`, is a word of its own), set COMP_* as `complete -F`
// would, call the function and print COMPREPLY.
const BASH_DRIVER = script`
source "$UP_FILE" || exit 90
while IFS= read -r line; do
  COMP_LINE=$line
  COMP_POINT=$\{#line}
  COMP_TYPE=9
  COMP_KEY=9
  words=() word='' kind=''
  for ((k = 0; k < $\{#line}; k++)); do
    c=$\{line:k:1}
    if [[ $c == [[:space:]] ]]; then
      [[ -n $word ]] && words+=("$word")
      word='' kind=''
      continue
    fi
    if [[ $COMP_WORDBREAKS == *"$c"* ]]; then t=break; else t=text; fi
    if [[ -n $word && $t != "$kind" ]]; then
      words+=("$word")
      word=''
    fi
    word+=$c kind=$t
  done
  words+=("$word")
  COMP_WORDS=("$\{words[@]}")
  COMP_CWORD=$(($\{#words[@]} - 1))
  COMPREPLY=()
  _upload_post upload-post "$\{COMP_WORDS[COMP_CWORD]}" "$\{COMP_WORDS[COMP_CWORD - 1]}"
  (($\{#COMPREPLY[@]})) && printf '%s\n' "$\{COMPREPLY[@]}"
  printf '%s\n' "$UP_END"
done <<<"$UP_LINES"
`;

async function bashCompleteAll(input: string[], cwd?: string): Promise<string[][]> {
  const vars = { UP_FILE: COMPLETION_FILE.bash, UP_LINES: noNewlines(input), UP_END: END };
  return results(await runShell('bash', ['--norc', '--noprofile', '-c', BASH_DRIVER], { cwd, vars }), 'bash', input);
}

// zsh completes only inside the line editor of an interactive shell, so start
// one on a pseudo-terminal (zpty), load compinit with completions/ on $fpath
// (autoloaded through `#compdef`, as installed), then for each line type it
// and a <Tab>, collect, and clear the line with ^U. The <Tab> runs a widget
// that marks the start and end of its run with \x01 around zsh's own
// _main_complete; a wrapper around compadd prints each match that survives
// zsh's matching.
// compinit reads the first line of ~2,000 files to build its table, a second
// or two; the table is built once (UP_DUMP) and reused with `compinit -C`. It
// names _upload-post; the body is still read from completions/ on each run.
const ZSH_INNER = script`
PROMPT='' RPROMPT='' PS2=''
# No listing of the matches (the compadd wrapper prints them): a long list
# would stop at "do you wish to see all N possibilities?", and the ^U meant
# to clear the line would answer it instead.
unsetopt AUTO_LIST
LISTMAX=100000
fpath=("$UP_DIR" $fpath)
autoload -Uz compinit && compinit -C -d "$UP_DUMP"
zstyle ':completion:*' insert-tab false
# Never "do you wish to see all N possibilities?": the question would eat the
# next keys, and a command's flags outgrow the pty's rows one day.
LISTMAX=100000
__up_complete() {
  print -rn -- $'\x01\n'
  _main_complete
  local ret=$?
  print -rn -- $'\x01\n'
  return ret
}
zle -C __up_complete complete-word __up_complete
bindkey '^I' __up_complete
compadd() {
  # Calls that only collect matches (-O/-A/-D) are helpers' bookkeeping.
  if [[ $\{@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __up_hits
  builtin compadd -A __up_hits "$@"
  local h
  for h in $__up_hits; do print -r -- "CAND:$h"; done
  builtin compadd "$@"
}
print -r -- UP-READY
`;

const ZSH_DRIVER = script`
zmodload zsh/zpty || exit 90
zpty up zsh -f -i
zpty -w up 'eval "$UP_INNER"'
local l out line
while zpty -r up l; do [[ $l == UP-READY* ]] && break; done
for line in "$\{(@f)UP_LINES}"; do
  zpty -w -n up "$line"$'\t'
  out=''
  while zpty -r up l; do
    out+=$l
    [[ $out == *$'\x01'*$'\x01'* ]] && break
  done
  zpty -w -n up $'\x15'
  out=$\{out#*$'\x01'}
  out=$\{out%%$'\x01'*}
  for l in "$\{(@f)out}"; do
    l=$\{l%$'\r'}
    [[ $l == CAND:* ]] && print -r -- "$\{l#CAND:}"
  done
  print -r -- "$UP_END"
done
zpty -d up
exit 0
`;

const ZSH_DIR = COMPLETIONS_DIR.replace(/\/$/, '');
let zshDump: { dir: string; ready: Promise<string> } | undefined;

/** Build compinit's table once, for every zsh completion until disposeShells(). */
function zshCompDump(): Promise<string> {
  if (zshDump === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'upload-post-zsh-'));
    const dump = join(dir, 'zcompdump');
    const ready = runShell('zsh', ['-f', '-c', 'fpath=("$UP_DIR" $fpath); autoload -Uz compinit && compinit -u -d "$UP_DUMP"'], {
      vars: { UP_DIR: ZSH_DIR, UP_DUMP: dump },
    }).then((r) => {
      if (r.code !== 0) throw new Error(`zsh compinit failed (exit ${r.code}): ${r.stderr.trim()}`);
      return dump;
    });
    zshDump = { dir, ready };
  }
  return zshDump.ready;
}

/** Remove what the helpers left on disk (call from afterAll). */
export function disposeShells(): void {
  if (zshDump !== undefined) rmSync(zshDump.dir, { recursive: true, force: true });
  zshDump = undefined;
}

async function zshCompleteAll(input: string[], cwd?: string): Promise<string[][]> {
  const vars = { UP_DIR: ZSH_DIR, UP_DUMP: await zshCompDump(), UP_INNER: ZSH_INNER, UP_LINES: noNewlines(input), UP_END: END };
  return results(await runShell('zsh', ['-f', '-c', ZSH_DRIVER], { cwd, vars }), 'zsh', input);
}

// `complete -C line` for each line, the script sourced; descriptions dropped.
const FISH_DRIVER = script`
source $UP_FILE; or exit 90
for line in (string split \n -- $UP_LINES)
  complete -C "$line" | string replace -r '\t.*' ''
  echo $UP_END
end
`;

async function fishCompleteAll(input: string[], cwd?: string): Promise<string[][]> {
  const vars = { UP_FILE: COMPLETION_FILE.fish, UP_LINES: noNewlines(input), UP_END: END };
  return results(await runShell('fish', ['--no-config', '-c', FISH_DRIVER], { cwd, vars }), 'fish', input);
}

/**
 * What `shell` offers for each command line (cursor at its end), in input
 * order: bash's COMPREPLY, zsh's matches in the order compadd got them,
 * fish's candidates without their descriptions.
 */
export function completeAll(shell: ShellName, input: string[], opts: { cwd?: string } = {}): Promise<string[][]> {
  if (input.length === 0) return Promise.resolve([]);
  const run = { bash: bashCompleteAll, zsh: zshCompleteAll, fish: fishCompleteAll }[shell];
  return run(input, opts.cwd);
}

/** What `shell` offers for one command line. */
export async function complete(shell: ShellName, line: string, opts: { cwd?: string } = {}): Promise<string[]> {
  const [offered] = await completeAll(shell, [line], opts);
  return offered!;
}
