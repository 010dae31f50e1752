// The coloured theme, chalk behind it: loaded only by a run that shows
// colour (render/theme.ts says when).
import { Chalk, supportsColor } from 'chalk';
import { type Tone } from '../api/tone.js';
import { hyperlink, noLink, type Theme, type ThemeOptions } from './theme.js';

/** The colour depth supports-color finds in the environment and stdout (0 when none). */
export function detectedColorLevel(): number {
  return supportsColor ? supportsColor.level : 0;
}

export function makeTheme(level: number, opts: ThemeOptions = {}): Theme {
  const c = new Chalk({ level: level as 0 | 1 | 2 | 3 });
  const tones: Record<Tone, (s: string) => string> = {
    ok: (s) => c.green(s),
    fail: (s) => c.red(s),
    warn: (s) => c.yellow(s),
    info: (s) => c.cyan(s),
    dim: (s) => c.dim(s),
  };
  return { level, ...tones, bold: (s) => c.bold(s), paint: (tone, s) => tones[tone](s), link: opts.hyperlinks ? hyperlink : noLink };
}
