// `upload-post auth login | status | logout`: the key `status` uses when no
// flag or variable gives one (docs/CLI.md#the-api-key). Login proves the key
// with one request before keeping it; nothing here ever prints the key, only
// its last 4 characters.
import { randomBytes } from 'node:crypto';
import { type FetchResult } from '../../api/client.js';
import { findApiKey, keyTail, KEY_SOURCE_TABLE, type GivenKey } from '../../config/api-key.js';
import { checkApiKey, noApiKey, resolveConnection } from '../../config/connection.js';
import { MAX_KEY_FILE_BYTES, readStoredKey, removeStoredKey, storeKey } from '../../config/key-store.js';
import { UsageError } from '../../config/usage-error.js';
import { EXIT } from '../../poll/exit-codes.js';
import { redactor, sanitize } from '../../util/sanitize.js';
import { type Factory } from '../factory.js';

export type AuthDeps = Pick<Factory, 'stdout' | 'stderr' | 'stdin' | 'env' | 'userAgent' | 'connect' | 'promptHidden' | 'interruptSignal'>;

export interface LoginOptions {
  /** Read the key from stdin instead of a prompt. */
  withKey: boolean;
  baseUrl?: string;
}

const say = (out: { write(t: string): unknown }, line: string): void => void out.write(`${line}\n`);

async function readAll(stdin: AsyncIterable<string | Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text.length > MAX_KEY_FILE_BYTES) throw new UsageError(`--with-key: stdin holds more than ${MAX_KEY_FILE_BYTES / 1024} KiB, which no API key does`);
  }
  return text;
}

/** The key as typed or piped, or undefined when the person pressed Ctrl-C. */
async function askKey(opts: LoginOptions, f: AuthDeps): Promise<string | undefined> {
  if (opts.withKey) return readAll(f.stdin);
  if (!f.promptHidden) throw new UsageError('stdin is not a terminal, so there is no one to ask: pipe the key in with `upload-post auth login --with-key`');
  const answer = await f.promptHidden('Paste your Upload-Post API key (input hidden): ');
  return answer.kind === 'text' ? answer.text : undefined;
}

/**
 * An ID that cannot exist: 404 means the key was accepted, 401/403 that it
 * was not (docs/API.md: the key is checked before the ID is looked up).
 */
const probeId = (): string => `upload-post-cli-key-check-${randomBytes(8).toString('hex')}`;

/** The check's answer: a code and a sentence, or undefined when the key works. */
function verdict(r: FetchResult): { code: number; line: string } | undefined {
  if (r.kind === 'body' && r.http === 404) return undefined;
  if (r.kind === 'auth') return { code: EXIT.auth, line: `the API refused this key (HTTP ${r.http}); nothing stored` };
  const why =
    r.kind === 'body' ? `the API answered HTTP ${r.http} for an upload that cannot exist, not 404`
    : r.kind === 'throttled' ? `the API is rate-limiting this key (HTTP ${r.http}); try again in a minute`
    : `${sanitize(r.message)}${r.http ? ` (HTTP ${r.http})` : ''}`;
  return { code: EXIT.unreachable, line: `could not check the key: ${why}; nothing stored` };
}

export async function runLogin(opts: LoginOptions, f: AuthDeps): Promise<number> {
  const typed = await askKey(opts, f);
  if (typed === undefined) return EXIT.sigint;
  const key = checkApiKey(typed, opts.withKey ? 'the key on stdin' : 'the key typed');
  const { baseUrl } = resolveConnection(key, opts.baseUrl, f.env, '');
  const connection = await f.connect({ baseUrl, apiKey: key, userAgent: f.userAgent, maxSockets: 1 });
  let answer: FetchResult;
  try {
    answer = await connection.fetchStatus({ kind: 'request', id: probeId() }, f.interruptSignal());
  } finally {
    connection.close();
  }
  const refused = verdict(answer);
  if (refused) {
    // A server may quote what it was sent; the key comes out of its words.
    say(f.stderr, `upload-post: ${redactor([key])(refused.line)}`);
    return refused.code;
  }
  let path: string;
  try {
    path = await storeKey(f.env, key);
  } catch (err) {
    throw new UsageError(`the key works but could not be stored (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  say(f.stdout, `API key ${keyTail(key)} works; stored in ${path}, readable by you alone.`);
  if (f.env.UPLOAD_POST_API_KEY?.trim()) say(f.stderr, 'upload-post: note: UPLOAD_POST_API_KEY is set in this shell, and it comes before the stored key.');
  return EXIT.ok;
}

export async function runAuthStatus(given: GivenKey, f: AuthDeps): Promise<number> {
  const lookup = await findApiKey(given, f.env);
  if (lookup.refused !== undefined) say(f.stderr, `upload-post: ${lookup.refused}`);
  const found = lookup.found;
  if (!found) throw noApiKey('--api-key-file <path> or --api-key <key>');
  const source = KEY_SOURCE_TABLE[found.source];
  say(f.stdout, `API key ${keyTail(found.key)}, source: ${source.word} (${source.origin(found.path)}).`);
  if (found.source !== 'stored') {
    const stored = await readStoredKey(f.env);
    if (stored.text?.trim()) say(f.stdout, `A key is also stored in ${stored.path}; it is used only when no flag, file or UPLOAD_POST_API_KEY gives one.`);
  }
  return EXIT.ok;
}

export async function runLogout(f: AuthDeps): Promise<number> {
  const { path, removed } = await removeStoredKey(f.env);
  say(f.stdout, removed ? `Removed the stored API key (${path}).` : `No API key is stored (${path}); nothing to remove.`);
  if (f.env.UPLOAD_POST_API_KEY?.trim()) say(f.stderr, 'upload-post: note: UPLOAD_POST_API_KEY is still set in this shell, and status will go on using it.');
  return EXIT.ok;
}
