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

/**
 * IDs from an --ids-from text: a bare ID or `request:<id>` is a request ID,
 * `job:<id>` a job ID, each optionally followed by its own due time (an ISO
 * time with a zone, or a duration from `now`); blank lines and `#` comments
 * are skipped.
 */
export function parseIdList(text: string, source: string, now: number = Date.now()): UploadId[] {
  const out: UploadId[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    const where = `${source} line ${i + 1}`;
    const [first = '', when, ...rest] = s.split(/[ \t]+/);
    if (rest.length > 0) throw new UsageError(`${where}: expected <id> or <id> <time>, got ${quote(s)}`);
    const m = /^(request|job):(.*)$/.exec(first);
    const kind: IdKind = m?.[1] === 'job' ? 'job' : 'request';
    const id = m ? m[2]! : first;
    checkId(id, where);
    const upload: UploadId = { kind, id };
    if (when !== undefined) upload.notBefore = requireWhen(when, now, where);
    out.push(upload);
  });
  return out;
}
