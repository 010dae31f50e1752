// What X-RateLimit-* and Retry-After say, as instants on OUR monotonic clock
// (docs/API.md#rate-limits, docs/ARCHITECTURE.md#time). X-RateLimit-Reset is a
// Unix time on the server's clock: it is measured against the response's Date
// header, never against ours, so a client whose clock is off by an hour
// neither sleeps an hour nor hammers. Only without a Date does our wall clock
// place it, read once at the moment the answer arrived.

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface RateInfo {
  limit?: number;
  remaining?: number;
  /** When the window resets, on our monotonic clock, capped at MAX_SERVER_WAIT_MS. */
  resetAt?: number;
  /** For a 429: when Retry-After lets us retry, on our monotonic clock, capped likewise. */
  retryAt?: number;
  /**
   * The later of the two as the server said it, before any cap: what a person
   * is told ("rate limit exhausted until …"), never what we wait.
   */
  saidUntil?: number;
}

/** Longest wait any server header can impose on us: a lying header must not park the CLI for a day. */
export const MAX_SERVER_WAIT_MS = 15 * 60_000;
/** The furthest a quota's end is told as the server said it: past this it is a lie, not a date. */
export const MAX_SAID_WAIT_MS = 400 * 24 * 3_600_000;

function header(h: HeaderBag, name: string): string | undefined {
  const v = h[name] ?? h[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined ? undefined : s.trim();
}

function nonNegativeInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return undefined;
  return Number(s);
}

// An HTTP-date (RFC 9110 §5.6.7): the IMF-fixdate servers send, and the two
// obsolete forms a recipient must still read. Anything else — "1", "0",
// "tomorrow", which Date.parse would take for some year — is no date.
const HTTP_DATE = [
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** The instant an HTTP-date names, or NaN when the text is not one. */
export function parseHttpDate(text: string): number {
  const t = text.trim();
  if (!HTTP_DATE.some((form) => form.test(t))) return NaN;
  // asctime has no zone; it is GMT by definition.
  return Date.parse(/\d{4}$/.test(t) ? `${t} GMT` : t);
}

/**
 * Read rate-limit headers. `receivedAt` is our monotonic clock when the
 * response arrived, `wallAt` our wall clock at that moment (the same clock
 * when the caller has only one); the server's Date header (if sane) gives its
 * clock at that moment.
 */
export function parseRateInfo(h: HeaderBag, receivedAt: number, wallAt: number = receivedAt): RateInfo {
  const info: RateInfo = {};
  const limit = nonNegativeInt(header(h, 'x-ratelimit-limit'));
  const remaining = nonNegativeInt(header(h, 'x-ratelimit-remaining'));
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;

  const dateText = header(h, 'date');
  const serverNow = dateText ? parseHttpDate(dateText) : NaN;
  // Server time + skew = our monotonic time. Date has 1 s resolution; without
  // one, assume the server's clock is our wall clock.
  const skew = receivedAt - (Number.isFinite(serverNow) ? serverNow : wallAt);

  let said: number | undefined;
  const reset = nonNegativeInt(header(h, 'x-ratelimit-reset'));
  if (reset !== undefined) {
    const resetServer = reset * 1000;
    // Some servers send "seconds until reset" instead of a Unix time; a value
    // far below any plausible epoch is read that way.
    const resetLocal = reset < 1e9 ? receivedAt + resetServer : resetServer + skew;
    info.resetAt = clampWaitUntil(resetLocal, receivedAt);
    said = resetLocal;
  }

  const retryAfter = header(h, 'retry-after');
  if (retryAfter !== undefined) {
    const secs = nonNegativeInt(retryAfter);
    let at: number | undefined;
    if (secs !== undefined) at = receivedAt + secs * 1000;
    else {
      const d = parseHttpDate(retryAfter);
      if (Number.isFinite(d)) at = d + skew;
    }
    if (at !== undefined) {
      info.retryAt = clampWaitUntil(at, receivedAt);
      said = Math.max(said ?? at, at);
    }
  }
  if (said !== undefined) info.saidUntil = Math.min(Math.max(said, receivedAt), receivedAt + MAX_SAID_WAIT_MS);
  return info;
}

/** A server-given instant, kept between now and now + MAX_SERVER_WAIT_MS. */
export function clampWaitUntil(at: number, now: number): number {
  return Math.min(Math.max(at, now), now + MAX_SERVER_WAIT_MS);
}
