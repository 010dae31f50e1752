// Colour as a plain value handed to renderers: level 0 means no escape codes
// at all (chalk 5.6 ignores NO_COLOR — STACK-NOTES — so we decide ourselves).
import { Chalk, supportsColor } from 'chalk';

export interface Theme {
  level: number;
  ok(s: string): string;
  fail(s: string): string;
  warn(s: string): string;
  info(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

/** `color`: false (off), true (FORCE_COLOR), undefined (decide by whether the stream is a terminal). */
export function colorLevel(color: boolean | undefined, isTTY: boolean): number {
  const detected = supportsColor ? supportsColor.level : 0;
  if (color === false) return 0;
  if (color === true) return Math.max(1, detected);
  return isTTY ? detected : 0;
}

export function makeTheme(level: number): Theme {
  const c = new Chalk({ level: level as 0 | 1 | 2 | 3 });
  return {
    level,
    ok: (s) => c.green(s),
    fail: (s) => c.red(s),
    warn: (s) => c.yellow(s),
    info: (s) => c.cyan(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
  };
}
