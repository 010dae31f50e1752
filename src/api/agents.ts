// Connection agents: keep-alive for batches, and the proxy `proxyFor` chose
// (docs/CONTRACT.md#proxies), through hpagent.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { type Proxy } from './proxy.js';

export interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
  destroy(): void;
}

export async function createAgents(proxy: Proxy | undefined, maxSockets: number): Promise<Agents> {
  const common = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
  let http: HttpAgent;
  let https: HttpsAgent;
  if (proxy) {
    const { HttpProxyAgent, HttpsProxyAgent } = await import('hpagent');
    http = new HttpProxyAgent({ ...common, proxy: proxy.url });
    https = new HttpsProxyAgent({ ...common, proxy: proxy.url });
  } else {
    http = new HttpAgent(common);
    https = new HttpsAgent(common);
  }
  return {
    http,
    https,
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}
