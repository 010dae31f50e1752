// The one place that talks HTTP: a got instance with the auth header and
// timeouts, and every answer mapped to a small typed set. got's own retry is
// off: got would retry 429 and 5xx by itself, blind to the rate-limit budget,
// and the poller owns all waiting (docs/ARCHITECTURE.md#stack-traps).
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { CancelableRequest, Got, Response } from 'got';
import { ACCEPT_ENCODING, decodeBody, MAX_BODY_BYTES, MAX_BODY_TEXT } from './body.js';
import { idField, otherUploadIn, parseStatusBody, scrubBody, type StatusBody, type UploadId } from './types.js';
import { parseRateInfo, type RateInfo } from './rate-limit-headers.js';
import { redactor, sanitize } from '../util/sanitize.js';
import { monotonicNow } from '../util/monotonic.js';

export type FetchResult =
  /** A status body: 200, or a 404 that carries a not_found body. */
  | { kind: 'body'; body: StatusBody; raw: string; http: number; rate: RateInfo }
  | { kind: 'auth'; http: number; message: string; rate: RateInfo }
  | { kind: 'throttled'; http: number; rate: RateInfo }
  /** Worth retrying: network, timeout, 5xx, unreadable body. */
  | { kind: 'transient'; http?: number; message: string; rate: RateInfo }
  /** Not worth retrying: a request the server will never accept. */
  | { kind: 'rejected'; http?: number; message: string; rate: RateInfo };

export type FetchStatus = (upload: UploadId, signal?: AbortSignal) => Promise<FetchResult>;

export interface Timeouts {
  /** Whole request, first byte sent to last byte read. */
  request: number;
  connect: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { request: 20_000, connect: 10_000 };

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  userAgent: string;
  timeouts?: Timeouts;
  /** Keep-alive / proxy agents. Left out under nock: with nock 14 a custom keep-alive agent can hang until got's timeout (https://github.com/nock/nock/issues/3001, fixed in nock 15). */
  agent?: { http?: HttpAgent; https?: HttpsAgent };
  /** --verbose: one line per request. Never handed the key. */
  log?: (line: string) => void;
  /** Monotonic milliseconds (answers' times, request durations); and the wall clock, read to place server times. */
  now?: () => number;
  /** The proxy requests go through, as messages name it (never its credentials). */
  proxy?: { shown: string; variable: string };
  wall?: () => number;
}

export function statusUrl(baseUrl: string, upload: UploadId): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + '/uploadposts/status');
  // URLSearchParams encodes '&', '=', '#', '+' … so an ID reaches the server verbatim.
  url.searchParams.set(idField(upload.kind), upload.id);
  return url.toString();
}

/** Node's HTTP parser codes, in words: a raw `HPE_…` tells a user nothing. */
function parserError(code: string): string {
  if (code === 'HPE_HEADER_OVERFLOW') return "the server's headers are larger than Node accepts";
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return "the server's chunked body is malformed";
  return `the server's answer is not valid HTTP (${code.slice(4).toLowerCase().replace(/_/g, ' ')})`;
}

function describeNetworkError(err: { code?: string; message?: string; event?: string; name?: string }): string {
  if (err.name === 'TimeoutError') return `no answer within the ${err.event ?? 'request'} timeout`;
  if (err.code?.startsWith('HPE_')) return parserError(err.code);
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset by the server';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name could not be resolved';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'network unreachable';
    case 'ERR_READING_RESPONSE_STREAM':
      return 'the response was cut off';
    default:
      return err.code ? `network error (${err.code})` : `network error (${err.message ?? 'unknown'})`;
  }
}

/** Certificate problems do not heal on retry: report them at once. */
function isTlsTrustError(code: string | undefined): boolean {
  return code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/.test(code);
}

/** A handshake that cannot succeed (an https:// URL on a plain-HTTP port): no retry heals it either. */
function isTlsHandshakeError(code: string | undefined): boolean {
  return code !== undefined && (code === 'EPROTO' || code.startsWith('ERR_SSL_'));
}

/** Build the fetcher. got is imported lazily: it is most of our start-up cost. */
export async function createClient(opts: ClientOptions): Promise<FetchStatus> {
  const { default: got } = await import('got');
  const timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
  const now = opts.now ?? monotonicNow;
  const wall = opts.wall ?? Date.now;
  const http = got.extend({
    headers: {
      authorization: `Apikey ${opts.apiKey}`,
      accept: 'application/json',
      'accept-encoding': ACCEPT_ENCODING,
      'user-agent': opts.userAgent,
    },
    timeout: { request: timeouts.request, connect: timeouts.connect, secureConnect: timeouts.connect },
    retry: { limit: 0 },
    throwHttpErrors: false,
    // A redirect could carry the key to another host; we never follow one.
    followRedirect: false,
    http2: false,
    https: { rejectUnauthorized: true },
    // Bytes, decompressed by decodeBody under a ceiling.
    responseType: 'buffer',
    decompress: false,
    ...(opts.agent ? { agent: opts.agent } : {}),
  });
  const scrub = redactor([opts.apiKey]);
  const host = new URL(opts.baseUrl).host;
  const where: Where = { host, ...(opts.proxy ? { proxy: opts.proxy } : {}) };
  const whereText = opts.proxy ? `${host}, through the proxy ${opts.proxy.shown}` : host;

  return async function fetchStatus(upload, signal) {
    const url = statusUrl(opts.baseUrl, upload);
    const started = now();
    const got = await fetchOnce(http, url, signal, timeouts.request, where);
    let result: FetchResult;
    if ('kind' in got) result = got;
    else {
      // The encoding's name may be quoted in the fault, cut short: the key goes before any cut.
      const decoded = decodeBody(got.rawBody ?? Buffer.alloc(0), scrub(headerText(got.headers['content-encoding']) ?? '') || undefined);
      const at = { mono: now(), wall: wall() };
      result =
        'error' in decoded
          ? { kind: 'transient', http: got.statusCode, message: decoded.error, rate: parseRateInfo(got.headers, at.mono, at.wall) }
          : mapResponse(got.statusCode, decoded.text, got.headers, at, got.headers.location, upload, scrub, host);
    }
    // Every fault names where it happened: the host, and the proxy when one stands in between.
    // (A key refused is the API's verdict, wherever it came from.)
    if ((result.kind === 'transient' || result.kind === 'rejected') && !result.message.includes(host)) result = { ...result, message: `${result.message} (${whereText})` };
    // A fault's message can quote the server (an encoding's name, another upload's ID):
    // it leaves here as one safe line, whatever channel prints it (stderr, --json, --verbose).
    if (result.kind !== 'body' && result.kind !== 'throttled') result = { ...result, message: sanitize(scrub(result.message)) };
    if (result.kind === 'body') result = { ...result, body: scrubBody(result.body, scrub) };
    opts.log?.(scrub(verboseLine(url, result, now() - started)));
    return result;
  };
}

/**
 * One GET: the response, or the fault it came to. Rejects only when the
 * loop's own `signal` aborted it. got's request timeout does not cover every
 * way a server can stall (an HTTP 101 leaves it waiting on a switched
 * socket), so a deadline of our own backs it, and an upgrade is refused.
 */
async function fetchOnce(http: Got, url: string, signal: AbortSignal | undefined, requestMs: number, where: Where): Promise<Response<Buffer> | FetchResult> {
  const deadline = AbortSignal.timeout(requestMs + 1_000);
  const request = http.get(url, { signal: signal ? AbortSignal.any([signal, deadline]) : deadline }) as unknown as CancelableRequest<Response<Buffer>>;
  let stopped: string | undefined;
  const stop = (why: string): void => {
    stopped ??= why;
    request.cancel();
  };
  // Stop reading an answer past the ceiling, as soon as it is known to be one.
  request.on('downloadProgress', ({ transferred, total }) => {
    if (transferred > MAX_BODY_BYTES || (total ?? 0) > MAX_BODY_BYTES) stop(`the answer is larger than ${MAX_BODY_TEXT}`);
  });
  request.on('request', (req) =>
    req.once('upgrade', (_res, socket) => {
      socket.destroy();
      stop('the server switched protocols (HTTP 101) instead of answering');
    }),
  );
  try {
    return await request;
  } catch (err) {
    if (stopped) return { kind: 'transient', message: stopped, rate: {} };
    if (signal?.aborted) throw err;
    if (deadline.aborted) return { kind: 'transient', message: 'no answer within the request timeout', rate: {} };
    return networkFault(err, where);
  }
}

/** Where a request goes: its host, and the proxy in between if any. */
interface Where {
  host: string;
  proxy?: { shown: string; variable: string };
}

function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function networkFault(err: unknown, where: Where): FetchResult {
  const e = err as { code?: string; message?: string; event?: string; name?: string; cause?: { message?: string } };
  // hpagent reports a proxy's refusal of the tunnel as "Bad response: <status>" (got may wrap it).
  const refused = /^Bad response: (\d{3})$/.exec(e.message ?? '') ?? /^Bad response: (\d{3})$/.exec(e.cause?.message ?? '');
  if (refused && where.proxy) return proxyRefusal(Number(refused[1]), where.host, where.proxy);
  if (isTlsTrustError(e.code)) return { kind: 'rejected', message: `the TLS certificate of ${where.host} is not trusted (${e.code}); verification stays on`, rate: {} };
  if (isTlsHandshakeError(e.code)) {
    return { kind: 'rejected', message: `the TLS handshake with ${where.host} failed (${e.code}) — is it an https:// server? check --base-url`, rate: {} };
  }
  return { kind: 'transient', message: describeNetworkError(e), rate: {} };
}

/** The proxy answered the tunnel request itself: a 407 wants credentials, which no retry brings. */
function proxyRefusal(http: number, host: string, proxy: { shown: string; variable: string }): FetchResult {
  if (http === 407) {
    return {
      kind: 'rejected',
      http,
      message: `the proxy ${proxy.shown} asks for credentials (HTTP 407); put them in ${proxy.variable} as http://user:password@host:port`,
      rate: {},
    };
  }
  return { kind: 'transient', http, message: `the proxy ${proxy.shown} could not open a tunnel to ${host} (HTTP ${http})`, rate: {} };
}

export function verboseLine(url: string, r: FetchResult, ms: number): string {
  const status = 'http' in r && r.http !== undefined ? String(r.http) : 'ERR';
  const remaining = r.rate.remaining !== undefined ? ` remaining=${r.rate.remaining}` : '';
  const what = r.kind === 'body' ? '' : r.kind === 'throttled' ? ' throttled' : ` ${r.kind}: ${r.message}`;
  return `GET ${url} ${status} ${Math.round(ms)}ms${remaining}${what}`;
}

/**
 * Pure: an HTTP answer → FetchResult (docs/CONTRACT.md#faults-and-retries).
 * With `upload`, a body about another upload is unreadable. Exported for the
 * fuzz tests.
 */
export function mapResponse(
  http: number,
  text: string,
  headers: Record<string, string | string[] | undefined>,
  receivedAt: number | { mono: number; wall: number },
  location?: string,
  upload?: UploadId,
  scrub: (text: string) => string = (t) => t,
  host = 'the server',
): FetchResult {
  const at = typeof receivedAt === 'number' ? { mono: receivedAt, wall: receivedAt } : receivedAt;
  const rate = parseRateInfo(headers, at.mono, at.wall);
  // A firewall's or proxy's HTML 403 says nothing about the key (docs/CONTRACT.md#exit-codes).
  if (http === 403 && !isJsonObject(text)) {
    return { kind: 'rejected', http, message: `HTTP 403 from ${host}, not an answer from the API (a firewall or proxy?)`, rate };
  }
  if (http === 401 || http === 403) {
    return { kind: 'auth', http, message: `the API rejected the key (HTTP ${http})`, rate };
  }
  if (http === 429) return { kind: 'throttled', http, rate };
  if ((http >= 200 && http < 300) || http === 404) return mapBody(http, text, rate, upload, scrub, host);
  if (http === 304) {
    return { kind: 'transient', http, message: 'the server answered 304 Not Modified to a request that asked for no cache check', rate };
  }
  if (http >= 300 && http < 400) {
    const to = location ? ` to ${safeLocation(location)}` : '';
    return { kind: 'rejected', http, message: `${host} redirected${to} (HTTP ${http}); redirects are not followed (they could carry the key elsewhere) — point --base-url at the API itself`, rate };
  }
  if (http >= 500 || http === 408 || http === 425) {
    return { kind: 'transient', http, message: `server error (HTTP ${http})`, rate };
  }
  return { kind: 'rejected', http, message: `the API refused the request (HTTP ${http})`, rate };
}

function mapBody(http: number, text: string, rate: RateInfo, upload: UploadId | undefined, scrub: (text: string) => string, host: string): FetchResult {
  const body = parseStatusBody(text);
  if (body && (http !== 404 || body.status === 'not_found')) {
    const other = upload ? otherUploadIn(body, upload, scrub) : undefined;
    if (other) return { kind: 'transient', http, message: other, rate };
    return { kind: 'body', body, raw: text, http, rate };
  }
  if (http === 404) {
    return { kind: 'rejected', http, message: `${host} has no status API at this path (HTTP 404 without a status body) — check --base-url`, rate };
  }
  if (text.trim() === '') return { kind: 'transient', http, message: `the server answered HTTP ${http} with no status body`, rate };
  return { kind: 'transient', http, message: 'the server sent a response that is not a status body', rate };
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function safeLocation(loc: string): string {
  try {
    const u = new URL(loc);
    return u.origin;
  } catch {
    return 'another address';
  }
}
