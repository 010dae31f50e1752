// Start the embedded simulator from test code (port 0) and stop it after.
import { startSimulator } from '../../src/simulator/server.js';

export type Sim = Awaited<ReturnType<typeof startSimulator>>;
export type SimOptions = Parameters<typeof startSimulator>[0];

export async function withSimulator<T>(opts: SimOptions, fn: (sim: Sim) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', ...opts });
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}
