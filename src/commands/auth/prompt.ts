// A hidden prompt on a terminal: the key is read in raw mode, so the terminal
// never echoes it and it never lands in the scrollback or a recording. Ctrl-C
// arrives as a byte in raw mode (no SIGINT), so it is handled here.

export type HiddenAnswer = { kind: 'text'; text: string } | { kind: 'interrupted' };

/** What the prompt needs of a terminal: process.stdin when it is a TTY. */
export interface RawInput {
  setRawMode(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  once(event: 'end', listener: () => void): unknown;
  off(event: 'end', listener: () => void): unknown;
}

/** Longer than any key; a paste beyond it is cut and then refused by the key check. */
const MAX_TYPED = 4096;
/** Bracketed-paste marks, in case the terminal was left in that mode. */
const PASTE_MARKS = /\x1b\[20[01]~/g;

export function readHidden(input: RawInput, output: { write(text: string): unknown }, prompt: string): Promise<HiddenAnswer> {
  // Raw mode before the prompt shows: a key typed as soon as it appears must
  // meet a terminal that no longer echoes (the line discipline echoes as it
  // receives, whenever we read).
  input.setEncoding('utf8');
  input.setRawMode(true);
  output.write(prompt);
  input.resume();
  let typed = '';
  return new Promise((resolve) => {
    // The terminal went away (a closed window, a dropped ssh session): what was typed is all there is.
    const onEnd = (): void => finish({ kind: 'text', text: typed });
    const finish = (answer: HiddenAnswer): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      resolve(answer);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk.replace(PASTE_MARKS, '')) {
        if (ch === '\r' || ch === '\n' || ch === '\x04') return finish({ kind: 'text', text: typed });
        if (ch === '\x03') return finish({ kind: 'interrupted' });
        if (ch === '\x7f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch === '\x15') typed = ''; // Ctrl-U: start again
        else if (typed.length < MAX_TYPED) typed += ch;
      }
    };
    input.on('data', onData);
    input.once('end', onEnd);
  });
}
