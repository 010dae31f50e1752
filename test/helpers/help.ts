// What `--help` lists, read from the built CLI: the commands, and each
// command's (and subcommand's: "auth login") flags in every option group.
// The completion scripts and docs/CLI.md are both checked against it.
import { expect } from 'vitest';
import { runCli } from './cli.js';

export interface HelpFacts {
  commands: string[];
  flags: Map<string, string[]>; // '' = top level
  valued: Map<string, string[]>; // the long flags that take a value (`--timeout <duration>`)
}

export function section(help: string, title: string): string[] {
  const start = help.indexOf(`\n${title}:\n`);
  if (start < 0) return [];
  const body = help.slice(start + title.length + 3);
  return body.slice(0, body.search(/\n\S|\n\n|$/)).split('\n');
}

/** The option lines of every group (`status --help` groups them: "What to watch:", "Connection:"…). */
function optionLines(help: string): string[] {
  return help.split('\n').filter((l) => /^ {2}-/.test(l));
}

export function helpFlags(help: string): string[] {
  return optionLines(help).flatMap((l) => /^ {2}(-\w)?(?:, )?(--[\w-]+)?/.exec(l)?.slice(1).filter((f): f is string => !!f) ?? []);
}

function helpValuedFlags(help: string): string[] {
  return optionLines(help).flatMap((l) => /^ {2}(?:-\w, )?(--[\w-]+) [<[]/.exec(l)?.[1] ?? []);
}

const commandsOf = (help: string): string[] => section(help, 'Commands').flatMap((l) => /^ {2}([\w-]+)/.exec(l)?.[1] ?? []);

export async function helpFacts(): Promise<HelpFacts> {
  const top = await runCli(['--help']);
  expect(top.code).toBe(0);
  const commands = commandsOf(top.stdout);
  const flags = new Map([['', helpFlags(top.stdout)]]);
  const valued = new Map<string, string[]>();
  for (const cmd of commands.filter((c) => c !== 'help')) {
    const r = await runCli([cmd, '--help']);
    expect(r.code).toBe(0);
    flags.set(cmd, helpFlags(r.stdout));
    valued.set(cmd, helpValuedFlags(r.stdout));
    // A command with subcommands (auth): each subcommand's flags too, as "auth login".
    for (const sub of commandsOf(r.stdout).filter((c) => c !== 'help')) {
      const s = await runCli([cmd, sub, '--help']);
      expect(s.code).toBe(0);
      flags.set(`${cmd} ${sub}`, helpFlags(s.stdout));
      valued.set(`${cmd} ${sub}`, helpValuedFlags(s.stdout));
    }
  }
  return { commands, flags, valued };
}
