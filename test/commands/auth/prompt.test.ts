// The hidden prompt, byte by byte: what each key does, and that the terminal
// is handed back (raw mode off, paused) however the prompt ends.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { readHidden, type HiddenAnswer } from '../../../src/commands/auth/prompt.js';

class FakeTerminal extends EventEmitter {
  raw: boolean[] = [];
  paused = false;
  /** What the output held each time raw mode changed. */
  shownAtRaw: string[] = [];
  shown = '';
  setRawMode(mode: boolean): void {
    this.raw.push(mode);
    this.shownAtRaw.push(this.shown);
  }
  setEncoding(): void {}
  resume(): void {
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
}

async function type(chunks: string[], end = false): Promise<{ answer: HiddenAnswer; term: FakeTerminal; shown: string }> {
  const term = new FakeTerminal();
  const answer = readHidden(term, { write: (t: string) => (term.shown += t) }, 'Key: ');
  for (const c of chunks) term.emit('data', c);
  if (end) term.emit('end');
  return { answer: await answer, term, shown: term.shown };
}

describe('readHidden', () => {
  it.each([
    ['Enter ends it', ['abc\r'], { kind: 'text', text: 'abc' }],
    ['a paste in pieces', ['ab', 'cd', '\n'], { kind: 'text', text: 'abcd' }],
    ['Backspace takes one character back', ['abx\x7f\x7fc\r'], { kind: 'text', text: 'ac' }],
    ['Ctrl-U starts again', ['wrong\x15right\r'], { kind: 'text', text: 'right' }],
    ['Ctrl-D ends it', ['abc\x04'], { kind: 'text', text: 'abc' }],
    ['bracketed-paste marks are not part of the key', ['\x1b[200~key\x1b[201~\r'], { kind: 'text', text: 'key' }],
    ['Ctrl-C interrupts', ['abc\x03'], { kind: 'interrupted' }],
    ['what follows Enter in the same chunk is dropped', ['abc\rdef'], { kind: 'text', text: 'abc' }],
  ])('%s', async (_, chunks, want) => {
    const { answer, term, shown } = await type(chunks);
    expect(answer).toEqual(want);
    expect(term.raw).toEqual([true, false]);
    expect(term.shownAtRaw[0]).toBe(''); // no echo from the moment the prompt shows
    expect(term.paused).toBe(true);
    expect(shown).toBe('Key: \n'); // nothing typed is ever echoed
    expect(term.listenerCount('data') + term.listenerCount('end')).toBe(0);
  });

  it('a terminal that goes away ends the prompt with what was typed', async () => {
    const { answer, term } = await type(['ab'], true);
    expect(answer).toEqual({ kind: 'text', text: 'ab' });
    expect(term.raw).toEqual([true, false]);
  });

  it('a paste far longer than any key is cut, not kept whole', async () => {
    const { answer } = await type(['k'.repeat(100_000) + '\r']);
    expect(answer.kind === 'text' && answer.text.length).toBe(4096);
  });
});
