// Connection agents: keep-alive for batches, and HTTPS_PROXY / HTTP_PROXY /
// NO_PROXY read the way curl reads them (proxy-from-env), through hpagent.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { getProxyForUrl } from 'proxy-from-env';

export interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
  destroy(): void;
}

export async function createAgents(baseUrl: string, maxSockets: number): Promise<Agents> {
  // The proxy for this URL under the current environment, or '' for none.
  const proxy = getProxyForUrl(baseUrl);
  const common = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
  let http: HttpAgent;
  let https: HttpsAgent;
  if (proxy) {
    const { HttpProxyAgent, HttpsProxyAgent } = await import('hpagent');
    http = new HttpProxyAgent({ ...common, proxy });
    https = new HttpsProxyAgent({ ...common, proxy });
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
