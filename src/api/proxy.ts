// Which proxy a request to the API goes through: HTTPS_PROXY / HTTP_PROXY /
// ALL_PROXY and NO_PROXY read the way curl reads them (proxy-from-env), except
// that a loopback host never goes through one — the embedded simulator and
// `demo` answer on 127.0.0.1, which no proxy can reach for us
// (docs/CONTRACT.md#proxies).
import { getProxyForUrl } from 'proxy-from-env';
import { isLoopbackHost } from '../util/hosts.js';
import { quote } from '../util/sanitize.js';

export interface Proxy {
  url: URL;
  /** The environment variable it came from, as set (`HTTPS_PROXY`, `https_proxy` …). */
  variable: string;
  /** How messages name it: scheme, host and port, never a user name or password. */
  shown: string;
}

export type ProxyChoice = { proxy?: Proxy } | { problem: string };

/** proxy-from-env reads `<scheme>_proxy` before `<SCHEME>_PROXY`, then `all_proxy`/`ALL_PROXY`. */
function variableFor(scheme: string, env: NodeJS.ProcessEnv): string | undefined {
  const names = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'];
  return names.find((n) => (env[n] ?? '') !== '');
}

/**
 * The proxy for `baseUrl` under `env` (process.env: proxy-from-env reads
 * nothing else), none, or a sentence naming the variable that holds a proxy
 * we cannot use: not a URL, or a SOCKS proxy (hpagent speaks HTTP CONNECT only).
 */
export function proxyFor(baseUrl: string, env: NodeJS.ProcessEnv = process.env): ProxyChoice {
  let target: URL;
  try {
    target = new URL(baseUrl);
  } catch {
    return {};
  }
  if (isLoopbackHost(target.hostname)) return {};
  const text = getProxyForUrl(target);
  if (!text) return {};
  const variable = variableFor(target.protocol.replace(/:$/, ''), env) ?? 'the proxy variable';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `${variable} is not a proxy URL (${quote(scrubCredentials(text))}); give one like http://proxy.example:3128, or unset it` };
  }
  if (/^socks/i.test(url.protocol)) {
    return { problem: `${variable}: ${url.protocol}// proxies are not supported; give an http:// or https:// proxy, or unset ${variable}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `${variable}: ${url.protocol}// is not a proxy scheme; give an http:// or https:// proxy, or unset ${variable}` };
  }
  if (url.hostname === '') return { problem: `${variable} names no proxy host; give one like http://proxy.example:3128, or unset it` };
  return { proxy: { url, variable, shown: `${url.protocol}//${url.host}` } };
}

/** A malformed proxy value may still hold `user:password@`: never shown. */
function scrubCredentials(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//…@');
}
