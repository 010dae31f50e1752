// A FIFO read as a stream without holding the process. Opening a FIFO waits
// in libuv's thread pool until a writer comes, a plain file read waits there
// for data, and a process exit waits for the thread pool
// (docs/ARCHITECTURE.md, "Commands"): a producer that stalls would keep the
// CLI alive after its verdict. So the FIFO is read through a net.Socket (the
// event loop's own polling, which a destroy ends), and a wait to open it is
// ended by opening it for writing ourselves, which lets the pending open through.
import { close, closeSync, constants, open, openSync } from 'node:fs';
import { Socket } from 'node:net';

export function fifoChunks(path: string, stop: AbortSignal): { chunks: AsyncIterable<Buffer>; release: () => void } {
  let socket: Socket | undefined;
  let opening = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    opening = true;
    const fd = await new Promise<number>((resolve, reject) => open(path, constants.O_RDONLY, (err, fd) => (err ? reject(err) : resolve(fd)))).finally(() => (opening = false));
    if (stop.aborted) return close(fd, () => {});
    socket = new Socket({ fd, readable: true, writable: false });
    for await (const chunk of socket) yield chunk as Buffer;
  }
  return {
    chunks: chunks(),
    release() {
      socket?.destroy();
      if (opening) letPendingOpenThrough(path, () => opening);
    },
  };
}

/** How often, and how many times, to try being the writer a pending open waits for. */
const RETRY_MS = 20;
const MAX_TRIES = 250;

/**
 * Our own open waits for a writer: be one for a moment. Until the thread pool
 * has actually started that open there is no reader, and opening for writing
 * fails (ENXIO): so try again until the open has come through.
 */
function letPendingOpenThrough(path: string, stillOpening: () => boolean, tries = 0): void {
  if (!stillOpening() || tries >= MAX_TRIES) return;
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // No reader waiting yet.
  }
  setTimeout(() => letPendingOpenThrough(path, stillOpening, tries + 1), RETRY_MS);
}
