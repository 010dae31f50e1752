// Shell completion: the scripts in completions/ driven by the real shells
// (bash COMP_* variables, zsh on a pty with a real <Tab>, fish `complete -C`),
// checked against the CLI's own --help so they cannot drift, and the
// `completion` command that prints them.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { helpFacts, type HelpFacts } from '../helpers/help.js';
import { complete, completeAll, COMPLETION_FILE, disposeShells, hasShell, syntaxCheck, type ShellName } from '../helpers/shell.js';

const SHELLS: ShellName[] = ['bash', 'zsh', 'fish'];
const missing = new Set(SHELLS.filter((s) => !hasShell(s)));
for (const s of missing) {
  console.warn(`completion tests: ${s} is not installed, so its tests are skipped (.ci/run installs it).`);
}
const label = (s: ShellName) => (missing.has(s) ? `${s} (SKIPPED: ${s} is not installed)` : s);

const sorted = (xs: string[]) => [...xs].sort();
const DURATIONS = ['15m', '1h', '5m', '90s'];
const BASE_URLS = ['http://127.0.0.1:4010/api', 'https://api.upload-post.com/api'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-post-completion-'));
  await writeFile(join(dir, 'uploads.txt'), 'ok-1\n');
  await writeFile(join(dir, 'jobs.ids'), 'job:j-1\n');
  await mkdir(join(dir, 'more'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  disposeShells();
});

// The same behaviour in every shell: [line, exactly the candidates offered].
const CASES: Array<[string, string[]]> = [
  ['upload-post ', ['auth', 'completion', 'demo', 'help', 'mcp', 'simulate', 'status']],
  ['upload-post s', ['simulate', 'status']],
  ['upload-post -', ['--help', '--version', '-V', '-h']],
  ['upload-post status --w', ['--watch']],
  ['upload-post status --ids-from ', ['-', 'jobs.ids', 'more', 'uploads.txt']],
  ['upload-post status --ids-from u', ['uploads.txt']],
  ['upload-post completion ', ['bash', 'fish', 'zsh']],
  ['upload-post completion z', ['zsh']],
  ['upload-post help ', ['auth', 'completion', 'demo', 'mcp', 'simulate', 'status']],
  ['upload-post auth ', ['help', 'login', 'logout', 'status']],
  ['upload-post auth l', ['login', 'logout']],
  ['upload-post auth help ', ['login', 'logout', 'status']],
  ['upload-post auth login --', ['--base-url', '--help', '--with-key']],
  ['upload-post auth login --with-key --w', []],
  ['upload-post auth login --base-url ', BASE_URLS],
  ['upload-post auth status --api-key', ['--api-key', '--api-key-file']],
  ['upload-post auth status --api-key ', []],
  ['upload-post auth logout --', ['--help']],
  ['upload-post status --api-key-file u', ['uploads.txt']],
  ['upload-post auth status --api-key-file u', ['uploads.txt']],
  ['upload-post status --timeout ', DURATIONS],
  ['upload-post status --not-found-grace ', DURATIONS],
  ['upload-post status --base-url ', BASE_URLS],
  // Flags that take a free value complete nothing.
  ['upload-post status --request-id ', []],
  ['upload-post status --job-id ', []],
  ['upload-post status --api-key ', []],
  ['upload-post simulate --api-key ', []],
  // simulate-only flags are not offered after status, nor status-only after simulate.
  ['upload-post status --fa', ['--fail-fast']],
  ['upload-post simulate --fa', ['--fault-seed', '--faults']],
  ['upload-post status --po', []],
  ['upload-post status --rate', []],
  ['upload-post simulate --wat', []],
  ['upload-post simulate --json', []],
  ['upload-post demo --w', []],
  ['upload-post simulate --rate-limit ', ['1000/1m', '120/60s', '40/10s']],
  // Repeatable flags stay; single-use ones go once given; -q excludes --json and --verbose.
  ['upload-post status --request-id a --req', ['--request-id']],
  ['upload-post status --watch --wat', []],
  ['upload-post status -w --wat', []],
  ['upload-post status --timeout 5m --ti', []],
  ['upload-post status -q --js', []],
  ['upload-post status -q --verb', []],
  ['upload-post status --json --qu', []],
  ['upload-post simulate --quiet --qu', []],
];

describe.each(SHELLS)('completion in %s', (shell) => {
  const skip = missing.has(shell);
  // One shell process completes every case; each test then reads its answer.
  let offered: Map<string, string[]>;
  beforeAll(async () => {
    if (skip) return;
    const lines = CASES.map(([line]) => line);
    const all = await completeAll(shell, lines, { cwd: dir });
    // fish marks a directory with a trailing slash; the others leave that to the line editor.
    offered = new Map(lines.map((line, i) => [line, all[i]!.map((c) => c.replace(/(.)\/$/, '$1'))]));
  });

  it.skipIf(skip)(`${label(shell)}: the script passes the shell's syntax check`, async () => {
    const r = await syntaxCheck(shell);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.skipIf(skip).each(CASES)(`${label(shell)}: "%s"`, (line, want) => {
    expect(sorted(offered.get(line)!)).toEqual(sorted(want));
  });
});

describe(`completion in ${label('bash')}: readline details`, () => {
  const it_ = it.skipIf(missing.has('bash'));

  it_('an empty word after a command offers the long flags only; "-" adds the short ones', async () => {
    const [long, all] = await completeAll('bash', ['upload-post status ', 'upload-post status -']);
    expect(long).toContain('--watch');
    expect(long).not.toContain('-w');
    expect(all).toEqual(expect.arrayContaining(['-w', '-q', '-h']));
  });

  // bash splits words at ':' and '='; readline then replaces only the text
  // after the last break, so candidates must come back without that prefix.
  it_.each([
    ['upload-post status --base-url http://127', ['//127.0.0.1:4010/api']],
    ['upload-post status --base-url=https:', ['//api.upload-post.com/api']],
    ['upload-post status --timeout=', DURATIONS],
    ['upload-post status --timeout=1', ['15m', '1h']],
    ['upload-post simulate --host ::', ['1']],
  ])('"%s" → %j', async (line, want) => {
    expect(sorted(await complete('bash', line))).toEqual(sorted(want));
  });
});

// --help is the source of truth: every flag and command it lists must be in
// each completion script, and offered after `<command> -` — no more, no less.
/** How a flag is spelled in each script. */
const spelled: Record<ShellName, (flag: string) => RegExp> = {
  bash: (f) => new RegExp(`(?<![\\w-])${f}(?![\\w-])`),
  zsh: (f) => new RegExp(`(?<![\\w-])${f}(?![\\w-])`),
  fish: (f) => (f.startsWith('--') ? new RegExp(` -l ${f.slice(2)}(?![\\w-])`) : new RegExp(` -s ${f.slice(1)}(?![\\w-])`)),
};

describe('completion scripts match --help', () => {
  let facts: HelpFacts;
  beforeAll(async () => {
    facts = await helpFacts();
  });

  it('parses the help output it relies on', () => {
    expect(facts.commands).toEqual(expect.arrayContaining(['status', 'simulate', 'demo', 'auth', 'completion', 'help']));
    expect(facts.flags.get('auth login')).toEqual(['--with-key', '--base-url', '-h', '--help']);
    expect(facts.flags.get('status')).toEqual(expect.arrayContaining(['--api-key-file', '--junit', '--concurrency']));
    expect(facts.flags.get('status')).toEqual(expect.arrayContaining(['--request-id', '-w', '--watch', '-q', '--quiet', '--not-found-grace', '--no-color', '--help']));
    expect(facts.flags.get('')).toEqual(['-V', '--version', '-h', '--help']);
    expect(facts.valued.get('status')).toEqual(expect.arrayContaining(['--request-id', '--ids-from', '--timeout', '--base-url']));
    expect(facts.valued.get('status')).not.toContain('--watch');
  });

  it.each(SHELLS)('every flag of `status --help` (and the other commands) is in the %s script', async (shell) => {
    let text = await readFile(COMPLETION_FILE[shell], 'utf8');
    // fish: only what `complete` defines counts, not the flags its conditions test.
    if (shell === 'fish') text = text.replace(/ -n ('[^']*'|"[^"]*"|\S+)/g, '');
    const absent: string[] = [];
    for (const [cmd, flags] of facts.flags) {
      for (const f of flags) if (!spelled[shell](f).test(text)) absent.push(`${cmd || '(top level)'} ${f}`);
    }
    for (const c of facts.commands) if (!new RegExp(`\\b${c}\\b`).test(text)) absent.push(`command ${c}`);
    expect(absent).toEqual([]);
  });

  it.each(SHELLS.filter((s) => !missing.has(s)))('%s offers exactly the commands of --help, and after "<command> -" exactly its flags', async (shell) => {
    const lines = ['upload-post ', ...[...facts.flags.keys()].map((cmd) => (cmd === '' ? 'upload-post -' : `upload-post ${cmd} -`))];
    const want = [facts.commands, ...facts.flags.values()];
    const got = await completeAll(shell, lines);
    expect(lines.map((line, i) => ({ line, offered: sorted(got[i]!) }))).toEqual(lines.map((line, i) => ({ line, offered: sorted(want[i]!) })));
  });

  // A flag's value is its own word: no flag is offered in its place, and the
  // word after it does not count as the command's argument.
  it.each(SHELLS.filter((s) => !missing.has(s)))('%s: after each flag that takes a value, no flags are offered', async (shell) => {
    const lines = [...facts.valued].flatMap(([cmd, flags]) => flags.map((f) => `upload-post ${cmd} ${f} -`));
    expect(lines.length).toBeGreaterThan(10);
    const got = await completeAll(shell, lines, { cwd: dir });
    const offeredFlags = lines.map((line, i) => ({ line, flags: got[i]!.filter((c) => c.startsWith('-') && c !== '-') }));
    expect(offeredFlags).toEqual(lines.map((line) => ({ line, flags: [] })));
  });
});

describe('upload-post completion (the built CLI)', () => {
  it.each(SHELLS)('completion %s prints the script on stdout, nothing on stderr, exit 0', async (shell) => {
    const r = await runCli(['completion', shell]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await readFile(COMPLETION_FILE[shell], 'utf8'));
  });

  it('completion tcsh → exit 2, one line on stderr, nothing on stdout', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('upload-post: unknown shell "tcsh"; choose one of bash, zsh, fish.\n');
  });

  it('completion without a shell → exit 2', async () => {
    const r = await runCli(['completion']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shell/);
  });
});
