// Which theme a run gets, loading chalk (color-theme.ts) only when it shows
// colour (docs/ARCHITECTURE.md#start-up).
import { plainTheme, type Theme, type ThemeOptions } from './theme.js';

/**
 * `color`: false (off), true (FORCE_COLOR), undefined (decide by whether the
 * stream is a terminal). Asks the terminal's colour depth only when it can matter.
 */
export async function colorLevel(color: boolean | undefined, isTTY: boolean): Promise<number> {
  if (color === false || (color === undefined && !isTTY)) return 0;
  const detected = (await import('./color-theme.js')).detectedColorLevel();
  return color === true ? Math.max(1, detected) : detected;
}

/** The theme for `level`: the plain one for 0, chalk's otherwise. */
export async function loadTheme(level: number, opts: ThemeOptions = {}): Promise<Theme> {
  return level === 0 ? plainTheme(opts) : (await import('./color-theme.js')).makeTheme(level, opts);
}
