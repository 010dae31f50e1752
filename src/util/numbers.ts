// Folds over collections of any size: `Math.max(...xs)` passes every item as
// an argument, and past ~120,000 of them the call overflows the stack.

/** The largest `of(item)`, and never less than `floor`. */
export function maxOf<T>(items: Iterable<T>, of: (item: T) => number, floor = -Infinity): number {
  let max = floor;
  for (const item of items) {
    const n = of(item);
    if (n > max) max = n;
  }
  return max;
}

/** The smallest `of(item)`; Infinity for none. */
export function minOf<T>(items: Iterable<T>, of: (item: T) => number): number {
  let min = Infinity;
  for (const item of items) {
    const n = of(item);
    if (n < min) min = n;
  }
  return min;
}
