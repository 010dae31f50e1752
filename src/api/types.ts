// Shapes of the Upload-Post status API (docs/API.md) and runtime narrowing of
// whatever a server actually sends.
import { placeholder, quote } from '../util/sanitize.js';
import { isKnownStatus } from './statuses.js';

export type IdKind = 'request' | 'job';

export interface UploadId {
  kind: IdKind;
  id: string;
  /**
   * A scheduled post's due time (epoch ms): until then the API says pending,
   * so it is asked at most every few minutes (docs/CONTRACT.md#scheduled-posts).
   * Not part of the ID's identity.
   */
  notBefore?: number;
}

/** The query parameter / body field that carries an ID of this kind. */
export function idField(kind: IdKind): 'request_id' | 'job_id' {
  return kind === 'job' ? 'job_id' : 'request_id';
}

export function idKey(u: UploadId): string {
  return `${u.kind}:${u.id}`;
}

/**
 * One platform's entry in `results`, narrowed: the fields we read have the
 * types they claim (a value of another type is dropped, or for `platform` and
 * `message` shown as a placeholder), and every other field is kept as sent.
 */
export interface PlatformResult {
  /** As sent; the object key when `results` came keyed by platform; UNKNOWN_PLATFORM when absent. */
  platform: string;
  success?: boolean;
  message?: string;
  upload_timestamp?: string;
  /** queued | processing | completed | failed | retryable — may be absent. */
  status?: string;
  /** No account on that platform: neither a success nor a failure. */
  skipped?: boolean;
  /** Why it failed, when the server says (before `error`, then `message`). */
  error_message?: string;
  /** A text `error`: the reason when there is no `error_message`. */
  error?: string;
  /** A machine word for the failure (`quota_exceeded`), beside the reason or alone. */
  error_code?: string;
  /** Why it was skipped (`profile_platform_not_configured`). */
  skip_reason?: string;
  /** TikTok's daily cap was hit: a draft in the creator's inbox, not live (only `true` counts). */
  fallback_to_inbox?: boolean;
  /** The platform's own IDs of the post; a TikTok one starting `v_inbox` is a draft. */
  platform_post_id?: string;
  publish_id?: string;
  post_id?: string;
  /** Where the post went live (docs/API.md#fields-beyond-the-status-page); validated before use as a link. */
  post_url?: string;
  url?: string;
  warnings?: string[];
  [field: string]: unknown;
}

/** A status body as received, narrowed. Unknown fields are kept (index signature). */
export interface StatusBody {
  status: string;
  request_id?: string;
  job_id?: string;
  completed?: number;
  total?: number | null;
  results: PlatformResult[];
  last_update?: string;
  message?: string;
  [field: string]: unknown;
}

/** The name an entry without one is counted under: it still counts, it is never dropped. */
export const UNKNOWN_PLATFORM = '(unknown platform)';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text a person will read: strings as they are, numbers and booleans as text, anything else a tag; nothing for null. */
function textOf(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : placeholder(v);
}

/** Warnings worth showing: the text ones, a handful at most. */
function warningsOf(list: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const w of list) {
    if (out.length >= MAX_WARNINGS) break;
    const text = typeof w === 'string' ? w : undefined;
    if (text) out.push(text);
  }
  return out;
}

const MAX_WARNINGS = 5;

function narrowResult(entry: unknown, key?: string): PlatformResult {
  const r = isRecord(entry) ? entry : {};
  // Rest, not delete: the fields we type are read below, every other is kept as sent.
  const { platform, success, message, status, upload_timestamp, skipped, error_message, error, error_code, skip_reason, fallback_to_inbox, post_url, url, warnings, ...rest } = r;
  const out: PlatformResult = { ...rest, platform: typeof platform === 'string' && platform !== '' ? platform : (key ?? (textOf(platform) || UNKNOWN_PLATFORM)) };
  if (typeof success === 'boolean') out.success = success;
  if (typeof skipped === 'boolean') out.skipped = skipped;
  const messageText = textOf(message);
  if (messageText !== undefined) out.message = messageText;
  const reason = textOf(error_message);
  if (reason !== undefined) out.error_message = reason;
  // A code is a word or a number; anything else was never one.
  if (typeof error_code === 'string' || typeof error_code === 'number') out.error_code = String(error_code);
  if (typeof skip_reason === 'string') out.skip_reason = skip_reason;
  if (typeof error === 'string') out.error = error;
  if (typeof fallback_to_inbox === 'boolean') out.fallback_to_inbox = fallback_to_inbox;
  for (const field of ['platform_post_id', 'publish_id', 'post_id'] as const) {
    if (typeof rest[field] === 'number') out[field] = String(rest[field]);
    else if (typeof rest[field] !== 'string') delete out[field];
  }
  if (typeof status === 'string') out.status = status;
  if (typeof upload_timestamp === 'string') out.upload_timestamp = upload_timestamp;
  if (typeof post_url === 'string') out.post_url = post_url;
  if (typeof url === 'string') out.url = url;
  if (Array.isArray(warnings)) out.warnings = warningsOf(warnings);
  return out;
}

/**
 * `results` as the status page shows it (a list) or as a synchronous upload
 * answers (an object keyed by platform, which the vendor's own Action reads
 * too): both become a list, and an entry is never dropped.
 */
function narrowResults(v: unknown): PlatformResult[] {
  const out: PlatformResult[] = [];
  if (Array.isArray(v)) for (const entry of v) out.push(narrowResult(entry));
  else if (isRecord(v)) for (const [key, entry] of Object.entries(v)) out.push(narrowResult(entry, key));
  return out;
}

/**
 * Narrow a parsed JSON value to a status body, or null when it is not one
 * (no `status` text). Lenient on what the docs leave open; the raw text is
 * what --json prints.
 */
export function narrowStatusBody(v: unknown): StatusBody | null {
  if (!isRecord(v) || typeof v.status !== 'string' || v.status.length === 0) return null;
  const body: StatusBody = {
    ...v,
    status: v.status,
    completed: typeof v.completed === 'number' && Number.isFinite(v.completed) ? v.completed : undefined,
    total: typeof v.total === 'number' && Number.isFinite(v.total) ? v.total : null,
    results: narrowResults(v.results),
  };
  const message = textOf(v.message);
  if (message === undefined) delete body.message;
  else body.message = message;
  return body;
}

/** Parse a response text (a UTF-8 BOM allowed); null when it is not JSON or not a status body. */
export function parseStatusBody(text: string): StatusBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
  return narrowStatusBody(parsed);
}

/**
 * The body with `scrub` applied to every text a view or report shows, so an
 * API key a server echoes (in a message, a reason, a link) is gone before any
 * escaping, quoting or cutting could split it. Fields we do not show stay as
 * sent; the raw text (for --json) is untouched.
 */
export function scrubBody(body: StatusBody, scrub: (text: string) => string): StatusBody {
  const results = body.results.map((r) => {
    const fields: Partial<PlatformResult> = {};
    const platform = scrub(r.platform);
    if (platform !== r.platform) fields.platform = platform;
    for (const field of ['message', 'error_message', 'error_code', 'skip_reason', 'post_url', 'url', 'error', 'upload_timestamp'] as const) {
      const v = r[field];
      if (typeof v !== 'string') continue;
      const clean = scrub(v);
      if (clean !== v) fields[field] = clean;
    }
    if (r.warnings?.some((w) => scrub(w) !== w)) fields.warnings = r.warnings.map(scrub);
    // A copy only where the key was found: a body of 100,000 platforms costs no 100,000 copies.
    return Object.keys(fields).length === 0 ? r : { ...r, ...fields };
  });
  // A status the table knows is ours to compare, never a secret; any other is shown as sent.
  const status = isKnownStatus(body.status) ? body.status : scrub(body.status);
  return { ...body, status, ...(body.message !== undefined ? { message: scrub(body.message) } : {}), results };
}

/**
 * When a body names an ID (request_id / job_id) that is not the one asked
 * about, what is wrong with it; undefined when it names none or the right one.
 * A body for another upload is never taken as this upload's status.
 */
export function otherUploadIn(body: StatusBody, upload: UploadId, scrub: (text: string) => string = (t) => t): string | undefined {
  const field = idField(upload.kind);
  const named = body[field];
  // A number that reads as the ID is the ID (a server that types its IDs as numbers).
  if (!(field in body) || named === upload.id || (typeof named === 'number' && String(named) === upload.id)) return undefined;
  // The key comes out before quoting escapes or cuts what the server named.
  return `the answer was about another upload (${field} ${quote(scrub(textOf(body[field]) ?? 'null'))})`;
}

// Outside strings a JSON text holds only ASCII; inside one these characters
// may appear raw, and a terminal could act on them (C1 controls, bidi
// overrides, line separators). Written as \u escapes they mean the same.
const INVISIBLE_IN_STRINGS = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;

/**
 * One line of JSON Lines carrying the body exactly as received. A JSON text
 * can hold raw CR/LF only as whitespace between tokens (never inside a
 * string), so folding them keeps every byte of meaning — numbers included,
 * which a parse/stringify round trip could alter; invisible characters inside
 * strings, and the `##[` of a CI runner's commands, become \u escapes of the
 * same value; a leading BOM is dropped.
 */
export function toJsonLine(raw: string): string {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return (
    text
      .trim()
      .replace(/[\r\n]+/g, ' ')
      .replace(INVISIBLE_IN_STRINGS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      // `##[` can only be inside a string; the GitHub Actions runner would act on it anywhere in a line.
      .replace(/##\[/g, '\\u0023#[')
  );
}
