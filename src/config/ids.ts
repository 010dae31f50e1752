// What counts as an ID, and the --ids-from line format
// (docs/CONTRACT.md#ids). Pure, shared by the CLI and the library.
import { type IdKind, type UploadId } from '../api/types.js';
import { MAX_ID_LENGTH } from './defaults.js';
import { UsageError } from './usage-error.js';
import { quote } from '../util/sanitize.js';
import { requireWhen } from './when.js';

const BAD_ID = /[\s\p{Cc}\p{Cf}]/u;

export function checkId(id: string, where: string): void {
  if (id.length === 0) throw new UsageError(`${where}: the ID is empty`);
  if (BAD_ID.test(id)) throw new UsageError(`${where}: the ID ${quote(id)} holds whitespace or control characters`);
  if (id.length > MAX_ID_LENGTH) throw new UsageError(`${where}: the ID is longer than ${MAX_ID_LENGTH} characters`);
}

/** An ID as read from what a person pasted, and what was done to it (for a note on stderr). */
export interface PastedId {
  upload: UploadId;
  note?: string;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '`': '`', '\u201c': '\u201d', '\u2018': '\u2019', '\u00ab': '\u00bb' };

function unquoted(text: string): string | undefined {
  const close = QUOTES[text[0] ?? ''];
  return close !== undefined && text.length >= 2 && text.endsWith(close) ? text.slice(1, -close.length) : undefined;
}

/** `request_id=X` / `job_id=X`, alone or in a pasted URL's query (a dashboard link, a curl line). */
function fromQuery(text: string): UploadId | undefined {
  const query = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text.slice(text.indexOf('?') + 1 || text.length) : /^(request_id|job_id)=/.test(text) ? text : undefined;
  if (query === undefined) return undefined;
  const params = new URLSearchParams(query.split('#')[0]);
  const request = params.get('request_id');
  if (request) return { kind: 'request', id: request };
  const job = params.get('job_id');
  return job ? { kind: 'job', id: job } : undefined;
}

/**
 * Pure: what a pasted ID stands for (docs/CONTRACT.md#pasted-input). Quotes
 * around it go; `job:`/`request:` name its kind as in --ids-from (when
 * `prefixes`); a URL holding `request_id=`/`job_id=`, or that pair alone,
 * is read as that ID. `kind` is the kind when nothing says otherwise. The ID
 * is then checked as any other (`checkId`).
 */
export function readPastedId(text: string, kind: IdKind, where: string, prefixes = true): PastedId {
  const notes: string[] = [];
  let s = text;
  const inner = unquoted(s);
  if (inner !== undefined) {
    s = inner;
    notes.push(`the quotes around ${quote(s)} were removed`);
  }
  let upload: UploadId = { kind, id: s };
  const prefixed = prefixes ? /^(request|job):(.*)$/s.exec(s) : null;
  const queried = prefixed ? undefined : fromQuery(s);
  if (prefixed) upload = { kind: prefixed[1] === 'job' ? 'job' : 'request', id: prefixed[2]! };
  else if (queried) {
    upload = queried;
    notes.push(`read ${queried.kind === 'job' ? 'job' : 'request'} ID ${quote(queried.id)} from ${quote(s, 60)}`);
  }
  checkId(upload.id, where);
  return notes.length > 0 ? { upload, note: `${where}: ${notes.join('; ')}` } : { upload };
}

/**
 * Why the start of an ID list cannot be a text of IDs, if it cannot: UTF-16
 * (a byte-order mark, or a NUL every other byte — what Windows' Notepad and
 * PowerShell's `>` write) or binary data (any NUL byte). A UTF-8 list never
 * holds a NUL.
 */
export function idListEncodingProblem(head: Uint8Array): string | undefined {
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  const nul = head.indexOf(0);
  if (nul === -1 && !utf16) return undefined;
  let everyOther = head.length >= 2;
  for (let i = 0; i + 1 < Math.min(head.length, 64); i += 2) if ((head[i] === 0) === (head[i + 1] === 0)) everyOther = false;
  if (utf16 || everyOther) return 'is UTF-16 text; save it as UTF-8 (one ID a line), e.g. with iconv -f UTF-16 -t UTF-8';
  return 'holds binary data (NUL bytes), not a list of IDs one a line';
}

/**
 * One --ids-from entry, already trimmed: a bare ID or `request:<id>` is a
 * request ID, `job:<id>` a job ID, optionally followed by its own due time
 * (an ISO time with a zone, or a duration from `now`). `where` names the line
 * in a usage error.
 */
export function parseIdEntry(s: string, where: string, now: number): UploadId {
  const [first = '', when, ...rest] = s.split(/[ \t]+/);
  if (rest.length > 0) throw new UsageError(`${where}: expected <id> or <id> <time>, got ${quote(s)}`);
  const m = /^(request|job):(.*)$/.exec(first);
  const kind: IdKind = m?.[1] === 'job' ? 'job' : 'request';
  const id = m ? m[2]! : first;
  checkId(id, where);
  const upload: UploadId = { kind, id };
  if (when !== undefined) upload.notBefore = requireWhen(when, now, where);
  return upload;
}

/** IDs from an --ids-from text, one entry a line; blank lines and `#` comments are skipped. */
export function parseIdList(text: string, source: string, now: number = Date.now()): UploadId[] {
  const out: UploadId[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    out.push(parseIdEntry(s, `${source} line ${i + 1}`, now));
  });
  return out;
}
