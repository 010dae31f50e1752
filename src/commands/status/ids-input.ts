// Reading --ids-from (docs/CONTRACT.md#ids): a regular file is read in full
// before the first request, so a typo is a usage error before anything is
// asked; stdin, a pipe or a FIFO is read as a stream, each line watched as it
// arrives (docs/CONTRACT.md#streaming-input). Both are bounded as the bytes
// arrive (docs/CONTRACT.md#limits): `--ids-from - < /dev/zero` or a 10 GB
// file ends in one sentence, not in a process that eats all memory.
import { createReadStream } from 'node:fs';
import { type UploadId } from '../../api/types.js';
import { MAX_IDS, MAX_IDS_INPUT_BYTES, MAX_IDS_LINE_BYTES } from '../../config/defaults.js';
import { readIdLine, type LineProblemKind } from '../../config/id-lines.js';
import { idListEncodingProblem } from '../../config/ids.js';
import { InputInterrupted, UsageError } from '../../config/usage-error.js';
import { EXIT } from '../../poll/exit-codes.js';
import { unlessAborted } from '../../util/abort.js';
import { fifoChunks } from './fifo-input.js';

const MiB = 1024 * 1024;

/**
 * Why part of the input gave no ID, each with the exit code it brings: an
 * upload that failed (1), a line that cannot be read or is over a limit (2).
 */
export const INPUT_PROBLEM_TABLE = {
  refused: { exitCode: EXIT.failed },
  malformed: { exitCode: EXIT.usage },
  /** Past the input's size or ID count: reading stops there. */
  limit: { exitCode: EXIT.usage },
  /** The input failed mid-read (EIO), or is not UTF-8 text (UTF-16, binary): reading stops there. */
  unreadable: { exitCode: EXIT.usage },
} as const satisfies Record<LineProblemKind | 'limit' | 'unreadable', { exitCode: number }>;

export type InputProblemKind = keyof typeof INPUT_PROBLEM_TABLE;

export interface InputProblem {
  kind: InputProblemKind;
  /** One sentence naming the source and the line. */
  message: string;
}

/** What the input yields, in order: an ID, or a problem to report. */
export type Arrival = { upload: UploadId } | { problem: InputProblem };

/** An input read as it arrives: each ID as soon as its line is read. */
export interface IdStream {
  /** `stdin` or the path, as sentences name it. */
  readonly source: string;
  /**
   * Starts reading: what arrived, a batch per chunk read. `stop` ends it at
   * once, even while a read waits (a producer that stalls, a FIFO nobody writes).
   */
  read(stop: AbortSignal): AsyncIterable<Arrival[]>;
}

/** A regular file, read in full: its IDs and the upload answers in it that failed. */
export interface IdList {
  uploads: UploadId[];
  problems: InputProblem[];
}

type Chunks = AsyncIterable<string | Buffer>;

interface Line {
  text: string;
  number: number;
}

/**
 * The lines of `chunks`, each with its number, the last one even without a
 * newline (curl prints none), as one batch per chunk: a chunk of a fast pipe
 * holds thousands of lines, and each step costs per batch, not per line. A
 * line over MAX_IDS_LINE_BYTES is a problem and is skipped to its end, never
 * kept; past MAX_IDS_INPUT_BYTES reading stops.
 */
async function* linesOf(chunks: Chunks, source: string): AsyncGenerator<(Line | InputProblem)[]> {
  let total = 0;
  let number = 1;
  let pending: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  for await (const chunk of chunks) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const batch: (Line | InputProblem)[] = [];
    // UTF-16 or binary reads as garbage IDs: one sentence instead, and no more reading (a UTF-8 text never holds a NUL).
    const encoding = (total === 0 || buf.includes(0)) && idListEncodingProblem(total === 0 ? buf : buf.subarray(buf.indexOf(0)));
    if (encoding) {
      yield [{ kind: 'unreadable', message: `--ids-from: ${source} ${encoding}` }];
      return;
    }
    total += buf.length;
    if (total > MAX_IDS_INPUT_BYTES) {
      yield [{ kind: 'limit', message: `--ids-from: ${source} is larger than ${MAX_IDS_INPUT_BYTES / MiB} MiB; the rest is not read; split it` }];
      return;
    }
    for (let from = 0; from < buf.length; ) {
      const nl = buf.indexOf(0x0a, from);
      const end = nl === -1 ? buf.length : nl;
      if (!tooLong && length + end - from > MAX_IDS_LINE_BYTES) {
        tooLong = true;
        pending = [];
        batch.push({ kind: 'malformed', message: `--ids-from: ${source} line ${number} is longer than ${MAX_IDS_LINE_BYTES} bytes` });
      }
      if (!tooLong) {
        pending.push(buf.subarray(from, end));
        length += end - from;
      }
      if (nl === -1) break;
      if (!tooLong) batch.push({ text: pending.length === 1 ? pending[0]!.toString('utf8') : Buffer.concat(pending).toString('utf8'), number });
      pending = [];
      length = 0;
      tooLong = false;
      number += 1;
      from = nl + 1;
    }
    if (batch.length > 0) yield batch;
  }
  if (length > 0 && !tooLong) yield [{ text: Buffer.concat(pending).toString('utf8'), number }];
}

/** The IDs and problems of `chunks`, a batch per chunk read; at most MAX_IDS IDs. */
async function* arrivalsOf(chunks: Chunks, source: string, now: () => number): AsyncGenerator<Arrival[]> {
  let ids = 0;
  for await (const lines of linesOf(chunks, source)) {
    const batch: Arrival[] = [];
    for (const line of lines) {
      if (!('text' in line)) {
        batch.push({ problem: line });
        continue;
      }
      const reading = readIdLine(line.text, line.number, source, now());
      for (const problem of reading.problems) batch.push({ problem });
      for (const upload of reading.uploads) {
        if (++ids > MAX_IDS) {
          batch.push({ problem: { kind: 'limit', message: `--ids-from: ${source} holds more than ${MAX_IDS.toLocaleString('en')} IDs, the most one run takes; the rest is not read; split it` } });
          yield batch;
          return;
        }
        batch.push({ upload });
      }
    }
    if (batch.length > 0) yield batch;
  }
}

/**
 * The chunks of `source` until it ends or `stop` aborts — at once, even while
 * a read waits, which `for await` alone would wait out for ever. `release`
 * frees what the read holds (destroys the stream); `onStop` may name an
 * error to throw instead of ending quietly.
 */
async function* untilStopped<T>(source: AsyncIterable<T>, stop: AbortSignal, release: () => void, onStop: () => Error | undefined = () => undefined): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  if (stop.aborted) release();
  else stop.addEventListener('abort', release, { once: true });
  try {
    for (;;) {
      const next = stop.aborted ? undefined : await unlessAborted(it.next(), stop);
      if (next === undefined) {
        const err = onStop();
        if (err) throw err;
        return;
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    stop.removeEventListener('abort', release);
    void Promise.resolve(it.return?.()).catch(() => {});
  }
}

/** A stream's `destroy`, when it has one (process.stdin does; a test's generator does not). */
function destroyer(source: unknown): () => void {
  const destroy = (source as { destroy?: unknown } | null)?.destroy;
  return typeof destroy === 'function' ? () => void destroy.call(source) : () => {};
}

function unreadable(path: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UsageError(`--ids-from: cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
}

/** The chunks of `chunks` until one fails to read (EIO): that ends the input with `failure.problem` set, not a crash. */
async function* caught(chunks: Chunks, source: string, failure: { problem?: InputProblem }): AsyncGenerator<string | Buffer> {
  try {
    for await (const chunk of chunks) yield chunk;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    failure.problem = { kind: 'unreadable', message: `--ids-from: ${source} could not be read${code ? ` (${code})` : ''}; the rest is not read` };
  }
}

function streamOf(source: string, open: (stop: AbortSignal) => { chunks: Chunks; release: () => void }, now: () => number): IdStream {
  return {
    source,
    async *read(stop) {
      const { chunks, release } = open(stop);
      const failure: { problem?: InputProblem } = {};
      yield* arrivalsOf(caught(untilStopped(chunks, stop, release), source, failure), source, now);
      if (failure.problem) yield [{ problem: failure.problem }];
    },
  };
}

/** A regular file, in full: a malformed line or a limit is a usage error before any request. */
async function readList(path: string, now: () => number, signal: AbortSignal | undefined): Promise<IdList> {
  const list: IdList = { uploads: [], problems: [] };
  const file = createReadStream(path);
  const stop = signal ?? new AbortController().signal;
  const interrupted = () => new InputInterrupted('interrupted while reading --ids-from; no ID was checked');
  try {
    for await (const batch of arrivalsOf(untilStopped(file, stop, destroyer(file), interrupted), path, now)) {
      for (const a of batch) {
        if ('upload' in a) list.uploads.push(a.upload);
        else if (a.problem.kind === 'refused') list.problems.push(a.problem);
        else throw new UsageError(a.problem.message);
      }
    }
  } catch (err) {
    throw err instanceof UsageError || err instanceof InputInterrupted ? err : unreadable(path, err);
  } finally {
    file.destroy();
  }
  return list;
}

/**
 * `--ids-from <path>`: a regular file is read now, in full (`signal` stops
 * the reading with InputInterrupted); anything else is opened as a stream and
 * read by the watch. `now` is when a line's duration (`job:abc 2h`) counts from.
 */
export async function openIdsFrom(path: string, stdin: Chunks, now: () => number, signal?: AbortSignal): Promise<IdList | IdStream> {
  if (path === '-') return streamOf('stdin', () => ({ chunks: stdin, release: destroyer(stdin) }), now);
  const kind = await process.getBuiltinModule('node:fs/promises').stat(path).catch((err: unknown) => {
    throw unreadable(path, err);
  });
  if (kind.isDirectory()) throw unreadable(path, { code: 'EISDIR' });
  // A file's size is known before reading it: one too big is refused without a byte read.
  if (kind.isFile() && kind.size > MAX_IDS_INPUT_BYTES) throw new UsageError(`--ids-from: ${path} is larger than ${MAX_IDS_INPUT_BYTES / MiB} MiB; split it`);
  if (kind.isFile()) return readList(path, now, signal);
  if (kind.isFIFO()) return streamOf(path, (stop) => fifoChunks(path, stop), now);
  // A character device (/dev/stdin on a terminal, /dev/zero): read as a stream, within the same bounds.
  return streamOf(
    path,
    () => {
      const s = createReadStream(path);
      return { chunks: s, release: destroyer(s) };
    },
    now,
  );
}

export function isIdStream(input: IdList | IdStream): input is IdStream {
  return 'read' in input;
}
