// fast-check runs twice in CI: once with a fixed seed (the same cases every
// time) and once with a fresh seed, which fast-check prints on failure so the
// case can be replayed with FUZZ_SEED=<seed>.
import fc from 'fast-check';
import { it } from 'vitest';

export const FIXED_SEED = 20261128;

export function property<Ts extends [unknown, ...unknown[]]>(name: string, prop: fc.IPropertyWithHooks<Ts> | fc.IProperty<Ts>, numRuns = 300): void {
  it(`${name} (seed ${FIXED_SEED})`, () => fc.assert(prop, { seed: FIXED_SEED, numRuns }));
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
  it(`${name} (random seed ${seed})`, () => fc.assert(prop, { seed, numRuns }));
}
