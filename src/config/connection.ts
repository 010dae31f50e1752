// The API key and base URL, from what was given, else the environment, else
// the default — checked the same way for the CLI and the library
// (docs/CONTRACT.md#security).
import { DEFAULT_BASE_URL } from './defaults.js';
import { type Env } from './env.js';
import { UsageError } from './usage-error.js';
import { proxyFor } from '../api/proxy.js';
import { isLoopbackHost } from '../util/hosts.js';
import { quote } from '../util/sanitize.js';

export interface Connection {
  apiKey: string;
  baseUrl: string;
}

/**
 * The base URL as requests use it, or a usage error. A pasted value is
 * trimmed and loses its trailing slashes: " https://h/api/ " is https://h/api.
 */
export function checkBaseUrl(given: string): string {
  const text = given.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base-url: ${quote(text)} is not a URL`);
  }
  // Credentials in the URL would replace the API key with Basic auth and show
  // up in every --verbose line; a query or fragment would move the request.
  if (url.username !== '' || url.password !== '') throw new UsageError('--base-url: a user name or password in the URL is not accepted; the API key goes in --api-key or UPLOAD_POST_API_KEY');
  if (text.includes('?') || text.includes('#')) throw new UsageError(`--base-url: a query (?…) or fragment (#…) is not accepted; give the API base only, like ${DEFAULT_BASE_URL}`);
  if (url.protocol === 'https:') return text;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return text;
    throw new UsageError(`--base-url: plain http:// is accepted only for loopback hosts; use https:// for ${url.hostname}`);
  }
  throw new UsageError(`--base-url: ${url.protocol}// is not supported; use https://`);
}

/** `hint` names how this caller passes a key: CLI flags, or the library's option. */
export function noApiKey(hint: string): UsageError {
  return new UsageError(`no API key: pass ${hint}, set UPLOAD_POST_API_KEY, or run \`upload-post auth login\``);
}

/**
 * A key from any source, trimmed, or a UsageError naming the source (never
 * the key): `where` is "--api-key", "UPLOAD_POST_API_KEY", a file…
 */
export function checkApiKey(text: string, where: string): string {
  const key = text.trim();
  if (key === '') throw new UsageError(`${where}: the API key is empty`);
  // Pasted from a curl line or the dashboard's header: the client adds the scheme itself.
  const scheme = /^(apikey|bearer)\s/i.exec(key);
  if (scheme) throw new UsageError(`${where}: the API key starts with "${scheme[1]} "; pass the key alone, without the scheme (the tool sends "Apikey <key>" itself)`);
  // Never echo the key, even in this error; a newline in it would also be a header injection.
  if (/[\s\p{Cc}]/u.test(key)) throw new UsageError(`${where}: the API key holds whitespace or control characters`);
  // An HTTP header carries bytes: a key outside printable ASCII cannot be sent as it was typed.
  if (!/^[\x21-\x7e]+$/.test(key)) throw new UsageError(`${where}: the API key holds characters outside printable ASCII, which an HTTP header cannot carry`);
  return key;
}

/**
 * `apiKey` is the key already found (config/api-key.ts); without one, a
 * non-empty UPLOAD_POST_API_KEY. `keyHint` names how the caller passes a key;
 * `keyName`, what an error about the key given calls it.
 */
export function resolveConnection(apiKey: string | undefined, baseUrl: string | undefined, env: Env, keyHint: string, keyName: string = keyHint): Connection {
  const fromEnv = env.UPLOAD_POST_API_KEY?.trim() ? env.UPLOAD_POST_API_KEY : undefined;
  const given = apiKey ?? fromEnv;
  if (given === undefined) throw noApiKey(keyHint);
  const key = checkApiKey(given, apiKey !== undefined ? keyName : 'UPLOAD_POST_API_KEY');
  const base = checkBaseUrl(baseUrl ?? (env.UPLOAD_POST_BASE_URL || DEFAULT_BASE_URL));
  // A proxy variable we cannot use is the caller's to fix, before any request (docs/CONTRACT.md#proxies).
  const choice = proxyFor(base);
  if ('problem' in choice) throw new UsageError(choice.problem);
  return { apiKey: key, baseUrl: base };
}
