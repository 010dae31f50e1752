// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY, the way curl reads them,
// through a real proxy server (the `proxy` package, which proxy-agent is
// tested with) on loopback — and a loopback API never through one
// (docs/CONTRACT.md#proxies). The API hosts behind the proxy do not exist:
// what counts is what the CLI asked the proxy for, and what it said.
import http from 'node:http';
import { createProxy } from 'proxy';
import { describe, expect, it } from 'vitest';
import { expectNoStack, runCli, why } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';

interface ProxyOptions {
  /** Answer every request for a tunnel 407 (credentials wanted). */
  wantsCredentials?: boolean;
}

async function withProxy<T>(fn: (url: string, seen: string[]) => Promise<T>, opts: ProxyOptions = {}): Promise<T> {
  const seen: string[] = [];
  const server = createProxy(http.createServer());
  if (opts.wantsCredentials) server.authenticate = () => false;
  server.on('request', (req) => seen.push(`${req.method} ${req.url}`));
  server.on('connect', (req) => seen.push(`CONNECT ${req.url}`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as { port: number }).port}`, seen);
  } finally {
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
}

const API = 'https://api.example.test/api';

describe.concurrent('proxies', () => {
  it('a loopback API (the simulator, demo) never goes through a proxy, whichever variable names one', async () => {
    await withSimulator({}, async (sim) => {
      await withProxy(async (proxy, seen) => {
        const env = { UPLOAD_POST_API_KEY: 'k', HTTP_PROXY: proxy, http_proxy: proxy, ALL_PROXY: proxy, HTTPS_PROXY: proxy };
        const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-px', '--json'], { env });
        expect(r.code, why(r)).toBe(6);
        expect(JSON.parse(r.stdout).request_id).toBe('stuck-px');
        expect(seen).toEqual([]);
      });
    });
  });

  it('`upload-post demo` works in a shell that exports a proxy (its simulator answers on loopback)', async () => {
    const dead = 'http://127.0.0.1:9';
    const r = await runCli(['demo'], { env: { HTTP_PROXY: dead, HTTPS_PROXY: dead, ALL_PROXY: dead }, timeoutMs: 40_000 });
    expect(r.code, why(r)).toBe(0);
  });

  it('a loopback API is not proxied even when the variable is broken', async () => {
    await withSimulator({}, async (sim) => {
      const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-px2', '--json'], { env: { UPLOAD_POST_API_KEY: 'k', HTTP_PROXY: 'http://[bad' } });
      expect(r.code, why(r)).toBe(6);
    });
  });

  it.each([
    ['HTTPS_PROXY', 'https_proxy'],
    ['ALL_PROXY', 'ALL_PROXY'],
  ])('an https:// API goes through %s with CONNECT (the key never travels in clear to the proxy); the failure names host and proxy', async (_name, variable) => {
    await withProxy(async (proxy, seen) => {
      const r = await runCli(['status', '--base-url', API, '--request-id', 'x', '--json', '--timeout', '3s'], { env: { UPLOAD_POST_API_KEY: 'k', [variable]: proxy } });
      expect([5, 7]).toContain(r.code);
      expect(seen[0]).toBe('CONNECT api.example.test:443');
      expect(seen.every((s) => s.startsWith('CONNECT'))).toBe(true);
      // The proxy cannot reach a host that does not exist, and says so with a status of its own.
      expect(r.stderr).toContain(`the proxy ${proxy} could not open a tunnel to api.example.test (HTTP `);
    });
  });

  it('NO_PROXY bypasses it', async () => {
    await withProxy(async (proxy, seen) => {
      const r = await runCli(['status', '--base-url', API, '--request-id', 'x', '--json', '--timeout', '2s'], {
        env: { UPLOAD_POST_API_KEY: 'k', HTTPS_PROXY: proxy, NO_PROXY: 'localhost,api.example.test' },
      });
      expect([5, 7]).toContain(r.code);
      expect(seen).toEqual([]);
      expect(r.stderr).not.toContain('proxy');
    });
  });

  it('a 407 from the proxy: one sentence naming the proxy and the variable, exit 7, asked once', async () => {
    await withProxy(
      async (proxy, seen) => {
        const r = await runCli(['status', '--base-url', API, '--request-id', 'x', '--watch', '--timeout', '20s'], { env: { UPLOAD_POST_API_KEY: 'k', HTTPS_PROXY: proxy } });
        expect(r.code, why(r)).toBe(7);
        expect(seen).toEqual(['CONNECT api.example.test:443']);
        expect(r.stderr).toContain(`the proxy ${proxy} asks for credentials (HTTP 407); put them in HTTPS_PROXY as http://user:password@host:port`);
        expect(r.stderr).not.toMatch(/ERR_GOT_REQUEST_ERROR|times in a row|run again later/);
        expect(r.ms).toBeLessThan(10_000); // no backoff: at once
      },
      { wantsCredentials: true },
    );
  });

  it.each([
    ['HTTPS_PROXY', 'http://[bad', /^upload-post: HTTPS_PROXY is not a proxy URL \("http:\/\/\[bad"\); give one like http:\/\/proxy\.example:3128, or unset it\n$/],
    ['https_proxy', 'http://user:hunter2@[bad', /^upload-post: https_proxy is not a proxy URL \("http:\/\/…@\[bad"\)/],
    ['ALL_PROXY', 'socks5://127.0.0.1:1080', /^upload-post: ALL_PROXY: socks5:\/\/ proxies are not supported; give an http:\/\/ or https:\/\/ proxy, or unset ALL_PROXY\n$/],
    ['HTTPS_PROXY', 'socks5h://127.0.0.1:1080', /^upload-post: HTTPS_PROXY: socks5h:\/\/ proxies are not supported/],
  ])('%s=%s: exit 2 before any request, naming the variable', async (variable, value, message) => {
    const r = await runCli(['status', '--base-url', API, 'x'], { env: { UPLOAD_POST_API_KEY: 'k', [variable]: value } });
    expect(r.code, why(r)).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('hunter2');
    expectNoStack(r);
  });

  it('no Node warning reaches stderr (an https:// proxy at an IP address makes Node warn about the TLS server name)', async () => {
    const r = await runCli(['status', '--base-url', API, 'x', '--json', '--timeout', '2s'], { env: { UPLOAD_POST_API_KEY: 'k', HTTPS_PROXY: 'https://127.0.0.1:9' } });
    expect(r.code, why(r)).toBe(7);
    expect(r.stderr).not.toMatch(/Warning|DEP0/);
    expect(r.stderr).toContain('connection refused (api.example.test, through the proxy https://127.0.0.1:9)');
  });
});
