// Which key a run uses (flag, file, environment, stored), how each is checked,
// and how the stored one is kept: modes, atomic writes, an open file refused.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findApiKey, keyTail } from '../../src/config/api-key.js';
import { checkApiKey, resolveConnection } from '../../src/config/connection.js';
import { keyStorePath, readStoredKey, removeStoredKey, storeKey } from '../../src/config/key-store.js';
import { UsageError } from '../../src/config/usage-error.js';

let dir: string;
let env: Record<string, string>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-post-key-'));
  env = { XDG_CONFIG_HOME: join(dir, 'config'), HOME: join(dir, 'home') };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe('checkApiKey', () => {
  it.each([
    ['  key-1234\n', 'key-1234'],
    ['\tkey-1234\r\n', 'key-1234'],
  ])('%j is trimmed to %j', (text, key) => expect(checkApiKey(text, 'x')).toBe(key));

  it.each([
    ['Apikey sekrit123', /starts with "Apikey "; pass the key alone/],
    ['bearer sekrit123', /starts with "bearer "; pass the key alone/],
    ['  Bearer\tsekrit123\n', /starts with "Bearer "/],
    ['', /the API key is empty/],
    ['  \n', /the API key is empty/],
    ['sekrit 123', /whitespace or control/],
    ['sekrit\u00e9', /outside printable ASCII/],
  ])('%j → a UsageError (%s) that never quotes the key', (text, message) => {
    expect(() => checkApiKey(text, '--api-key')).toThrow(UsageError);
    expect(() => checkApiKey(text, '--api-key')).toThrow(message);
    expect(() => checkApiKey(text, '--api-key')).not.toThrow(/sekrit/);
  });

  it('a key that merely begins with the letters of a scheme is a key', () => {
    expect(checkApiKey('Bearerish-key', 'x')).toBe('Bearerish-key');
  });
});

describe('findApiKey: --api-key, then --api-key-file, then UPLOAD_POST_API_KEY, then the stored key', () => {
  let file: string;
  beforeEach(async () => {
    file = join(dir, 'secret');
    await writeFile(file, ' file-key-00001111\n');
    await storeKey(env, 'stored-key-00002222');
  });

  it.each([
    ['everything given: the flag', { flag: 'flag-key-00003333', file: true, env: true }, 'flag', 'flag-key-00003333'],
    ['no flag: the file', { file: true, env: true }, 'file', 'file-key-00001111'],
    ['no flag, no file: the environment', { env: true }, 'environment', 'env-key-00004444'],
    ['nothing given: the stored key', {}, 'stored', 'stored-key-00002222'],
  ])('%s', async (_, given: { flag?: string; file?: boolean; env?: boolean }, source, key) => {
    const e = given.env ? { ...env, UPLOAD_POST_API_KEY: ' env-key-00004444 ' } : env;
    const found = await findApiKey({ ...(given.flag ? { flag: given.flag } : {}), ...(given.file ? { file } : {}) }, e);
    expect(found.found).toMatchObject({ source, key });
  });

  it('an empty UPLOAD_POST_API_KEY (a CI secret that is not there) counts as unset', async () => {
    expect((await findApiKey({}, { ...env, UPLOAD_POST_API_KEY: '' })).found?.source).toBe('stored');
  });

  it('a prefixed key from the file is refused with the sentence, naming the file', async () => {
    await writeFile(file, 'Apikey file-key-00001111\n');
    await expect(findApiKey({ file }, env)).rejects.toThrow(/--api-key-file ".*secret": the API key starts with "Apikey "/);
  });

  it('a missing file is one sentence naming it', async () => {
    await expect(findApiKey({ file: join(dir, 'nope') }, env)).rejects.toThrow(/--api-key-file: cannot read ".*nope" \(ENOENT\)/);
  });

  it('a huge file is refused without reading it all', async () => {
    await writeFile(file, 'k'.repeat(1 << 20));
    await expect(findApiKey({ file }, env)).rejects.toThrow(/more than 64 KiB/);
  });

  it('nothing anywhere: no key, nothing refused', async () => {
    await removeStoredKey(env);
    expect(await findApiKey({}, env)).toEqual({});
    expect(() => resolveConnection(undefined, undefined, env, '--api-key <key>')).toThrow(/no API key: .*auth login/);
  });
});

describe('the stored key', () => {
  it('lives in $XDG_CONFIG_HOME/upload-post/api-key; a relative XDG_CONFIG_HOME is ignored, as the XDG spec says', () => {
    expect(keyStorePath(env)).toBe(join(dir, 'config', 'upload-post', 'api-key'));
    expect(keyStorePath({ HOME: '/h', XDG_CONFIG_HOME: 'rel' })).toBe('/h/.config/upload-post/api-key');
    expect(keyStorePath({ HOME: '/h' })).toBe('/h/.config/upload-post/api-key');
  });

  it('an empty or relative HOME is not a home: the account\'s own (from the password database), never the working folder', () => {
    const home = userInfo().homedir;
    for (const HOME of ['', 'rel', undefined]) expect(keyStorePath(HOME === undefined ? {} : { HOME })).toBe(join(home, '.config', 'upload-post', 'api-key'));
  });

  it('is written 0600 in a 0700 folder, even under a permissive umask, with no temporary file left', async () => {
    const old = process.umask(0o000);
    try {
      const path = await storeKey(env, 'stored-key-00002222');
      expect(await mode(path)).toBe(0o600);
      expect(await mode(join(dir, 'config', 'upload-post'))).toBe(0o700);
      expect(await readdir(join(dir, 'config', 'upload-post'))).toEqual(['api-key']);
      expect(await readFile(path, 'utf8')).toBe('stored-key-00002222\n');
    } finally {
      process.umask(old);
    }
  });

  it('a folder that was open is closed to 0700; a second login replaces the key whole', async () => {
    await mkdir(join(dir, 'config', 'upload-post'), { recursive: true, mode: 0o755 });
    await chmod(join(dir, 'config', 'upload-post'), 0o755);
    await storeKey(env, 'first-key-000011112222');
    await storeKey(env, 'second-key-0000');
    expect(await mode(join(dir, 'config', 'upload-post'))).toBe(0o700);
    expect((await readStoredKey(env)).text).toBe('second-key-0000\n');
  });

  it.each([0o640, 0o604, 0o660, 0o644, 0o620])('a file with mode (decimal) %i is refused with a sentence, as ssh refuses an open key', async (m) => {
    const path = await storeKey(env, 'stored-key-00002222');
    await chmod(path, m);
    const read = await readStoredKey(env);
    expect(read.text).toBeUndefined();
    expect(read.refused).toMatch(new RegExp(`ignoring the stored API key: .* is open to group or others \\(mode 0${m.toString(8)}\\); run \`chmod 600`));
    expect(read.refused).not.toContain('stored-key');
    // …and the run goes on as if none were stored.
    expect(await findApiKey({}, env)).toEqual({ refused: read.refused });
    expect((await findApiKey({}, { ...env, UPLOAD_POST_API_KEY: 'env-key-0000' })).found?.source).toBe('environment');
  });

  it('0600 and 0400 are accepted', async () => {
    const path = await storeKey(env, 'stored-key-00002222');
    await chmod(path, 0o400);
    expect((await findApiKey({}, env)).found?.key).toBe('stored-key-00002222');
  });

  it('logout removes it, and says when there was nothing', async () => {
    await storeKey(env, 'stored-key-00002222');
    expect((await removeStoredKey(env)).removed).toBe(true);
    expect((await removeStoredKey(env)).removed).toBe(false);
    expect(await readStoredKey(env)).toEqual({ path: keyStorePath(env) });
  });
});

describe('keyTail', () => {
  it('shows the last 4 characters of a real key, none of a short one', () => {
    expect(keyTail('abcdefgh-1234')).toBe('…1234');
    expect(keyTail('short-key')).not.toContain('key');
  });
});
