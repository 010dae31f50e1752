// `upload-post mcp --http <host:port>`: Streamable HTTP (docs/MCP.md#http).
// One SDK transport and server object per session, every one on the same
// UploadService. Loopback unless the user says otherwise; the Host and
// Origin headers are checked by the SDK's DNS-rebinding protection, bodies
// are capped before they are read whole, and sessions are bounded.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isLoopbackHost } from '../util/hosts.js';
import { MAX_MESSAGE_BYTES } from './limits.js';

export const MCP_PATH = '/mcp';
/** Sessions open at once; past it the one idle longest is closed. */
export const MAX_SESSIONS = 64;

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  /** Requests being answered now: a session with one is never evicted. */
  busy: number;
  lastUsed: number;
}

export interface HttpServe {
  /** `http://host:port/mcp` as bound (port 0 → the one chosen). */
  url: string;
  close(): Promise<void>;
}

/** Host header values and origins a browser page on this machine could send for this server. */
export function allowedNames(host: string, port: number): { hosts: string[]; origins: string[] } {
  const bare = host.replace(/^\[|\]$/g, '');
  const names = new Set([bare.includes(':') ? `[${bare}]` : bare]);
  if (isLoopbackHost(bare)) for (const n of ['127.0.0.1', 'localhost', '[::1]']) names.add(n);
  const hosts = [...names].map((n) => `${n}:${port}`);
  return { hosts, origins: hosts.map((h) => `http://${h}`) };
}

export async function serveHttp(host: string, port: number, newServer: () => McpServer): Promise<HttpServe> {
  const sessions = new Map<string, Session>();
  let names = { hosts: [] as string[], origins: [] as string[] };
  const http: Server = createServer((req, res) => void handle(req, res).catch(() => fail(res, 500, -32603, 'internal error')));
  // A client that sends its request slowly or never finishes it lets go of the
  // socket; the answer (a wait of up to an hour) is not bounded by these.
  http.headersTimeout = 20_000;
  http.requestTimeout = 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (!names.hosts.includes(req.headers.host ?? '')) return fail(res, 403, -32000, `Invalid Host header: ${req.headers.host ?? '(none)'}`);
    const origin = req.headers.origin;
    if (origin !== undefined && !names.origins.includes(origin)) return fail(res, 403, -32000, `Invalid Origin header: ${origin}`);
    if (url.pathname !== MCP_PATH) return fail(res, 404, -32000, `not found: the MCP endpoint is ${MCP_PATH}`);
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readBody(req);
      if (read.kind === 'too-large') {
        // The rest of the body is never read: the connection goes with the answer.
        res.shouldKeepAlive = false;
        return fail(res, 413, -32600, `a message larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MiB is refused`);
      }
      if (read.kind === 'bad-json') return fail(res, 400, -32700, 'parse error: the body is not JSON');
      body = read.value;
    }
    const id = req.headers['mcp-session-id'];
    let session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!session) {
      if (typeof id === 'string') return fail(res, 404, -32001, 'session not found: initialize again');
      if (req.method !== 'POST' || !isInitialize(body)) return fail(res, 400, -32000, 'bad request: no session ID, and not an initialize request');
      session = await openSession();
    }
    session.busy += 1;
    session.lastUsed = Date.now();
    const current = session;
    res.on('close', () => {
      current.busy -= 1;
      current.lastUsed = Date.now();
      // The client dropped a call's stream before its answer: the session's calls stop (their budget goes back to others).
      if (!res.writableFinished && req.method === 'POST' && isRequest(body)) void current.transport.close();
    });
    await session.transport.handleRequest(req, res, body);
  }

  async function openSession(): Promise<Session> {
    if (sessions.size >= MAX_SESSIONS) evictIdle();
    const server = newServer();
    const session: Session = {
      server,
      busy: 0,
      lastUsed: Date.now(),
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => void sessions.set(sid, session),
        enableDnsRebindingProtection: true,
        allowedHosts: names.hosts,
        allowedOrigins: names.origins,
      }),
    };
    session.transport.onclose = () => {
      if (session.transport.sessionId) sessions.delete(session.transport.sessionId);
      void server.close().catch(() => {});
    };
    await server.connect(session.transport);
    return session;
  }

  function evictIdle(): void {
    let oldest: Session | undefined;
    for (const s of sessions.values()) if (s.busy === 0 && (!oldest || s.lastUsed < oldest.lastUsed)) oldest = s;
    void oldest?.transport.close();
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  names = allowedNames(host, bound);
  return {
    url: `http://${names.hosts[0]}${MCP_PATH}`,
    async close() {
      for (const s of [...sessions.values()]) await s.transport.close().catch(() => {});
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

type Read = { kind: 'ok'; value: unknown } | { kind: 'too-large' } | { kind: 'bad-json' };

async function readBody(req: IncomingMessage): Promise<Read> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_MESSAGE_BYTES) return { kind: 'too-large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_MESSAGE_BYTES) return { kind: 'too-large' };
    chunks.push(chunk);
  }
  try {
    return { kind: 'ok', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { kind: 'bad-json' };
  }
}

function isInitialize(body: unknown): boolean {
  const first = Array.isArray(body) ? (body as unknown[])[0] : body;
  return typeof first === 'object' && first !== null && (first as { method?: unknown }).method === 'initialize';
}

function isRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'method' in body && 'id' in body;
}

function fail(res: ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
