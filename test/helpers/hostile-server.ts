// A loopback HTTP server scripted per test, that answers whatever a hostile or
// broken API (or a proxy in between) could: any status, headers, bytes,
// encodings and sizes, streamed; or never answers; or drops the connection.
// Each request is recorded, with `n` counting the requests for its ID.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';

export interface SeenRequest {
  /** Requests for this ID so far, this one included (1 for the first). */
  n: number;
  kind: 'request' | 'job' | null;
  id: string | null;
  headers: IncomingHttpHeaders;
  /** The request target as sent (path and query). */
  url: string;
  /** Date.now() when it arrived. */
  at: number;
}

export type Reply =
  | {
      status?: number;
      /** Replace or add headers; content-type defaults to application/json. */
      headers?: Record<string, string | string[]>;
      /** A string or Buffer is sent with a content-length; a stream is sent chunked. */
      body?: string | Buffer | (() => Readable);
      /** Compress the body (string, Buffer or stream) and set content-encoding: gzip. */
      gzip?: boolean;
      /** Wait this long before answering. */
      delayMs?: number;
    }
  | 'hang' // never answer; the socket stays open until the client or close() ends it
  | 'reset'; // drop the connection (RST)

export type Script = (req: SeenRequest) => Reply | Promise<Reply>;

export interface HostileServer {
  /** The API base to hand the CLI: http://127.0.0.1:PORT/api */
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Requests seen for one ID (either kind). */
  count(id: string): number;
  close(): Promise<void>;
}

function parseTarget(target: string): { kind: SeenRequest['kind']; id: string | null } {
  let u: URL;
  try {
    u = new URL(target, 'http://hostile.invalid');
  } catch {
    return { kind: null, id: null };
  }
  const r = u.searchParams.get('request_id');
  if (r !== null) return { kind: 'request', id: r };
  const j = u.searchParams.get('job_id');
  if (j !== null) return { kind: 'job', id: j };
  return { kind: null, id: null };
}

async function send(res: ServerResponse, reply: Exclude<Reply, 'hang' | 'reset'>): Promise<void> {
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (res.destroyed) return;
  const headers: Record<string, string | string[]> = { 'content-type': 'application/json', ...(reply.headers ?? {}) };
  const status = reply.status ?? 200;
  const body = reply.body;
  if (typeof body === 'function') {
    let stream: Readable = body();
    if (reply.gzip) {
      headers['content-encoding'] = 'gzip';
      const gz = createGzip();
      stream.on('error', () => gz.destroy());
      stream = stream.pipe(gz);
    }
    res.writeHead(status, headers);
    // The client may give up half-way (a size cap): that is not our error.
    await pipeline(stream, res).catch(() => {});
    return;
  }
  let bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (reply.gzip) {
    headers['content-encoding'] = 'gzip';
    bytes = gzipSync(bytes);
  }
  const given = Object.keys(headers).some((h) => h.toLowerCase() === 'content-length');
  const noBody = status === 204 || status === 304 || (status >= 100 && status < 200);
  if (!given && !noBody) headers['content-length'] = String(bytes.length);
  res.writeHead(status, headers);
  if (noBody) return void res.end();
  await new Promise<void>((resolve) => {
    res.on('close', resolve);
    res.end(bytes, () => resolve());
  });
}

export async function startHostileServer(script: Script): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const perId = new Map<string, number>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    const { kind, id } = parseTarget(target);
    const key = `${kind}:${id}`;
    const n = (perId.get(key) ?? 0) + 1;
    perId.set(key, n);
    const seen: SeenRequest = { n, kind, id, headers: req.headers, url: target, at: Date.now() };
    requests.push(seen);
    req.resume();
    Promise.resolve()
      .then(() => script(seen))
      .then(async (reply) => {
        if (reply === 'hang') return;
        if (reply === 'reset') return void req.socket.resetAndDestroy();
        await send(res, reply);
      })
      .catch((err: unknown) => {
        // A broken script is the test's bug: make it visible, and do not hang the CLI.
        console.error('hostile-server script failed:', err);
        if (!res.headersSent) res.writeHead(599).end();
        else res.destroy();
      });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.once('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, s) => s.destroy());
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/api`,
    port,
    requests,
    count: (wanted) => requests.filter((r) => r.id === wanted).length,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

export async function withHostileServer<T>(script: Script, fn: (server: HostileServer) => Promise<T>): Promise<T> {
  const server = await startHostileServer(script);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

// ---- bodies ---------------------------------------------------------------

export interface Platform {
  platform?: unknown;
  success?: unknown;
  message?: unknown;
  [field: string]: unknown;
}

/** A status body as JSON text, for a request ID (or `{ job: true }`). */
export function statusBody(id: string, status: string, results: Platform[] = [{ platform: 'x', success: true, message: 'ok' }], extra: Record<string, unknown> = {}, job = false): string {
  const done = results.filter((r) => r.success === true).length;
  return JSON.stringify({ [job ? 'job_id' : 'request_id']: id, status, completed: done, total: results.length, results, ...extra });
}

/** A completed body whose every platform succeeded. */
export const completedBody = (id: string, extra: Record<string, unknown> = {}): string => statusBody(id, 'completed', undefined, extra);

/** A body with `count` platforms p0…pN, all alike; `compact` leaves out the message (~33 bytes a platform). */
export function manyPlatforms(id: string, status: string, count: number, success = true, compact = false): string {
  const parts: string[] = [];
  const message = compact ? '' : ',"message":"Published"';
  for (let i = 0; i < count; i++) parts.push(`{"platform":"p${i}","success":${success}${message}}`);
  return `{"request_id":${JSON.stringify(id)},"status":${JSON.stringify(status)},"completed":${success ? count : 0},"total":${count},"results":[${parts.join(',')}]}`;
}

/** `[`×depth then `]`×depth: valid JSON nested `depth` deep. */
export const deepArray = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** A Readable of `total` bytes, each `fill`, sent in 64 KiB chunks; `total` Infinity = endless. */
export function byteStream(total: number, fill = 0x20, prefix = '', suffix = ''): () => Readable {
  return () => {
    const chunk = Buffer.alloc(64 * 1024, fill);
    let left = total;
    let started = false;
    let ended = false;
    return new Readable({
      read() {
        if (!started) {
          started = true;
          if (prefix) return void this.push(prefix);
        }
        if (left <= 0) {
          if (!ended) {
            ended = true;
            if (suffix) this.push(suffix);
          }
          return void this.push(null);
        }
        const n = Math.min(chunk.length, left);
        left -= n;
        this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      },
    });
  };
}

// ---- the gzip bomb --------------------------------------------------------

export const BOMB_EXPANDED_BYTES = 1024 * 1024 * 1024;

let bombMemo: Promise<Buffer> | undefined;

/**
 * One gzip member (no tricks a decoder could skip) that expands to 1 GiB of
 * zeros; ~1 MB. Built by streaming zeros through zlib once (~2 s), then
 * cached in memory and in the temp directory for the other test files.
 */
export function gzipBomb(): Promise<Buffer> {
  bombMemo ??= (async () => {
    const dir = join(tmpdir(), 'upload-post-hostile');
    const file = join(dir, 'zeros-1GiB.gz');
    if (existsSync(file) && statSync(file).size > 500_000) return readFileSync(file);
    const gz = createGzip({ level: 9 });
    const chunks: Buffer[] = [];
    gz.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((r) => gz.on('end', () => r()));
    const zero = Buffer.alloc(1 << 20);
    for (let i = 0; i < BOMB_EXPANDED_BYTES / zero.length; i++) {
      if (!gz.write(zero)) await new Promise<void>((r) => gz.once('drain', () => r()));
    }
    gz.end();
    await ended;
    const out = Buffer.concat(chunks);
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, file);
    return out;
  })();
  return bombMemo;
}
