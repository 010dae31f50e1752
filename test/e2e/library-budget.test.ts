// Library calls in one process with the same key and base URL spend one
// rate-limit budget (docs/API.md#rate-limits): three watch() calls at once
// against a tight simulator limit get no 429, as one call would (each on its own budget: 3 to 16 of them).
import { describe, expect, it } from 'vitest';
import { watch } from '../../src/index.js';
import { withSimulator } from '../helpers/sim.js';

describe('the library on one key', () => {
  it('three concurrent watch() calls share one budget: 0 × 429 where each alone fits and all together do not', async () => {
    await withSimulator({ speed: 10, rateLimit: { limit: 10, windowMs: 4_000 } }, async (sim) => {
      const cfg = { apiKey: 'library-budget-key', baseUrl: sim.url, timeoutMs: 60_000 };
      const ids = (p: string) => Array.from({ length: 6 }, (_, i) => `ok-${p}${i}`);
      const all = await Promise.all([watch(ids('la'), cfg), watch(ids('lb'), cfg), watch(ids('lc'), cfg)]);
      expect(all.map((r) => r.exitCode)).toEqual([0, 0, 0]);
      expect(sim.stats().rateLimited).toBe(0);
    });
  }, 60_000);
});
