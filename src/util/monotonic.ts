// The monotonic clock every duration runs on (docs/ARCHITECTURE.md#time).

/**
 * Milliseconds on a clock that only moves forward, at the pace of real time:
 * a wall clock stepped by NTP or a VM resume would stretch or cut a deadline
 * by the step. process.hrtime rather than performance.now(): the same clock,
 * but the `performance` global loads perf_hooks and seven modules behind it,
 * ~1 ms of a one-shot's start (docs/ARCHITECTURE.md#start-up). Only
 * differences mean anything; the origin is arbitrary.
 */
export function monotonicNow(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
