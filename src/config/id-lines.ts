// One line of --ids-from, read as what it holds (docs/CONTRACT.md#ids): an
// entry (`<id>`, `request:<id>`, `job:<id>`, each with an optional time), or
// what an upload endpoint answered — a JSON object, or an array of them — so
// `curl … | upload-post status --ids-from - --watch` works as it stands.
// Pure: the reader that splits the input into lines, within its bounds, is
// commands/status/ids-input.ts; what a single ID may hold is ids.ts.
import { type UploadId } from '../api/types.js';
import { quote } from '../util/sanitize.js';
import { checkId, parseIdEntry } from './ids.js';
import { UsageError } from './usage-error.js';
import { parseWhen } from './when.js';

/**
 * Why a line gave no ID: an upload endpoint's answer that says the upload
 * failed (or names no ID) is a failed upload; anything else unreadable is a
 * malformed line. Each is one closed word; the command maps it to an exit code.
 */
export type LineProblemKind = 'refused' | 'malformed';

export interface LineProblem {
  kind: LineProblemKind;
  /** One sentence naming the line; any server text in it is quoted and cut short. */
  message: string;
}

/** What one line came to: its IDs (an array answer may hold several) and its problems. */
export interface LineReading {
  uploads: UploadId[];
  problems: LineProblem[];
}

/** The longest stretch of an answer's own message shown in a sentence. */
const MAX_SAID = 200;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `line` (the `lineNumber`-th of `source`) as IDs: `now` is when a duration
 * (`job:abc 2h`) counts from. Never throws: a bad line is a problem of its own.
 */
export function readIdLine(line: string, lineNumber: number, source: string, now: number): LineReading {
  const s = line.trim();
  const where = `${source} line ${lineNumber}`;
  if (s === '' || s.startsWith('#')) return { uploads: [], problems: [] };
  if (s.startsWith('{') || s.startsWith('[')) return readAnswers(s, where, now);
  try {
    return { uploads: [parseIdEntry(s, where, now)], problems: [] };
  } catch (err) {
    return malformed(err instanceof UsageError ? err.message : `${where}: unreadable`);
  }
}

function malformed(message: string): LineReading {
  return { uploads: [], problems: [{ kind: 'malformed', message }] };
}

/** A JSON line: one upload answer, or an array of them, each read on its own. */
function readAnswers(s: string, where: string, now: number): LineReading {
  let value: unknown;
  try {
    // JSON.parse does not recurse on the call stack: a deeply nested line is read or refused, never a crash.
    value = JSON.parse(s);
  } catch {
    return malformed(`${where}: starts like JSON but is not valid JSON`);
  }
  if (!Array.isArray(value)) return readAnswer(value, where, now);
  const out: LineReading = { uploads: [], problems: [] };
  value.forEach((item: unknown, i) => {
    const one = readAnswer(item, `${where}, answer ${i + 1}`, now);
    for (const u of one.uploads) out.uploads.push(u);
    for (const p of one.problems) out.problems.push(p);
  });
  if (value.length === 0) out.problems.push({ kind: 'malformed', message: `${where}: an empty JSON array holds no upload answer` });
  return out;
}

/**
 * An upload endpoint's answer: `request_id` is a request ID; `job_id` a job
 * ID, whose `scheduled_date` is its not-before time. A scheduled answer that
 * carries both is watched by its job ID (docs/API.md). `success: false`, or no
 * ID at all, is an upload that did not happen: its own words say why.
 */
function readAnswer(v: unknown, where: string, now: number): LineReading {
  if (!isRecord(v)) return malformed(`${where}: expected an upload answer (a JSON object), got ${Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`}`);
  const said = saidOf(v);
  if (v.success === false) return refused(`${where}: the upload failed${said}`);
  const requestId = typeof v.request_id === 'string' ? v.request_id : undefined;
  const jobId = typeof v.job_id === 'string' ? v.job_id : undefined;
  const scheduled = v.scheduled_date !== undefined && v.scheduled_date !== null;
  if (jobId !== undefined && (scheduled || requestId === undefined)) return idOf({ kind: 'job', id: jobId }, where, scheduled ? dueOf(v.scheduled_date, now) : undefined);
  if (requestId !== undefined) return idOf({ kind: 'request', id: requestId }, where, undefined);
  return refused(`${where}: the answer holds no request_id or job_id (post with async_upload=true for a request_id)${said}`);
}

function refused(message: string): LineReading {
  return { uploads: [], problems: [{ kind: 'refused', message }] };
}

function idOf(upload: UploadId, where: string, notBefore: number | undefined): LineReading {
  try {
    checkId(upload.id, where);
  } catch (err) {
    return malformed((err as Error).message);
  }
  return { uploads: [notBefore === undefined ? upload : { ...upload, notBefore }], problems: [] };
}

/**
 * The answer's own words: `message`, else `error` (a text, or an object with a
 * `message`), quoted and cut short — it is server text bound for a terminal.
 */
function saidOf(v: Record<string, unknown>): string {
  const error = isRecord(v.error) ? v.error.message : v.error;
  const text = typeof v.message === 'string' && v.message !== '' ? v.message : typeof error === 'string' && error !== '' ? error : undefined;
  return text === undefined ? '' : `: ${quote(text, MAX_SAID)}`;
}

/**
 * A `scheduled_date` as epoch ms. The API writes UTC; a time without a zone
 * is read as UTC here (unlike a time typed on the command line, which must
 * name its zone). Anything unreadable leaves the job at the normal pace.
 */
function dueOf(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  const zoneless = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(s);
  return parseWhen(zoneless ? `${s.replace(' ', 'T')}Z` : s, now);
}
