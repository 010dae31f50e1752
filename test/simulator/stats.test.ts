import { describe, expect, it } from 'vitest';
import { MAX_COUNTED_IDS, StatsCounter } from '../../src/simulator/stats.js';

describe('StatsCounter', () => {
  it('counts requests per ID, keeping at most MAX_COUNTED_IDS of them (made-up IDs cannot grow memory)', () => {
    const c = new StatsCounter();
    c.id('kept');
    for (let i = 0; i < MAX_COUNTED_IDS + 5_000; i++) c.id(`made-up-${i}`);
    c.id('kept');
    c.id('kept');
    const { requestsById } = c.snapshot();
    expect(Object.keys(requestsById)).toHaveLength(MAX_COUNTED_IDS);
    expect(requestsById['made-up-0']).toBeUndefined(); // the oldest went first
    expect(requestsById[`made-up-${MAX_COUNTED_IDS + 4_999}`]).toBe(1);
    expect(requestsById.kept).toBe(2); // forgotten once, counted again from its return
  });
});
