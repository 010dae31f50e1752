// --ids-from within bounds: a regular file is read in full and a bad line is
// a usage error; a stream yields each ID as its line is read, reports a bad
// line and goes on, and stops at its limits having read little past them.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIdStream, openIdsFrom, type Arrival, type IdList, type IdStream } from '../../../src/commands/status/ids-input.js';
import { MAX_IDS, MAX_IDS_INPUT_BYTES, MAX_IDS_LINE_BYTES } from '../../../src/config/defaults.js';
import { UsageError } from '../../../src/config/usage-error.js';

let dir = '';
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'ids-input-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

const now = () => 1_000;

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

async function* chunksOf(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p, 'latin1');
}

async function streamOf(chunks: AsyncIterable<string | Buffer>): Promise<IdStream> {
  const input = await openIdsFrom('-', chunks, now);
  if (!isIdStream(input)) throw new Error('stdin must be read as a stream');
  return input;
}

/** Every arrival of a stream, in order: IDs as `kind:id`, problems as their sentence. */
async function arrivals(chunks: AsyncIterable<string | Buffer>, stop = new AbortController().signal): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of (await streamOf(chunks)).read(stop)) for (const a of batch) out.push(shown(a));
  return out;
}

function shown(a: Arrival): string {
  if ('problem' in a) return `${a.problem.kind}: ${a.problem.message}`;
  return `${a.upload.kind}:${a.upload.id}${a.upload.notBefore !== undefined ? ` @${a.upload.notBefore}` : ''}`;
}

async function file(name: string, text: string): Promise<string> {
  const f = join(dir, name);
  await writeFile(f, text);
  return f;
}

describe('a stream (stdin, a pipe, a FIFO)', () => {
  it('each line as it is read, the last one without its newline, a line split across chunks joined', async () => {
    expect(await arrivals(chunksOf('ok-1\nok', '-2\r\n# note\n\njob:j-3 90s\n{"success":true,"request_id":"ok-4"}'))).toEqual([
      'request:ok-1',
      'request:ok-2',
      'job:j-3 @91000',
      'request:ok-4',
    ]);
  });

  it('an ID is handed on before the input ends', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    async function* stalls() {
      yield Buffer.from('ok-1\n');
      await gate;
      yield Buffer.from('ok-2\n');
    }
    const it = (await streamOf(stalls())).read(new AbortController().signal)[Symbol.asyncIterator]();
    expect(((await it.next()).value as Arrival[]).map(shown)).toEqual(['request:ok-1']);
    release();
    expect(((await it.next()).value as Arrival[]).map(shown)).toEqual(['request:ok-2']);
    expect((await it.next()).done).toBe(true);
  });

  it('a bad line or a failed answer is reported with its line number, and the lines after it are still read', async () => {
    const long = 'x'.repeat(MAX_IDS_LINE_BYTES + 1);
    const got = await arrivals(chunksOf(`ok-1\n${long}\nbad id here\n{"success":false,"message":"quota exceeded"}\n{not json\nok-2`));
    expect(got).toEqual([
      'request:ok-1',
      `malformed: --ids-from: stdin line 2 is longer than ${MAX_IDS_LINE_BYTES} bytes`,
      'malformed: stdin line 3: expected <id> or <id> <time>, got "bad id here"',
      'refused: stdin line 4: the upload failed: "quota exceeded"',
      'malformed: stdin line 5: starts like JSON but is not valid JSON',
      'request:ok-2',
    ]);
  });

  it('zeros: binary, one sentence at the first chunk, no more reading', async () => {
    const { stream, read } = endless(Buffer.alloc(64 * 1024));
    expect(await arrivals(stream)).toEqual(['unreadable: --ids-from: stdin holds binary data (NUL bytes), not a list of IDs one a line']);
    expect(read.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('a line with no newline ever: the long line once, then the size ceiling ends it having read little past it', async () => {
    const { stream, read } = endless(Buffer.alloc(64 * 1024, 'a'));
    expect(await arrivals(stream)).toEqual([
      `malformed: --ids-from: stdin line 1 is longer than ${MAX_IDS_LINE_BYTES} bytes`,
      `limit: --ids-from: stdin is larger than ${MAX_IDS_INPUT_BYTES / 1024 / 1024} MiB; the rest is not read; split it`,
    ]);
    expect(read.bytes).toBeLessThanOrEqual(MAX_IDS_INPUT_BYTES + 64 * 1024);
  });

  it.each([
    ['UTF-16 (Notepad, PowerShell >)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ok-1\r\nok-2\r\n', 'utf16le')]), ['unreadable: --ids-from: stdin is UTF-16 text; save it as UTF-8 (one ID a line), e.g. with iconv -f UTF-16 -t UTF-8']],
    ['binary after an ID', Buffer.from('ok-1\n\u0000\u0001\u0002ELF\n'), ['unreadable: --ids-from: stdin holds binary data (NUL bytes), not a list of IDs one a line']],
  ])('%s: one sentence saying so, and reading stops', async (_name, bytes, expected) => {
    expect(await arrivals(chunksOf(bytes.toString('latin1')))).toEqual(expected);
  });

  it(`more than ${MAX_IDS} IDs: that many are handed on, then one sentence, and reading stops`, async () => {
    const { stream, read } = endless(Buffer.from('ok-1\n'.repeat(10_000)));
    let ids = 0;
    const problems: string[] = [];
    for await (const batch of (await streamOf(stream)).read(new AbortController().signal)) {
      for (const a of batch) {
        if ('upload' in a) ids += 1;
        else problems.push(a.problem.message);
      }
    }
    expect(ids).toBe(MAX_IDS);
    expect(problems).toEqual([`--ids-from: stdin holds more than 500,000 IDs, the most one run takes; the rest is not read; split it`]);
    expect(read.bytes).toBeLessThan(MAX_IDS * 5 + 100_000);
  });

  it('a line exactly at the limit, split across chunks, is read (and refused by the ID rule, not the line rule)', async () => {
    const got = await arrivals(chunksOf('a'.repeat(MAX_IDS_LINE_BYTES - 100), 'a'.repeat(100) + '\n# ' + 'c'.repeat(MAX_IDS_LINE_BYTES - 2) + '\nok-1\n'));
    expect(got).toEqual(['malformed: stdin line 1: the ID is longer than 512 characters', 'request:ok-1']);
  });

  it('stop ends the reading at once while a read waits, and lets the source go', async () => {
    let destroyed = false;
    const never = {
      async *[Symbol.asyncIterator]() {
        yield Buffer.from('ok-1\n');
        await new Promise(() => {});
      },
      destroy: () => void (destroyed = true),
    };
    const stop = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const batch of (await streamOf(never)).read(stop.signal)) for (const a of batch) got.push(shown(a));
    })();
    await new Promise((r) => setTimeout(r, 20));
    stop.abort();
    await done;
    expect(got).toEqual(['request:ok-1']);
    expect(destroyed).toBe(true);
  });

  it('a FIFO nobody opens for writing: stop ends the wait to open it (the thread pool is freed)', async () => {
    const fifo = join(dir, 'nobody.fifo');
    execFileSync('mkfifo', [fifo]);
    const input = await openIdsFrom(fifo, endless(Buffer.alloc(1)).stream, now);
    if (!isIdStream(input)) throw new Error('a FIFO must be read as a stream');
    const stop = new AbortController();
    const done = (async () => {
      const got: Arrival[] = [];
      for await (const batch of input.read(stop.signal)) for (const a of batch) got.push(a);
      return got;
    })();
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect(await done).toEqual([]);
    // That the pending open is let through (or the process could not exit) is
    // checked where it matters, on the built CLI: test/e2e/attack-pipeline.test.ts.
  });
});

describe('a regular file, read in full', () => {
  it('its IDs, and the failed upload answers in it as problems', async () => {
    const f = await file('mixed.txt', 'ok-1\n[{"success":true,"job_id":"j-2","scheduled_date":"2026-12-01T14:00:00Z"},{"success":false,"error":"no profile"}]');
    const list = (await openIdsFrom(f, endless(Buffer.alloc(1)).stream, now)) as IdList;
    expect(list.uploads).toEqual([
      { kind: 'request', id: 'ok-1' },
      { kind: 'job', id: 'j-2', notBefore: Date.parse('2026-12-01T14:00:00Z') },
    ]);
    expect(list.problems).toEqual([{ kind: 'refused', message: `${f} line 2, answer 2: the upload failed: "no profile"` }]);
  });

  it('a file over the size ceiling is refused from its size, before a byte is read', async () => {
    const f = await file('huge.txt', '');
    await truncate(f, MAX_IDS_INPUT_BYTES + 1); // sparse: zeros, which would read as binary if they were read
    await expect(openIdsFrom(f, endless(Buffer.alloc(1)).stream, now)).rejects.toThrow(new UsageError(`--ids-from: ${f} is larger than 32 MiB; split it`));
  });

  it('binary data is a usage error before any request', async () => {
    const f = await file('binary.bin', 'ok-1\n\u0000ELF');
    await expect(openIdsFrom(f, endless(Buffer.alloc(1)).stream, now)).rejects.toThrow(new UsageError(`--ids-from: ${f} holds binary data (NUL bytes), not a list of IDs one a line`));
  });

  it('a long line names its number: a usage error before any request', async () => {
    const f = await file('long.txt', `ok-1\nok-2\n${'x'.repeat(MAX_IDS_LINE_BYTES + 1)}\n`);
    await expect(openIdsFrom(f, endless(Buffer.alloc(1)).stream, now)).rejects.toThrow(new UsageError(`--ids-from: ${f} line 3 is longer than ${MAX_IDS_LINE_BYTES} bytes`));
  });

  it(`more than ${MAX_IDS} IDs is a usage error; that many is fine`, async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`).join('\n');
    const fine = await file('max.txt', ids(MAX_IDS));
    expect(((await openIdsFrom(fine, endless(Buffer.alloc(1)).stream, now)) as IdList).uploads).toHaveLength(MAX_IDS);
    const over = await file('over.txt', ids(MAX_IDS + 1));
    await expect(openIdsFrom(over, endless(Buffer.alloc(1)).stream, now)).rejects.toThrow(/more than 500,000 IDs/);
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.txt'), /cannot read .*nope\.txt: no such file/],
    ['a directory', () => dir, /cannot read .* \(EISDIR\)/],
  ])('%s is a usage error', async (_name, path, msg) => {
    const e = await openIdsFrom(path(), endless(Buffer.alloc(1)).stream, now).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(msg);
  });
});
