// The terminal renderer pulls in ora and cli-table3's live layout; loading it
// only when stdout is a terminal keeps pipes and --json fast.
import { type OutStream, type Renderer } from './renderer.js';
import { type Theme } from './theme.js';

export async function createTtyRenderer(out: OutStream, theme: Theme): Promise<Renderer> {
  const tty = await import('./tty.js');
  return tty.createTtyRenderer(out, theme);
}
