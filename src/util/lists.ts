// Picking and naming a few of many: a view shows a handful, however many
// there are, and never does work for the ones it leaves out.

/**
 * The first `limit` items in rank order (rank 0 first), each rank in input
 * order: one pass, no sort, and it stops as soon as rank 0 alone fills the
 * limit — a list of 100,000 costs no more than one of 30.
 */
export function firstByRank<T>(items: Iterable<T>, rankOf: (item: T) => number, ranks: number, limit: number): T[] {
  const buckets: T[][] = Array.from({ length: ranks }, () => []);
  for (const item of items) {
    const bucket = buckets[rankOf(item)]!;
    if (bucket.length < limit) bucket.push(item);
    if (buckets[0]!.length >= limit) break;
  }
  return buckets.flat().slice(0, limit);
}

/**
 * "a, b, c and 4 more": the first `n` items, each shown by `show`, then how
 * many are left out of `total` (the items given may be only the first few).
 */
export function andMore<T>(items: readonly T[], n: number, show: (item: T) => string, total = items.length): string {
  const shown = items.slice(0, n).map(show).join(', ');
  return total > n ? `${shown} and ${total - Math.min(n, items.length)} more` : shown;
}
