// The key `auth login` keeps between runs: one file under the user's config
// folder, readable by its owner alone (docs/CLI.md#the-api-key). A file that
// others can read is refused the way ssh refuses an open private key: the run
// goes on as if nothing were stored, and says why.
import { dirname, isAbsolute, join } from 'node:path';
import { makeFolders } from '../util/folders.js';
import { type Env } from './env.js';

// Loaded at first use, not with the module: every run resolves its key here,
// and a run given --api-key never touches the store (docs/ARCHITECTURE.md#start-up).
const fsp = (): typeof import('node:fs/promises') => process.getBuiltinModule('node:fs/promises');

/** A key is a few hundred bytes; anything far larger is not one. */
export const MAX_KEY_FILE_BYTES = 64 * 1024;

export interface StoredKey {
  path: string;
  /** The file's text, untrimmed; absent when nothing usable is stored. */
  text?: string;
  /** Why a file that is there was not used: one sentence. */
  refused?: string;
}

/** `$XDG_CONFIG_HOME/upload-post/api-key`; the XDG spec ignores a relative XDG_CONFIG_HOME. */
export function keyStorePath(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homeFolder(env), '.config');
  return join(base, 'upload-post', 'api-key');
}

/**
 * $HOME when it is an absolute path; else the account's home from the
 * password database (`HOME=` or a relative HOME would put the key under
 * whatever folder the command runs in). os.homedir() reads $HOME first, so
 * it cannot stand in.
 */
function homeFolder(env: Env): string {
  if (env.HOME && isAbsolute(env.HOME)) return env.HOME;
  try {
    return process.getBuiltinModule('node:os').userInfo().homedir;
  } catch {
    return env.HOME ?? '';
  }
}

const modeText = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

/** Reads at most `max` + 1 bytes, so a file (or a pipe) that never ends cannot fill memory. */
export async function readCapped(path: string, max: number, check?: (mode: number, isFile: boolean) => string | undefined): Promise<{ text?: string; refused?: string }> {
  const handle = await fsp().open(path, 'r');
  try {
    const st = await handle.stat();
    const refused = check?.(st.mode, st.isFile());
    if (refused) return { refused };
    const buf = Buffer.alloc(max + 1);
    let used = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, used, buf.length - used, null);
      if (bytesRead === 0) break;
      used += bytesRead;
      if (used > max) return { refused: `holds more than ${max / 1024} KiB, which no API key does` };
    }
    return { text: buf.subarray(0, used).toString('utf8') };
  } finally {
    await handle.close();
  }
}

export async function readStoredKey(env: Env): Promise<StoredKey> {
  const path = keyStorePath(env);
  const why = (reason: string): StoredKey => ({ path, refused: `ignoring the stored API key: ${path} ${reason}` });
  try {
    const read = await readCapped(path, MAX_KEY_FILE_BYTES, (mode, isFile) => {
      if (!isFile) return 'is not a regular file';
      if (mode & 0o077) return `is open to group or others (mode ${modeText(mode)}); run \`chmod 600 ${path}\`, or \`upload-post auth login\` again`;
      return undefined;
    });
    return read.refused !== undefined ? why(read.refused) : { path, text: read.text ?? '' };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path };
    return why(`cannot be read (${code ?? (err as Error).message})`);
  }
}

/**
 * Folder 0700, file 0600, written to a temporary name beside the target and
 * renamed over it: a reader sees the old key or the new one, never half, and
 * the file is never open to others, not even for a moment.
 */
export async function storeKey(env: Env, key: string): Promise<string> {
  const path = keyStorePath(env);
  const dir = dirname(path);
  makeFolders(process.getBuiltinModule('node:fs'), dir, 0o700);
  await fsp().chmod(dir, 0o700);
  // globalThis.crypto, not node:crypto: status loads this file, and start-up is mostly module loading.
  const temp = join(dir, `.api-key.${process.pid}.${globalThis.crypto.randomUUID()}.tmp`);
  try {
    const handle = await fsp().open(temp, 'wx', 0o600);
    try {
      await handle.chmod(0o600); // the umask may only take bits away, but say it outright
      await handle.writeFile(key + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp().rename(temp, path);
  } catch (err) {
    await fsp().rm(temp, { force: true });
    throw err;
  }
  return path;
}

/** Whether there was a stored key to remove. */
export async function removeStoredKey(env: Env): Promise<{ path: string; removed: boolean }> {
  const path = keyStorePath(env);
  try {
    await fsp().rm(path);
    return { path, removed: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path, removed: false };
    throw err;
  }
}
