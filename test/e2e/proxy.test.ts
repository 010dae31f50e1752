// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, the way curl reads them, through a real
// proxy server (the `proxy` package, which proxy-agent is tested with) on loopback.
import http from 'node:http';
import { createProxy } from 'proxy';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';

async function withProxy<T>(fn: (url: string, seen: string[]) => Promise<T>): Promise<T> {
  const seen: string[] = [];
  const server = createProxy(http.createServer());
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

describe.concurrent('proxies', () => {
  it('HTTP_PROXY carries the request', async () => {
    await withSimulator({}, async (sim) => {
      await withProxy(async (proxy, seen) => {
        const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-px', '--json'], { env: { UPLOAD_POST_API_KEY: 'k', HTTP_PROXY: proxy } });
        expect(r.code, r.stderr).toBe(6);
        expect(JSON.parse(r.stdout).request_id).toBe('stuck-px');
        // hpagent may forward (absolute-URI GET) or tunnel (CONNECT): either way, through the proxy.
        const host = new URL(sim.url).host;
        expect(seen).toHaveLength(1);
        expect([`GET ${sim.url}/uploadposts/status?request_id=stuck-px`, `CONNECT ${host}`]).toContain(seen[0]);
      });
    });
  });

  it('lower-case http_proxy works too', async () => {
    await withSimulator({}, async (sim) => {
      await withProxy(async (proxy, seen) => {
        const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-px2', '--json'], { env: { UPLOAD_POST_API_KEY: 'k', http_proxy: proxy } });
        expect(r.code).toBe(6);
        expect(seen).toHaveLength(1);
      });
    });
  });

  it('NO_PROXY bypasses it', async () => {
    await withSimulator({}, async (sim) => {
      await withProxy(async (proxy, seen) => {
        const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-px3', '--json'], {
          env: { UPLOAD_POST_API_KEY: 'k', HTTP_PROXY: proxy, NO_PROXY: 'localhost,127.0.0.1' },
        });
        expect(r.code).toBe(6);
        expect(seen).toEqual([]);
      });
    });
  });

  it('HTTPS_PROXY does not apply to an http:// base', async () => {
    await withSimulator({}, async (sim) => {
      await withProxy(async (proxy, seen) => {
        const r = await runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-px4', '--json'], { env: { UPLOAD_POST_API_KEY: 'k', HTTPS_PROXY: proxy } });
        expect(r.code).toBe(6);
        expect(seen).toEqual([]);
      });
    });
  });

  it('an https:// base goes through the proxy with CONNECT (and the key never travels in clear to the proxy)', async () => {
    await withProxy(async (proxy, seen) => {
      // Nothing listens on that port: the tunnel fails, which is fine — the
      // point is that the CLI asked the proxy for a CONNECT tunnel.
      const r = await runCli(['status', '--base-url', 'https://127.0.0.1:9/api', '--request-id', 'x', '--json', '--timeout', '3s'], { env: { UPLOAD_POST_API_KEY: 'k', HTTPS_PROXY: proxy } });
      expect([5, 7]).toContain(r.code);
      expect(seen[0]).toBe('CONNECT 127.0.0.1:9');
      expect(seen.every((s) => s.startsWith('CONNECT'))).toBe(true);
    });
  });
});
