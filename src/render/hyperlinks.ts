// Whether the terminal shows OSC 8 hyperlinks, decided the way the
// supports-hyperlinks package decides (it is the package doing it), with
// FORCE_HYPERLINK=1 / 0 forcing them on or off, and colour off (NO_COLOR,
// --no-color) meaning hyperlinks off too (docs/CONTRACT.md#links-and-reports).
import { type Env } from '../config/env.js';
import { type OutStream } from './renderer.js';

export async function supportsHyperlinks(stream: OutStream, env: Env, colorLevel: number): Promise<boolean> {
  const force = env.FORCE_HYPERLINK;
  if (force !== undefined && force !== '') return Number.parseInt(force, 10) !== 0;
  if (colorLevel === 0 || !stream.isTTY) return false;
  const { createSupportsHyperlinks } = await import('supports-hyperlinks');
  return createSupportsHyperlinks(stream as NodeJS.WriteStream);
}
