// Colour as a plain value handed to renderers: level 0 means no escape codes
// at all (chalk 5.6 ignores NO_COLOR, so we decide ourselves). A run with no
// colour — `--json`, a pipe, `--no-color` — never loads chalk: its module and
// supports-color's (with node:os and node:tty) cost a one-shot ~1.5 ms
// (docs/ARCHITECTURE.md#start-up). Colours are in color-theme.ts, and
// theme-loader.ts picks one of the two for a run.
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

export interface ThemeOptions {
  hyperlinks?: boolean;
}

/** OSC 8 around `text`; `url` must hold no control character (links come from safeLink). */
export function hyperlink(url: string, text: string): string {
  return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}

export const noLink = (_url: string, text: string): string => text;

const same = (s: string): string => s;

/** Level 0: every text as it is (hyperlinks still, when asked). */
export function plainTheme(opts: ThemeOptions = {}): Theme {
  return { level: 0, ok: same, fail: same, warn: same, info: same, dim: same, bold: same, paint: (_tone, s) => s, link: opts.hyperlinks ? hyperlink : noLink };
}
