// Choosing the primary view, once (docs/ARCHITECTURE.md, "Outputs"): JSON
// Lines, quiet, the live terminal view, or the plain log a pipe gets.
import { createJsonRenderer } from './json.js';
import { createQuietRenderer } from './quiet.js';
import { type OutStream, type Renderer } from './renderer.js';
import { redactingStream } from './redacting-stream.js';
import { type Theme } from './theme.js';

export interface ViewChoice {
  json: boolean;
  quiet: boolean;
  /** $TERM: `dumb` means no cursor movement. */
  term?: string;
  /** The terminal view, loaded on use; absent → the plain log even on a TTY. */
  createTtyRenderer?: (out: OutStream, theme: Theme) => Promise<Renderer>;
  /** Takes every secret out of text we show. */
  scrub: (text: string) => string;
}

export async function chooseView(stdout: OutStream, theme: Theme, choice: ViewChoice): Promise<Renderer> {
  // --json prints bodies exactly as received (only our error objects are scrubbed);
  // every human view is scrubbed line by line.
  if (choice.json) return createJsonRenderer(stdout, choice.scrub);
  if (choice.quiet) return createQuietRenderer();
  const out = redactingStream(stdout, choice.scrub);
  // A dumb terminal cannot move the cursor: it gets the log a pipe gets.
  if (out.isTTY && choice.createTtyRenderer && choice.term !== 'dumb') return choice.createTtyRenderer(out, theme);
  // Loaded only here: its table's width module starts ICU (~20 ms), which --json never needs.
  const { createPlainRenderer } = await import('./plain.js');
  return createPlainRenderer(out, theme);
}
