// --ids-from within bounds: endless or huge input ends in one usage error,
// quickly, without reading it all.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdsFrom } from '../../../src/commands/status/ids-input.js';
import { MAX_IDS, MAX_IDS_INPUT_BYTES, MAX_IDS_LINE_BYTES } from '../../../src/config/defaults.js';
import { UsageError } from '../../../src/config/usage-error.js';

let dir = '';
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'ids-input-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** An endless stream that counts what was read from it. */
function endless(chunk: Buffer) {
  const read = { bytes: 0 };
  async function* gen() {
    for (;;) {
      read.bytes += chunk.length;
      yield chunk;
    }
  }
  return { stream: gen(), read };
}

describe('loadIdsFrom', () => {
  it('stdin of zeros (no newline ever): a usage error at the first chunk, having read little', async () => {
    const { stream, read } = endless(Buffer.alloc(64 * 1024));
    await expect(loadIdsFrom('-', stream)).rejects.toThrow(new UsageError('--ids-from: stdin holds binary data (NUL bytes), not a list of IDs one a line'));
    expect(read.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('a first line past the line ceiling: a usage error at that line', async () => {
    const { stream } = endless(Buffer.alloc(64 * 1024, 'a'));
    await expect(loadIdsFrom('-', stream)).rejects.toThrow(new UsageError(`--ids-from: stdin line 1 is longer than ${MAX_IDS_LINE_BYTES} bytes`));
  });

  it.each([
    ['UTF-16 (Notepad, PowerShell >)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ok-1\r\nok-2\r\n', 'utf16le')]), /stdin is UTF-16 text; save it as UTF-8/],
    ['binary', Buffer.from('ok-1\n\u0000\u0001\u0002ELF\n'), /stdin holds binary data \(NUL bytes\), not a list of IDs/],
  ])('%s: one sentence saying so', async (_name, bytes, message) => {
    async function* once(): AsyncGenerator<Buffer> {
      yield bytes;
    }
    await expect(loadIdsFrom('-', once())).rejects.toThrow(message);
  });

  it('endless short lines: a usage error at the size ceiling', async () => {
    const { stream, read } = endless(Buffer.from('ok-1\n'.repeat(10_000)));
    await expect(loadIdsFrom('-', stream)).rejects.toThrow(`--ids-from: stdin is larger than ${MAX_IDS_INPUT_BYTES / 1024 / 1024} MiB; split it`);
    expect(read.bytes).toBeLessThan(MAX_IDS_INPUT_BYTES + 100_000);
  });

  it('a long line in a file names its number', async () => {
    const f = join(dir, 'long.txt');
    await writeFile(f, `ok-1\nok-2\n${'x'.repeat(MAX_IDS_LINE_BYTES + 1)}\n`);
    await expect(loadIdsFrom(f, endless(Buffer.alloc(1)).stream)).rejects.toThrow(`--ids-from: ${f} line 3 is longer than ${MAX_IDS_LINE_BYTES} bytes`);
  });

  it('a line exactly at the limit, split across chunks, is fine', async () => {
    async function* chunks() {
      yield Buffer.from('a'.repeat(MAX_IDS_LINE_BYTES - 100));
      yield Buffer.from('a'.repeat(100) + '\n# ' + 'c'.repeat(MAX_IDS_LINE_BYTES - 2) + '\nok-1\n');
    }
    await expect(loadIdsFrom('-', chunks())).rejects.toThrow(/longer than 512 characters/); // the ID rule, not the line rule
  });

  it(`more than ${MAX_IDS} IDs is a usage error; that many is fine`, async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`).join('\n');
    async function* one(text: string) {
      yield Buffer.from(text);
    }
    expect(await loadIdsFrom('-', one(ids(MAX_IDS)))).toHaveLength(MAX_IDS);
    await expect(loadIdsFrom('-', one(ids(MAX_IDS + 1)))).rejects.toThrow(/more than 500,000 in one run/);
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.txt'), /cannot read .*nope\.txt: no such file/],
    ['a directory', () => dir, /cannot read .* \(EISDIR\)/],
  ])('%s is a usage error', async (_name, path, msg) => {
    const e = await loadIdsFrom(path(), endless(Buffer.alloc(1)).stream).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(msg);
  });
});
