// Which proxy the API goes through, read from the environment as curl reads it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { proxyFor } from '../../src/api/proxy.js';

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

/** proxy-from-env reads process.env only. */
function withEnv(vars: Record<string, string>): void {
  for (const v of PROXY_VARS) vi.stubEnv(v, '');
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
}

afterEach(() => vi.unstubAllEnvs());

describe('proxyFor', () => {
  it.each([
    ['http://127.0.0.1:8080/api', { HTTP_PROXY: 'http://proxy.example:3128' }],
    ['http://localhost:8080/api', { ALL_PROXY: 'http://proxy.example:3128' }],
    ['http://[::1]:8080/api', { http_proxy: 'http://proxy.example:3128' }],
    // A loopback host is never proxied, even when the variable is broken.
    ['http://127.0.0.1:8080/api', { HTTP_PROXY: 'http://[bad' }],
    ['https://api.upload-post.com/api', { HTTPS_PROXY: 'http://proxy.example:3128', NO_PROXY: '.upload-post.com' }],
    ['https://api.upload-post.com/api', {}],
  ])('%s with %o: no proxy', (base, env) => {
    withEnv(env);
    expect(proxyFor(base)).toEqual({});
  });

  it('names the proxy without its credentials, and the variable it came from', () => {
    withEnv({ https_proxy: 'http://user:secret@proxy.example:3128' });
    const choice = proxyFor('https://api.upload-post.com/api');
    expect('proxy' in choice && choice.proxy).toMatchObject({ variable: 'https_proxy', shown: 'http://proxy.example:3128' });
  });

  it.each([
    [{ HTTPS_PROXY: 'http://[bad' }, /^HTTPS_PROXY is not a proxy URL \("http:\/\/\[bad"\)/],
    [{ HTTPS_PROXY: 'http://us:pw@[bad' }, /^HTTPS_PROXY is not a proxy URL \("http:\/\/…@\[bad"\)/],
    [{ ALL_PROXY: 'socks5://127.0.0.1:1080' }, /^ALL_PROXY: socks5:\/\/ proxies are not supported; give an http:\/\/ or https:\/\/ proxy, or unset ALL_PROXY$/],
    [{ https_proxy: 'socks5h://127.0.0.1:1080' }, /^https_proxy: socks5h:\/\/ proxies are not supported/],
    [{ HTTPS_PROXY: 'ftp://proxy.example' }, /^HTTPS_PROXY: ftp:\/\/ is not a proxy scheme/],
  ])('%o: a sentence naming the variable', (env, problem) => {
    withEnv(env);
    const choice = proxyFor('https://api.upload-post.com/api');
    expect('problem' in choice && choice.problem).toMatch(problem);
    expect(JSON.stringify(choice)).not.toContain('pw');
  });
});
