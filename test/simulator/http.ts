// Test helpers: a simulator on a hand-driven clock, and a tiny GET.
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/server.js';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

export interface Clocked {
  sim: Simulator;
  /** Moves the simulator's clock forward. */
  advance(ms: number): void;
}

export async function clocked(opts: SimulatorOptions = {}): Promise<Clocked> {
  let t = T0;
  const sim = await startSimulator({ port: 0, now: () => t, ...opts });
  return { sim, advance: (ms) => void (t += ms) };
}

export interface Got {
  status: number;
  headers: Headers;
  text: string;
  json: () => Record<string, unknown>;
}

export async function get(
  sim: Simulator,
  query: string,
  opts: { key?: string | null; auth?: string; path?: string; method?: string; signal?: AbortSignal } = {},
): Promise<Got> {
  const auth = opts.auth ?? (opts.key === null ? undefined : `Apikey ${opts.key ?? 'test-key'}`);
  const res = await fetch(`${sim.url}${opts.path ?? '/uploadposts/status'}${query}`, {
    method: opts.method ?? 'GET',
    headers: auth === undefined ? {} : { Authorization: auth },
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}
