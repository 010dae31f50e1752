// Which API key a run uses, and where it came from (docs/CLI.md#the-api-key):
// --api-key, then --api-key-file, then UPLOAD_POST_API_KEY, then the key
// `auth login` stored. Each source is read only when every one before it is
// absent, and every key goes through the same check (checkApiKey).
import { checkApiKey } from './connection.js';
import { type Env } from './env.js';
import { MAX_KEY_FILE_BYTES, readCapped, readStoredKey } from './key-store.js';
import { UsageError } from './usage-error.js';
import { quote } from '../util/sanitize.js';

export type KeySource = 'flag' | 'file' | 'environment' | 'stored';

/** How each source is named to a person (`auth status`, error sentences). */
export const KEY_SOURCE_TABLE: Record<KeySource, { readonly word: string; readonly origin: (path: string) => string }> = {
  flag: { word: 'flag', origin: () => '--api-key' },
  file: { word: 'file', origin: (path) => `--api-key-file ${path}` },
  environment: { word: 'environment', origin: () => 'UPLOAD_POST_API_KEY' },
  stored: { word: 'stored', origin: (path) => `${path}, by auth login` },
};

export interface FoundKey {
  key: string;
  source: KeySource;
  /** The file it was read from (file, stored); '' otherwise. */
  path: string;
}

export interface KeyLookup {
  found?: FoundKey;
  /** Why a stored key that is there was not used: one sentence for stderr. */
  refused?: string;
}

export interface GivenKey {
  /** --api-key (or the library's `apiKey`). */
  flag?: string;
  /** How errors name `flag`; default "--api-key". */
  flagName?: string;
  /** --api-key-file: a mounted secret, or a pipe (`<(pass show …)`). */
  file?: string;
}

async function readKeyFile(path: string): Promise<string> {
  try {
    const read = await readCapped(path, MAX_KEY_FILE_BYTES);
    if (read.refused !== undefined) throw new UsageError(`--api-key-file: ${quote(path)} ${read.refused}`);
    return read.text ?? '';
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--api-key-file: cannot read ${quote(path)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** An environment variable set to nothing (a CI secret that is not there) counts as unset. */
export async function findApiKey(given: GivenKey, env: Env): Promise<KeyLookup> {
  if (given.flag !== undefined) return { found: { key: checkApiKey(given.flag, given.flagName ?? '--api-key'), source: 'flag', path: '' } };
  if (given.file !== undefined) {
    return { found: { key: checkApiKey(await readKeyFile(given.file), `--api-key-file ${quote(given.file)}`), source: 'file', path: given.file } };
  }
  const fromEnv = env.UPLOAD_POST_API_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { found: { key: checkApiKey(fromEnv, 'UPLOAD_POST_API_KEY'), source: 'environment', path: '' } };
  const stored = await readStoredKey(env);
  if (stored.refused !== undefined) return { refused: stored.refused };
  if (stored.text === undefined || stored.text.trim() === '') return {};
  return { found: { key: checkApiKey(stored.text, `the stored key (${stored.path})`), source: 'stored', path: stored.path } };
}

/** What `auth status` shows of a key: its last 4 characters, and only when they are a small part of it. */
export function keyTail(key: string): string {
  return key.length >= 12 ? `…${key.slice(-4)}` : `(${key.length} characters, too short to show any)`;
}
