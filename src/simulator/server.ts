// The HTTP shell around the simulator's pure parts: auth, rate limiting, fault
// injection, caching and the scripted timelines, served on Node's `http`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { faultDrawer, type FaultKind, type FaultSpec } from './faults.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitConfig } from './rate-limit.js';
import { apiKeyOf, idOf, urlHost } from './request.js';
import { MISSING_ID_JSON, RATE_LIMITED_JSON, UNAUTHORIZED_JSON, sendFault, sendJson, sendTruncated, type Headers } from './responses.js';
import { DEFAULT_SCHEDULED_DELAY_MS, MAX_SCHEDULED_DELAY_MS } from './scheduled.js';
import { StatsCounter, type SimStats } from './stats.js';
import { UploadStore, type Answer } from './uploads.js';
import { monotonicNow } from '../util/monotonic.js';

export type { SimStats } from './stats.js';

export interface SimulatorOptions {
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** When set, every other key gets 401; when not, any key is accepted. */
  apiKey?: string;
  rateLimit?: RateLimitConfig;
  /** Scales timelines and cache TTLs: 10 = ten times faster. */
  speed?: number;
  /** How long a `scheduled--…` ID stays pending, in scenario ms (scaled by speed); default 60 s. */
  scheduledDelayMs?: number;
  /** Uploads remembered at once; past it the least recently polled is forgotten. */
  maxUploads?: number;
  /** API keys whose rate-limit window is remembered at once, likewise. */
  maxRateLimitKeys?: number;
  faults?: FaultSpec;
  faultSeed?: number;
  /** How far the server's clock is ahead of the real one (ms, may be negative). */
  clockSkewMs?: number;
  /** How late the `slow` fault answers; default 1500 ms. */
  slowFaultMs?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export interface Simulator {
  /** The API base: http://HOST:PORT/api */
  readonly url: string;
  readonly port: number;
  stats(): SimStats;
  close(): Promise<void>;
}

const STATUS_PATH = '/api/uploadposts/status';
const STATS_PATH = '/__sim/stats';

interface FaultContext {
  req: IncomingMessage;
  res: ServerResponse;
  answer: () => Answer;
  headers: Headers;
  timers: Set<NodeJS.Timeout>;
  slowMs: number;
}

function deliverFault(fault: FaultKind, { req, res, answer, headers, timers, slowMs }: FaultContext): void {
  switch (fault) {
    case 'reset':
      // An RST rather than a FIN, like a proxy or NAT dropping the flow.
      req.socket.resetAndDestroy();
      return;
    case 'hang':
      // Keep the socket; it ends when the client gives up or close() runs.
      return;
    case 'slow': {
      const { http, json } = answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) sendJson(res, http, json, headers);
      }, slowMs);
      timers.add(timer);
      res.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    case 'truncate':
      return sendTruncated(res, answer().json, headers);
    default:
      return sendFault(res, fault, headers);
  }
}

function validate(opts: SimulatorOptions): void {
  const { speed = 1, rateLimit, scheduledDelayMs = DEFAULT_SCHEDULED_DELAY_MS } = opts;
  if (!(speed > 0 && Number.isFinite(speed))) throw new Error(`speed must be a positive number, got ${speed}`);
  if (!(scheduledDelayMs >= 0 && scheduledDelayMs <= MAX_SCHEDULED_DELAY_MS)) {
    throw new Error(`scheduled delay must be from 0 to ${MAX_SCHEDULED_DELAY_MS} ms, got ${scheduledDelayMs}`);
  }
  if (rateLimit && !(Number.isInteger(rateLimit.limit) && rateLimit.limit >= 1 && rateLimit.windowMs > 0)) {
    throw new Error(`rate limit must be at least 1 request per window of over 0 ms, got ${rateLimit.limit}/${rateLimit.windowMs} ms`);
  }
}

/** The status API behind the HTTP server: one instance per simulator. */
class StatusApi {
  private readonly limiter: RateLimiter;
  private readonly drawFault: () => FaultKind | null;
  private readonly uploads: UploadStore;
  readonly counter = new StatsCounter();
  /** Pending `slow` answers, cleared on close. */
  readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: SimulatorOptions) {
    this.limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT, opts.maxRateLimitKeys);
    this.drawFault = faultDrawer(opts.faults ?? {}, opts.faultSeed);
    this.uploads = new UploadStore(opts.speed ?? 1, {
      scheduledDelayMs: opts.scheduledDelayMs ?? DEFAULT_SCHEDULED_DELAY_MS,
      ...(opts.maxUploads !== undefined ? { maxUploads: opts.maxUploads } : {}),
    });
  }

  /** The server's clock, which --clock-skew can move. */
  private serverNow(): number {
    return (this.opts.now ?? Date.now)() + (this.opts.clockSkewMs ?? 0);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = monotonicNow();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://simulator.invalid');
    } catch {
      url = new URL('http://simulator.invalid/');
    }
    // Set by hand so a client can be tested against a skewed server clock.
    res.setHeader('Date', new Date(this.serverNow()).toUTCString());
    if (url.pathname === STATS_PATH) {
      if (req.method !== 'GET') return sendJson(res, 405, '{"error":"Method not allowed"}', { Allow: 'GET' });
      return sendJson(res, 200, JSON.stringify(this.counter.snapshot()));
    }
    this.counter.begin();
    const trace = { fault: null as FaultKind | null };
    res.once('close', () => {
      const answered = res.headersSent ? res.statusCode : null;
      this.counter.end(answered);
      const outcome = answered ?? (trace.fault === 'hang' || trace.fault === 'reset' ? trace.fault : 'aborted');
      const ms = Math.round(monotonicNow() - started);
      this.opts.log?.(`${req.method} ${url.pathname}${url.search} ${outcome} ${ms}ms${trace.fault ? ` fault=${trace.fault}` : ''}`);
    });
    if (url.pathname !== STATUS_PATH) return sendJson(res, 404, '{"error":"Not found"}');
    if (req.method !== 'GET') return sendJson(res, 405, '{"error":"Method not allowed"}', { Allow: 'GET' });
    this.status(req, res, url, trace);
  };

  /** GET …/uploadposts/status: auth, the rate limit, a fault if one is drawn, else the upload's body. */
  private status(req: IncomingMessage, res: ServerResponse, url: URL, trace: { fault: FaultKind | null }): void {
    const key = apiKeyOf(req.headers.authorization);
    if (key === null || (this.opts.apiKey !== undefined && key !== this.opts.apiKey)) {
      return sendJson(res, 401, UNAUTHORIZED_JSON);
    }
    const now = this.serverNow();
    const decision = this.limiter.consume(key, now);
    const headers: Headers = RateLimiter.headers(decision);
    const asked = idOf(url.searchParams);
    if (asked !== null) this.counter.id(asked.id);
    if (!decision.allowed) {
      this.counter.limited();
      return sendJson(res, 429, RATE_LIMITED_JSON, { ...headers, 'Retry-After': String(decision.retryAfterSec) });
    }
    const fault = (trace.fault = this.drawFault());
    if (fault !== null) this.counter.fault(fault);
    // Computed only when the answer goes out, so a fault that never reached
    // the API (a proxy page, a dropped connection) does not start an ID's clock.
    const answer = () => (asked === null ? { http: 400, json: MISSING_ID_JSON } : this.uploads.answer(asked.kind, asked.id, now));
    if (fault === null) {
      const { http, json } = answer();
      return sendJson(res, http, json, headers);
    }
    deliverFault(fault, { req, res, answer, headers, timers: this.timers, slowMs: this.opts.slowFaultMs ?? 1_500 });
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  validate(opts);
  const api = new StatusApi(opts);
  const sockets = new Set<Socket>();
  const server = createServer(api.handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    api.counter.connected();
    socket.once('close', () => {
      sockets.delete(socket);
      api.counter.disconnected();
    });
  });
  // A client dropping mid-request must not take the server down.
  server.on('clientError', (_err, socket) => socket.destroy());
  const port = await listen(server, opts.port ?? 0, host);

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}/api`,
    port,
    stats: () => api.counter.snapshot(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of api.timers) clearTimeout(timer);
        api.timers.clear();
        server.close(() => resolve());
        // Hanging and keep-alive sockets would hold close() open for ever.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
