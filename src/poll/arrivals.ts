// A streamed source of IDs, read beside the loop (docs/ARCHITECTURE.md, "The
// poll loop"): each ID is handed to the loop as soon as the source gives it,
// and the loop never waits on the source — a producer that stalls holds no
// request back. When the watch is over, the source is let go at once, even
// while a read waits.
import { type UploadId } from '../api/types.js';
import { unlessAborted } from '../util/abort.js';

/**
 * IDs known up front, or a stream of them (a pipe, the library's
 * AsyncIterable): each item one ID, or a batch of IDs read together.
 */
export type UploadSource = readonly UploadId[] | AsyncIterable<UploadId | readonly UploadId[]>;

export interface ArrivalSink {
  arrive(upload: UploadId): void;
  /** The source ended; `failure` holds what it threw, if it threw. */
  end(failure?: { error: unknown }): void;
}

export function pullArrivals(source: AsyncIterable<UploadId | readonly UploadId[]>, over: AbortSignal, sink: ArrivalSink): void {
  const it = source[Symbol.asyncIterator]();
  void (async () => {
    try {
      for (;;) {
        const next = await unlessAborted(it.next(), over);
        if (next === undefined) break;
        if (next.done) return sink.end();
        if (!isBatch(next.value)) sink.arrive(next.value);
        else for (const upload of next.value) sink.arrive(upload);
      }
    } catch (error) {
      if (!over.aborted) sink.end({ error });
    }
    void Promise.resolve(it.return?.()).catch(() => {});
  })();
}

function isBatch(item: UploadId | readonly UploadId[]): item is readonly UploadId[] {
  return Array.isArray(item);
}
