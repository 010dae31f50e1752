// `auth` parsing alone: which runner each subcommand calls, with what.
import { describe, expect, it } from 'vitest';
import { createAuthCommand, type AuthRunners } from '../../../src/commands/auth/command.js';
import { type AuthDeps } from '../../../src/commands/auth/run.js';

async function parse(args: string[]): Promise<{ calls: unknown[][]; codes: number[] }> {
  const calls: unknown[][] = [];
  const codes: number[] = [];
  const runners: AuthRunners = {
    login: async (opts) => (calls.push(['login', opts]), 0),
    status: async (given) => (calls.push(['status', given]), 2),
    logout: async () => (calls.push(['logout']), 0),
  };
  const cmd = createAuthCommand({ setExitCode: (c: number) => void codes.push(c) } as unknown as AuthDeps & { setExitCode(c: number): void }, runners).exitOverride();
  await cmd.parseAsync(args, { from: 'user' });
  return { calls, codes };
}

describe('createAuthCommand', () => {
  it.each([
    [['login'], ['login', { withKey: false }], 0],
    [['login', '--with-key', '--base-url', 'http://127.0.0.1:9/api'], ['login', { withKey: true, baseUrl: 'http://127.0.0.1:9/api' }], 0],
    [['status'], ['status', {}], 2],
    [['status', '--api-key-file', '/run/secrets/k'], ['status', { file: '/run/secrets/k' }], 2],
    [['status', '--api-key', 'k', '--api-key-file', 'f'], ['status', { flag: 'k', file: 'f' }], 2],
    [['logout'], ['logout'], 0],
  ])('auth %j → %j, exit %i', async (args, call, code) => {
    const r = await parse(args);
    expect(r.calls).toEqual([call]);
    expect(r.codes).toEqual([code]);
  });
});
