// The run's side of --ids-from read as a stream (docs/CONTRACT.md#streaming-input):
// its IDs go to the watch as they arrive, its problems to stderr as they are
// read, and when the watch is over the feed says what the input came to —
// the exit codes its problems bring, and whether it was still open.
import { type UploadId } from '../../api/types.js';
import { EXIT } from '../../poll/exit-codes.js';
import { INPUT_PROBLEM_TABLE, type IdStream, type InputProblem } from './ids-input.js';

export interface Feed {
  /** What the watch pulls from: the IDs of each chunk read, together. */
  readonly uploads: AsyncIterable<UploadId[]>;
  /** Ends the reading, even while a read waits; call it once the watch is over. */
  stop(): void;
  /** Once the watch is over: the codes the input brings and sentences for stderr. */
  verdict(idsWatched: number): { codes: number[]; lines: string[] };
}

/** Codes a list of problems brings, each by its row of INPUT_PROBLEM_TABLE. */
export function problemCodes(problems: readonly InputProblem[]): number[] {
  return problems.map((p) => INPUT_PROBLEM_TABLE[p.kind].exitCode);
}

/**
 * `say` gets each problem as its line is read; `notBefore` (--not-before)
 * goes to every ID that carries no time of its own.
 */
export function feedOf(stream: IdStream, notBefore: number | undefined, say: (line: string) => void): Feed {
  const stopper = new AbortController();
  const codes = new Set<number>();
  let ended = false;
  let read = 0;
  async function* uploads(): AsyncGenerator<UploadId[]> {
    for await (const batch of stream.read(stopper.signal)) {
      const ids: UploadId[] = [];
      for (const a of batch) {
        if ('problem' in a) {
          codes.add(INPUT_PROBLEM_TABLE[a.problem.kind].exitCode);
          say(a.problem.message);
          continue;
        }
        if (notBefore !== undefined) a.upload.notBefore ??= notBefore;
        ids.push(a.upload);
      }
      read += ids.length;
      if (ids.length > 0) yield ids;
    }
    ended = !stopper.signal.aborted;
  }
  return {
    uploads: uploads(),
    stop: () => stopper.abort(),
    verdict(idsWatched) {
      const lines: string[] = [];
      if (!ended) {
        // The IDs not read yet were never watched: the watch did not see every upload to its end.
        codes.add(EXIT.timeout);
        lines.push(`--ids-from: ${stream.source} was still open when the watch ended; ${read} ${read === 1 ? 'ID' : 'IDs'} read, any after them not checked`);
      } else if (idsWatched === 0 && codes.size === 0) {
        codes.add(EXIT.usage);
        lines.push(`--ids-from: ${stream.source} holds no IDs`);
      }
      return { codes: [...codes], lines };
    },
  };
}
