// `auth login | status | logout` and the stored key, run as users run them:
// the built CLI against the simulator (`--api-key` makes every other key a
// 401), the hidden prompt in a real pty, the key piped on stdin.
import { closeSync, openSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, expectNoStack, runCli, why, type CliResult } from '../helpers/cli.js';
import { statusBody, withHostileServer } from '../helpers/hostile-server.js';
import { spawnPty } from '../helpers/pty.js';
import { startSimulator } from '../../src/simulator/server.js';

const KEY = 'live-key-0123456789abcdef';
const WRONG = 'dead-key-0123456789abcdef';
type Sim = Awaited<ReturnType<typeof startSimulator>>;

let sim: Sim;
let dir: string;
let config: string;
let stored: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: '127.0.0.1', apiKey: KEY });
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-post-auth-'));
  config = join(dir, 'config');
  stored = join(config, 'upload-post', 'api-key');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const env = (extra: Record<string, string> = {}) => ({ XDG_CONFIG_HOME: config, ...extra });
const login = (input: string, extra: Record<string, string> = {}) => runCli(['auth', 'login', '--with-key', '--base-url', sim.url], { input, env: env(extra) });
const exists = (p: string) => stat(p).then(() => true, () => false);
const requests = () => sim.stats().requests;

/** No output of any run may hold a key, whole or in part beyond its last 4 characters. */
function expectNoKey(r: CliResult, ...keys: string[]): void {
  for (const k of keys) for (const text of [r.stdout, r.stderr]) expect(text).not.toContain(k.slice(0, -4));
}

describe('auth login --with-key (stdin)', () => {
  it('a key the API accepts (404 for an ID that cannot exist) is stored: folder 0700, file 0600; one request', async () => {
    const before = requests();
    const r = await login(`  ${KEY}\n`);
    expect(r.code, why(r)).toBe(0);
    expect(r.stdout).toBe(`API key …cdef works; stored in ${stored}, readable by you alone.\n`);
    expect(requests() - before).toBe(1);
    expect((await stat(stored)).mode & 0o777).toBe(0o600);
    expect((await stat(join(config, 'upload-post'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(config, 'upload-post'))).toEqual(['api-key']);
    expectNoKey(r, KEY);
  });

  it('a key the API refuses (401): exit 4, one sentence, nothing stored', async () => {
    const r = await login(WRONG);
    expect(r.code, why(r)).toBe(4);
    expect(r.stderr).toBe('upload-post: the API refused this key (HTTP 401); nothing stored\n');
    expect(await exists(stored)).toBe(false);
    expectNoKey(r, WRONG);
  });

  it('an API that cannot be reached: exit 7, one sentence, nothing stored', async () => {
    const r = await runCli(['auth', 'login', '--with-key', '--base-url', 'http://127.0.0.1:1/api'], { input: KEY, env: env() });
    expect(r.code, why(r)).toBe(7);
    expect(r.stderr).toBe('upload-post: could not check the key: connection refused (127.0.0.1:1); nothing stored\n');
    expect(await exists(stored)).toBe(false);
  });

  it.each([`Apikey ${KEY}`, `Bearer ${KEY}\n`])('a prefixed key (%j): exit 2, the sentence, no request, nothing stored', async (input) => {
    const before = requests();
    const r = await login(input);
    expect(r.code, why(r)).toBe(2);
    expect(r.stderr).toMatch(/^upload-post: the key on stdin: the API key starts with "(Apikey|Bearer) "; pass the key alone, without the scheme .*\n$/);
    expect(requests() - before).toBe(0);
    expect(await exists(stored)).toBe(false);
    expectNoKey(r, KEY);
  });

  it('empty stdin: exit 2, nothing stored', async () => {
    const r = await login('\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('upload-post: the key on stdin: the API key is empty\n');
  });

  it('without --with-key and no terminal: exit 2, says how to pipe the key', async () => {
    const r = await runCli(['auth', 'login', '--base-url', sim.url], { input: KEY, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stdin is not a terminal.*auth login --with-key/);
    expectNoStack(r);
  });
});

describe('auth login in a terminal: the hidden prompt', () => {
  /** Waits for the prompt, types `keys`, and returns what the terminal saw once the process ended. */
  async function typeAtPrompt(keys: string): Promise<{ code: number; raw: string; screen: string }> {
    const term = spawnPty(process.execPath, [BIN, 'auth', 'login', '--base-url', sim.url], { env: env() });
    try {
      await term.waitForScreen((s) => s.includes('Paste your Upload-Post API key (input hidden):'));
      term.write(keys);
      const { exitCode } = await term.exited;
      return { code: exitCode, raw: term.raw, screen: (await term.screen()).join('\n') };
    } finally {
      term.dispose();
    }
  }

  it('the key typed is never echoed; it is checked and stored', async () => {
    const r = await typeAtPrompt(`${KEY}x\x7f\r`); // a typo taken back with Backspace
    expect(r.code, r.raw).toBe(0);
    expect(r.raw).not.toContain(KEY.slice(0, -4));
    expect(r.screen).toContain('API key …cdef works; stored in');
    expect((await stat(stored)).mode & 0o777).toBe(0o600);
  });

  it('Ctrl-C at the prompt: exit 130, nothing stored', async () => {
    const r = await typeAtPrompt('live-key\x03');
    expect(r.code).toBe(130);
    expect(await exists(stored)).toBe(false);
    expect(r.raw).not.toContain('live-key');
  });

  it('a wrong key typed: exit 4, nothing stored', async () => {
    const r = await typeAtPrompt(`${WRONG}\r`);
    expect(r.code).toBe(4);
    expect(r.raw).not.toContain(WRONG.slice(0, -4));
    expect(await exists(stored)).toBe(false);
  });
});

describe('the key in force: --api-key, --api-key-file, UPLOAD_POST_API_KEY, stored', () => {
  let file: string;
  beforeEach(async () => {
    expect((await login(KEY)).code).toBe(0);
    file = join(dir, 'secret');
    await writeFile(file, 'file-key-0000000011112222\n');
  });

  it.each([
    ['all four: the flag', ['--api-key', 'flag-key-0000000033334444', '--api-key-file', 'FILE'], { UPLOAD_POST_API_KEY: 'envi-key-0000000055556666' }, '…4444, source: flag (--api-key).'],
    ['no flag: the file', ['--api-key-file', 'FILE'], { UPLOAD_POST_API_KEY: 'envi-key-0000000055556666' }, '…2222, source: file (--api-key-file FILE).'],
    ['no flag, no file: the environment', [], { UPLOAD_POST_API_KEY: 'envi-key-0000000055556666' }, '…6666, source: environment (UPLOAD_POST_API_KEY).'],
    ['nothing else: the stored key', [], {}, '…cdef, source: stored (STORED, by auth login).'],
  ])('auth status, %s', async (_, args, extra, line) => {
    const r = await runCli(['auth', 'status', ...args.map((a) => (a === 'FILE' ? file : a))], { env: env(extra) });
    expect(r.code, why(r)).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`API key ${line.replace('FILE', file).replace('STORED', stored)}`);
    expectNoKey(r, KEY, 'flag-key-0000000033334444', 'file-key-0000000011112222', 'envi-key-0000000055556666');
  });

  it('status watches with the stored key when nothing else gives one; a wrong --api-key-file wins over it (401, exit 4)', async () => {
    const ok = await runCli(['status', 'ok-auth-1', '--base-url', sim.url], { env: env() });
    expect(ok.code, why(ok)).toBe(6); // answered: pending, not final yet
    await writeFile(file, `${WRONG}\n`);
    const refused = await runCli(['status', 'ok-auth-1', '--base-url', sim.url, '--api-key-file', file], { env: env() });
    expect(refused.code, why(refused)).toBe(4);
    expectNoKey(refused, WRONG, KEY);
  });

  it('--api-key-file with a prefixed key: exit 2 and the sentence, before any request', async () => {
    await writeFile(file, `Apikey ${KEY}\n`);
    const before = requests();
    const r = await runCli(['status', 'ok-auth-2', '--base-url', sim.url, '--api-key-file', file], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`upload-post: --api-key-file "${file}": the API key starts with "Apikey "; pass the key alone, without the scheme (the tool sends "Apikey <key>" itself)\n`);
    expect(requests() - before).toBe(0);
  });

  it('a stored key open to the group is refused with a sentence, and the run goes on as if none were stored', async () => {
    await chmod(stored, 0o640);
    const r = await runCli(['status', 'ok-auth-3', '--base-url', sim.url], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `upload-post: ignoring the stored API key: ${stored} is open to group or others (mode 0640); run \`chmod 600 ${stored}\`, or \`upload-post auth login\` again\n` +
        'upload-post: no API key: pass --api-key-file <path> or --api-key <key>, set UPLOAD_POST_API_KEY, or run `upload-post auth login`\n',
    );
    const withEnv = await runCli(['status', 'ok-auth-3', '--base-url', sim.url], { env: env({ UPLOAD_POST_API_KEY: KEY }) });
    expect(withEnv.code, why(withEnv)).toBe(6);
  });

  it('logout removes the key; status then has none', async () => {
    const r = await runCli(['auth', 'logout'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Removed the stored API key (${stored}).\n`);
    expect(await exists(stored)).toBe(false);
    const after = await runCli(['auth', 'status'], { env: env() });
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/no API key/);
  });
});

describe('attacks on auth and the key sources', () => {
  it('--api-key-file /dev/zero: one sentence, exit 2, not a read that never ends', async () => {
    const r = await runCli(['status', 'ok-1', '--base-url', sim.url, '--api-key-file', '/dev/zero'], { env: env() });
    expect(r.code, why(r)).toBe(2);
    expect(r.stderr).toBe('upload-post: --api-key-file: "/dev/zero" holds more than 64 KiB, which no API key does\n');
  });

  it('auth login --with-key reading /dev/zero: exit 2, nothing stored', async () => {
    const fd = openSync('/dev/zero', 'r');
    try {
      const r = await runCli(['auth', 'login', '--with-key', '--base-url', sim.url], { env: env(), stdinFd: fd });
      expect(r.code, why(r)).toBe(2);
      expect(r.stderr).toMatch(/stdin holds more than 64 KiB/);
    } finally {
      closeSync(fd);
    }
    expect(await exists(stored)).toBe(false);
  });

  it.each([
    ['a 500 that quotes the key back', { status: 500, echo: true }, 7, /could not check the key: .*nothing stored/],
    ['a 200 for an upload that cannot exist', { status: 200 }, 7, /answered HTTP 200 for an upload that cannot exist, not 404; nothing stored/],
    ['a 403 from the API', { status: 403 }, 4, /refused this key \(HTTP 403\); nothing stored/],
    ['a 429', { status: 429 }, 7, /rate-limiting this key \(HTTP 429\)/],
  ])('login against a server answering %s: exit %i, one sentence, nothing stored, the key nowhere', async (_, answer, code, line) => {
    await withHostileServer(
      (req) => ({
        status: answer.status,
        headers: answer.status === 429 ? { 'retry-after': '3600', 'x-ratelimit-remaining': '0' } : {},
        body: answer.status === 200 ? statusBody(req.id ?? '?', 'completed') : JSON.stringify({ success: false, error: answer.echo ? `bad header: ${String(req.headers.authorization)}` : 'no' }),
      }),
      async (s) => {
        const r = await runCli(['auth', 'login', '--with-key', '--base-url', s.url], { input: KEY, env: env() });
        expect(r.code, why(r)).toBe(code);
        expect(r.stderr).toMatch(line);
        expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        expectNoStack(r);
        expectNoKey(r, KEY);
        expect(s.requests).toHaveLength(1);
      },
    );
    expect(await exists(stored)).toBe(false);
  });

  it('a stored key that is a folder, or a link to an open file, is refused; the run goes on without it', async () => {
    await mkdir(stored, { recursive: true });
    const asFolder = await runCli(['auth', 'status'], { env: env() });
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toMatch(/ignoring the stored API key: .* is not a regular file/);
    await rm(stored, { recursive: true });
    const open = join(dir, 'open-key');
    await writeFile(open, KEY, { mode: 0o644 });
    await chmod(open, 0o644);
    await symlink(open, stored);
    const viaLink = await runCli(['auth', 'status'], { env: env() });
    expect(viaLink.code).toBe(2);
    expect(viaLink.stderr).toMatch(/is open to group or others \(mode 0644\)/);
    expectNoKey(viaLink, KEY);
  });
});
