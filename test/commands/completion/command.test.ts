// The completion command in-process: the file it prints and its usage error.
import { readFile } from 'node:fs/promises';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { createCompletionCommand } from '../../../src/commands/completion/command.js';
import { UsageError } from '../../../src/config/usage-error.js';
import { COMPLETION_FILE, type ShellName } from '../../helpers/shell.js';

const SHELLS: ShellName[] = ['bash', 'zsh', 'fish'];

describe('createCompletionCommand', () => {
  async function run(args: string[]): Promise<{ out: string; err: string; codes: number[]; error?: unknown }> {
    let out = '';
    let err = '';
    const codes: number[] = [];
    const cmd = createCompletionCommand({ stdout: { write: (t: string) => (out += t) }, readText: (url) => readFile(url, 'utf8'), setExitCode: (c) => void codes.push(c) })
      .exitOverride()
      .configureOutput({ writeErr: (t) => (err += t), writeOut: (t) => (out += t) });
    try {
      await cmd.parseAsync(args, { from: 'user' });
      return { out, err, codes };
    } catch (e) {
      if (!(e instanceof CommanderError) && !(e instanceof UsageError)) throw e;
      return { out, err, codes, error: e };
    }
  }

  it.each(SHELLS)('%s → prints completions/ file for that shell, byte for byte', async (shell) => {
    const r = await run([shell]);
    expect(r.error).toBeUndefined();
    expect(r.codes).toEqual([0]);
    expect(r.out).toBe(await readFile(COMPLETION_FILE[shell], 'utf8'));
  });

  it('an unknown shell is a usage error (the entry point exits 2) in one sentence', async () => {
    const r = await run(['tcsh']);
    expect(r.error).toBeInstanceOf(UsageError);
    expect((r.error as UsageError).message).toBe('unknown shell "tcsh"; choose one of bash, zsh, fish.');
    expect(r.out).toBe('');
    expect(r.err).toBe('');
  });

  it('no shell: commander’s own usage error', async () => {
    const r = await run([]);
    expect(r.error).toBeInstanceOf(CommanderError);
    expect(r.err).toMatch(/shell/);
  });
});
