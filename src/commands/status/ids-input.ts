// Reading --ids-from: a file, or `-` for stdin (docs/CONTRACT.md#ids), within
// bounds (docs/CONTRACT.md#limits): `--ids-from - < /dev/zero` or a 10 GB file
// ends in one sentence and exit 2, not in a process that eats all memory.
import { createReadStream } from 'node:fs';
import { type UploadId } from '../../api/types.js';
import { MAX_IDS, MAX_IDS_INPUT_BYTES, MAX_IDS_LINE_BYTES } from '../../config/defaults.js';
import { idListEncodingProblem, parseIdList } from '../../config/ids.js';
import { InputInterrupted, UsageError } from '../../config/usage-error.js';

const MiB = 1024 * 1024;

/**
 * The chunks of `source` until it ends or `signal` aborts — even while a
 * read is waiting (a pipe nobody writes to), which `for await` alone would
 * wait out for ever.
 */
async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let stop: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => (stop = () => reject(new InputInterrupted('interrupted while reading --ids-from; no ID was checked'))));
  aborted.catch(() => {});
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const next = await Promise.race([it.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    void it.return?.()?.catch(() => {});
  }
}

/** Every byte of `stream`, refusing more than MAX_IDS_INPUT_BYTES or a line over MAX_IDS_LINE_BYTES. */
async function readBounded(stream: AsyncIterable<string | Buffer>, source: string, signal?: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  let line = 0; // bytes since the last newline
  let lineNumber = 1;
  for await (const chunk of untilAborted(stream, signal)) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // UTF-16 or binary reads as garbage IDs: one sentence instead (a UTF-8 text never holds a NUL).
    const problem = (total === 0 || buf.includes(0)) && idListEncodingProblem(total === 0 ? buf : buf.subarray(buf.indexOf(0)));
    if (problem) throw new UsageError(`--ids-from: ${source} ${problem}`);
    total += buf.length;
    if (total > MAX_IDS_INPUT_BYTES) throw new UsageError(`--ids-from: ${source} is larger than ${MAX_IDS_INPUT_BYTES / MiB} MiB; split it`);
    for (let from = 0; ; ) {
      const nl = buf.indexOf(0x0a, from);
      line += (nl === -1 ? buf.length : nl) - from;
      if (line > MAX_IDS_LINE_BYTES) throw new UsageError(`--ids-from: ${source} line ${lineNumber} is longer than ${MAX_IDS_LINE_BYTES} bytes`);
      if (nl === -1) break;
      line = 0;
      lineNumber += 1;
      from = nl + 1;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function unreadable(path: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UsageError(`--ids-from: cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
}

/**
 * `now` is when a line's duration (`job:abc 2h`) counts from; `signal` stops
 * the reading (InputInterrupted) however long the input keeps it waiting.
 */
export async function loadIdsFrom(path: string, stdin: AsyncIterable<string | Buffer>, now: number = Date.now(), signal?: AbortSignal): Promise<UploadId[]> {
  const source = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = await readBounded(path === '-' ? stdin : createReadStream(path), source, signal);
  } catch (err) {
    throw err instanceof UsageError || err instanceof InputInterrupted ? err : unreadable(path, err);
  }
  const uploads = parseIdList(text, source, now);
  if (uploads.length > MAX_IDS) throw new UsageError(`--ids-from: ${source} holds ${uploads.length} IDs, more than ${MAX_IDS.toLocaleString('en')} in one run; split it`);
  return uploads;
}
