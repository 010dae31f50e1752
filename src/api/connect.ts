// The one place the HTTP client is built: connection agents (keep-alive,
// proxies) plus the got client on them. The CLI and the library both connect
// through here; tests of the layers above hand a scripted fetcher instead.
import { createAgents } from './agents.js';
import { createClient, type ClientOptions, type FetchStatus } from './client.js';
import { proxyFor } from './proxy.js';

export interface ConnectOptions extends Omit<ClientOptions, 'agent'> {
  /** Sockets per host: as many as requests may be in flight. */
  maxSockets: number;
}

export interface ApiConnection {
  fetchStatus: FetchStatus;
  /** Closes idle keep-alive sockets, so the process can end. */
  close(): void;
}

export type Connect = (opts: ConnectOptions) => Promise<ApiConnection>;

export const connect: Connect = async ({ maxSockets, ...client }) => {
  const choice = proxyFor(client.baseUrl);
  // resolveConnection refuses a bad proxy variable before this (exit 2); a caller that skipped it still gets the sentence.
  if ('problem' in choice) throw new Error(choice.problem);
  const { proxy } = choice;
  const agents = await createAgents(proxy, maxSockets, new URL(client.baseUrl).protocol === 'https:');
  const fetchStatus = await createClient({
    ...client,
    agent: { http: agents.http, https: agents.https },
    ...(proxy ? { proxy: { shown: proxy.shown, variable: proxy.variable } } : {}),
  });
  return { fetchStatus, close: () => agents.destroy() };
};
