// The API key and base URL, from what was given, else the environment, else
// the default — checked the same way for the CLI and the library
// (docs/CONTRACT.md#security).
import { DEFAULT_BASE_URL } from './defaults.js';
import { type Env } from './env.js';
import { UsageError } from './usage-error.js';

export interface Connection {
  apiKey: string;
  baseUrl: string;
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function checkBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base-url: ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol === 'https:') return text;
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return text;
    throw new UsageError(`--base-url: plain http:// is accepted only for loopback hosts; use https:// for ${url.hostname}`);
  }
  throw new UsageError(`--base-url: ${url.protocol}// is not supported; use https://`);
}

/** `keyHint` names how the caller passes a key (a flag, an option). */
export function resolveConnection(apiKey: string | undefined, baseUrl: string | undefined, env: Env, keyHint: string): Connection {
  const key = apiKey ?? env.UPLOAD_POST_API_KEY ?? '';
  if (key.trim() === '') throw new UsageError(`no API key: pass ${keyHint} or set UPLOAD_POST_API_KEY`);
  // Never echo the key, even in this error; a newline in it would also be a header injection.
  if (/[\s\p{Cc}]/u.test(key)) throw new UsageError('the API key holds whitespace or control characters');
  return { apiKey: key, baseUrl: checkBaseUrl(baseUrl ?? (env.UPLOAD_POST_BASE_URL || DEFAULT_BASE_URL)) };
}
