// --quiet: nothing but errors (printed by the command), the exit code tells.
import { type Renderer } from './renderer.js';

export function createQuietRenderer(): Renderer {
  return { start() {}, progress() {}, outcome() {}, finish() {} };
}
