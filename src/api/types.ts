// Shapes of the Upload-Post status API (docs/API.md) and runtime narrowing of
// whatever a server actually sends.

export type IdKind = 'request' | 'job';

export interface UploadId {
  kind: IdKind;
  id: string;
}

/** The query parameter / body field that carries an ID of this kind. */
export function idField(kind: IdKind): 'request_id' | 'job_id' {
  return kind === 'job' ? 'job_id' : 'request_id';
}

export function idKey(u: UploadId): string {
  return `${u.kind}:${u.id}`;
}

export interface PlatformResult {
  platform: string;
  success?: boolean;
  message?: string;
  upload_timestamp?: string;
  /** queued | processing | completed | failed | retryable — may be absent. */
  status?: string;
  [field: string]: unknown;
}

/** A status body as received. Unknown fields are kept (index signature). */
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Narrow a parsed JSON value to a status body, or null when it is not one.
 * Lenient on what the docs leave open (missing counts, odd result entries are
 * dropped from `results` for our own use — the raw text is what --json prints).
 */
export function narrowStatusBody(v: unknown): StatusBody | null {
  if (!isRecord(v) || typeof v.status !== 'string' || v.status.length === 0) return null;
  const results: PlatformResult[] = [];
  if (Array.isArray(v.results)) {
    for (const r of v.results) {
      if (isRecord(r) && typeof r.platform === 'string') results.push(r as PlatformResult);
    }
  }
  return {
    ...v,
    status: v.status,
    completed: typeof v.completed === 'number' && Number.isFinite(v.completed) ? v.completed : undefined,
    total: typeof v.total === 'number' && Number.isFinite(v.total) ? v.total : null,
    results,
  } as StatusBody;
}

/** Parse a response text; null when it is not JSON or not a status body. */
export function parseStatusBody(text: string): StatusBody | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return narrowStatusBody(parsed);
}

/**
 * One line of JSON Lines carrying the body exactly as received. A JSON text
 * can hold raw CR/LF only as whitespace between tokens (never inside a
 * string), so folding them keeps every byte of meaning — numbers included,
 * which a parse/stringify round trip could alter.
 */
export function toJsonLine(raw: string): string {
  return raw.trim().replace(/[\r\n]+/g, ' ');
}
