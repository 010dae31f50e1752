import { describe, it, expect } from 'vitest';
import { LruMap } from '../../src/simulator/lru.js';

const filled = (capacity: number, keys: string[]) => {
  const lru = new LruMap<string, number>(capacity);
  keys.forEach((k, i) => lru.set(k, i));
  return lru;
};

describe('LruMap', () => {
  it.each<[string, (lru: LruMap<string, number>) => void, string[]]>([
    ['sets in order', () => {}, ['a', 'b', 'c']],
    ['a new key evicts the least recently used', (l) => l.set('d', 3), ['b', 'c', 'd']],
    ['get makes a key the most recent', (l) => void l.get('a'), ['b', 'c', 'a']],
    ['get then a new key evicts the next oldest', (l) => (l.get('a'), l.set('d', 3)), ['c', 'a', 'd']],
    ['setting a kept key refreshes it without evicting', (l) => l.set('a', 9), ['b', 'c', 'a']],
    ['a missed get changes nothing', (l) => void l.get('zz'), ['a', 'b', 'c']],
    ['several new keys evict the oldest, one by one', (l) => ['d', 'e'].forEach((k) => l.set(k, 0)), ['c', 'd', 'e']],
  ])('%s', (_name, act, order) => {
    const lru = filled(3, ['a', 'b', 'c']);
    act(lru);
    expect([...lru.keys()]).toEqual(order);
    expect(lru.size).toBe(order.length);
  });

  it('keeps values, and forgets evicted ones', () => {
    const lru = filled(2, ['a', 'b', 'c']);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([undefined, 1, 2]);
  });

  it('never holds more than its capacity', () => {
    const lru = new LruMap<number, number>(100);
    for (let i = 0; i < 10_000; i++) {
      lru.set(i, i);
      if (i % 3 === 0) lru.get(i - 50);
      expect(lru.size).toBeLessThanOrEqual(100);
    }
    expect(lru.size).toBe(100);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %d', (capacity) => {
    expect(() => new LruMap(capacity)).toThrow(/capacity must be a whole number of at least 1/);
  });
});
