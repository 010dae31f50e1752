// An answer's bytes → text, bounded (docs/CONTRACT.md#limits): a body may be
// at most MAX_BODY_BYTES as sent and again once decompressed, so neither a
// 50 MB page nor a 1 MB gzip that expands to 1 GiB can take the memory. We
// decompress ourselves (got's own decompression has no ceiling).
import { type ZlibOptions } from 'node:zlib';

/** zlib on first use: most answers are not compressed, and loading it costs a one-shot's start-up (docs/ARCHITECTURE.md#start-up). */
const zlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_BODY_TEXT = `${MAX_BODY_BYTES / 1024 / 1024} MiB`;

/** The encodings we ask for; anything else a server sends is unreadable. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

export type Decoded = { text: string } | { error: string };

function inflate(buf: Buffer, opts: ZlibOptions): Buffer {
  // "deflate" is zlib-wrapped by the standard, raw by many servers.
  try {
    return zlib().inflateSync(buf, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return zlib().inflateRawSync(buf, opts);
  }
}

function undo(coding: string, buf: Buffer, max: number): Buffer | undefined {
  const opts = { maxOutputLength: max };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return zlib().gunzipSync(buf, opts);
    case 'deflate':
      return inflate(buf, opts);
    case 'br':
      return zlib().brotliDecompressSync(buf, opts);
    default:
      return undefined;
  }
}

/** Undo each Content-Encoding, last applied first, never past `max` bytes. */
export function decodeBody(raw: Buffer, contentEncoding: string | undefined, max = MAX_BODY_BYTES): Decoded {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length > 2) return { error: `the answer is encoded ${codings.length} times over` };
  let buf = raw;
  for (const coding of codings.reverse()) {
    try {
      const out = undo(coding, buf, max);
      if (out === undefined) return { error: `the answer has an encoding we did not ask for (${coding.slice(0, 20)})` };
      buf = out;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { error: `the answer is larger than ${MAX_BODY_TEXT} once decompressed` };
      return { error: `the answer could not be decompressed (${coding})` };
    }
  }
  return { text: buf.toString('utf8') };
}
