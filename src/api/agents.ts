// Connection agents: keep-alive for batches, and the proxy `proxyFor` chose
// (docs/CONTRACT.md#proxies), through hpagent.
import { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { type Proxy } from './proxy.js';

export interface Agents {
  http: HttpAgent;
  /**
   * Only for an https base URL: redirects are never followed (api/client.ts),
   * so no other protocol is ever asked for, and node:https (with tls and
   * crypto, a dozen modules) is not loaded for a loopback http one.
   */
  https?: HttpsAgent;
  destroy(): void;
}

/** `secure`: whether the base URL is https (only then is an https agent built). */
export async function createAgents(proxy: Proxy | undefined, maxSockets: number, secure = true): Promise<Agents> {
  const common = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
  let http: HttpAgent;
  let https: HttpsAgent | undefined;
  if (proxy) {
    const { HttpProxyAgent, HttpsProxyAgent } = await import('hpagent');
    http = new HttpProxyAgent({ ...common, proxy: proxy.url });
    if (secure) https = new HttpsProxyAgent({ ...common, proxy: proxy.url });
  } else {
    http = new HttpAgent(common);
    if (secure) https = new (process.getBuiltinModule('node:https').Agent)(common);
  }
  return {
    http,
    ...(https === undefined ? {} : { https }),
    destroy() {
      http.destroy();
      https?.destroy();
    },
  };
}
