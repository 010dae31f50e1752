// A Map with a ceiling, for state keyed by what clients choose (IDs, API keys):
// however many distinct ones arrive, memory stays bounded. A Map iterates in
// insertion order, so re-inserting an entry on every use keeps the least
// recently used one first, where eviction finds it.

export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw new Error(`capacity must be a whole number of at least 1, got ${capacity}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, if kept; the key becomes the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Keeps the value as the most recently used, evicting the least recently used past capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Least recently used first. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  /** Every entry, least recently used first, without touching any. */
  snapshot(): [K, V][] {
    return [...this.entries];
  }
}
