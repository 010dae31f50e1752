// Colour as a plain value handed to renderers: level 0 means no escape codes
// at all (chalk 5.6 ignores NO_COLOR, so we decide ourselves).
import { Chalk, supportsColor } from 'chalk';
import { type Tone } from '../api/tone.js';

export interface Theme {
  level: number;
  ok(s: string): string;
  fail(s: string): string;
  warn(s: string): string;
  info(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  /** Text in the colour a tone stands for. */
  paint(tone: Tone, s: string): string;
  /** `text` as a terminal hyperlink (OSC 8) to `url`, a link we validated and rebuilt; plain text when hyperlinks are off. */
  link(url: string, text: string): string;
}

/** `color`: false (off), true (FORCE_COLOR), undefined (decide by whether the stream is a terminal). */
export function colorLevel(color: boolean | undefined, isTTY: boolean): number {
  const detected = supportsColor ? supportsColor.level : 0;
  if (color === false) return 0;
  if (color === true) return Math.max(1, detected);
  return isTTY ? detected : 0;
}

/** OSC 8 around `text`; `url` must hold no control character (links come from safeLink). */
function hyperlink(url: string, text: string): string {
  return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}

export function makeTheme(level: number, opts: { hyperlinks?: boolean } = {}): Theme {
  const c = new Chalk({ level: level as 0 | 1 | 2 | 3 });
  const tones: Record<Tone, (s: string) => string> = {
    ok: (s) => c.green(s),
    fail: (s) => c.red(s),
    warn: (s) => c.yellow(s),
    info: (s) => c.cyan(s),
    dim: (s) => c.dim(s),
  };
  const link = opts.hyperlinks ? hyperlink : (_url: string, text: string) => text;
  return { level, ...tones, bold: (s) => c.bold(s), paint: (tone, s) => tones[tone](s), link };
}
