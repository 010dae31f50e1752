// One --ids-from line read as what it holds: an entry, or an upload
// endpoint's JSON answer (or an array of them). A table of lines.
import { describe, expect, it } from 'vitest';
import { readIdLine } from '../../src/config/id-lines.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');
const read = (line: string) => readIdLine(line, 7, 'stdin', NOW);
const ids = (line: string) => read(line).uploads;
const problems = (line: string) => read(line).problems.map((p) => `${p.kind}: ${p.message}`);

describe('readIdLine', () => {
  it.each([
    ['', []],
    ['   # a comment', []],
    ['ok-1', [{ kind: 'request', id: 'ok-1' }]],
    ['  job:j-1 2h \r', [{ kind: 'job', id: 'j-1', notBefore: NOW + 7_200_000 }]],
    ['{"success":true,"request_id":"r-1","message":"Upload initiated"}', [{ kind: 'request', id: 'r-1' }]],
    ['{"success":true,"job_id":"j-2","scheduled_date":"2026-12-01T14:00:00Z"}', [{ kind: 'job', id: 'j-2', notBefore: Date.parse('2026-12-01T14:00:00Z') }]],
    // The API writes UTC: a date without a zone is read as UTC.
    ['{"success":true,"job_id":"j-3","scheduled_date":"2026-12-01T14:00:00"}', [{ kind: 'job', id: 'j-3', notBefore: Date.parse('2026-12-01T14:00:00Z') }]],
    // An unreadable date leaves the job at the normal pace.
    ['{"job_id":"j-4","scheduled_date":"tomorrow-ish"}', [{ kind: 'job', id: 'j-4' }]],
    // Scheduled with both IDs: the job ID; not scheduled: the request ID.
    ['{"request_id":"r-5","job_id":"j-5","scheduled_date":"2026-12-01T14:00:00Z"}', [{ kind: 'job', id: 'j-5', notBefore: Date.parse('2026-12-01T14:00:00Z') }]],
    ['{"request_id":"r-6","job_id":"j-6"}', [{ kind: 'request', id: 'r-6' }]],
    ['[{"request_id":"a"},{"job_id":"b"}]', [{ kind: 'request', id: 'a' }, { kind: 'job', id: 'b' }]],
  ])('%j → %j', (line, expected) => {
    expect(ids(line)).toEqual(expected);
    expect(read(line).problems).toEqual([]);
  });

  it.each([
    ['{"success":false,"message":"Invalid or expired token"}', 'refused: stdin line 7: the upload failed: "Invalid or expired token"'],
    ['{"success":false,"error":{"message":"quota"}}', 'refused: stdin line 7: the upload failed: "quota"'],
    ['{"success":false}', 'refused: stdin line 7: the upload failed'],
    ['{"success":true,"results":{"x":{"success":true}}}', 'refused: stdin line 7: the answer holds no request_id or job_id (post with async_upload=true for a request_id)'],
    ['{"request_id":42}', 'refused: stdin line 7: the answer holds no request_id or job_id (post with async_upload=true for a request_id)'],
    ['{"request_id":"has space"}', 'malformed: stdin line 7: the ID "has space" holds whitespace or control characters'],
    ['{"request_id":"a"', 'malformed: stdin line 7: starts like JSON but is not valid JSON'],
    ['[]', 'malformed: stdin line 7: an empty JSON array holds no upload answer'],
    ['[1]', 'malformed: stdin line 7, answer 1: expected an upload answer (a JSON object), got a number'],
    ['a b c', 'malformed: stdin line 7: expected <id> or <id> <time>, got "a b c"'],
    ['job:x not-a-time', 'malformed: stdin line 7: "not-a-time" is not a time: give an ISO 8601 time with a zone (2026-12-01T14:00:00Z, 2026-12-01T15:00+01:00) or a duration from now (90s, 5m, 2h)'],
  ])('%j → %s', (line, expected) => {
    expect(problems(line)).toEqual([expected]);
    expect(ids(line)).toEqual([]);
  });

  it('an array of answers: the good ones are IDs, the failed ones problems naming their place', () => {
    const r = read('[{"request_id":"a"},{"success":false,"message":"no account"},{"request_id":"c"}]');
    expect(r.uploads.map((u) => u.id)).toEqual(['a', 'c']);
    expect(r.problems).toEqual([{ kind: 'refused', message: 'stdin line 7, answer 2: the upload failed: "no account"' }]);
  });

  it('server text in a problem is quoted and cut short, escapes and all', () => {
    const [p] = read(JSON.stringify({ success: false, message: `\u001b[31mred\u001b[0m ${'x'.repeat(5_000)}` })).problems;
    expect(p!.message).not.toContain('\u001b');
    expect(p!.message.length).toBeLessThan(300);
  });

  it('JSON nested thousands deep is refused, never a crash', () => {
    expect(problems('['.repeat(3_000) + ']'.repeat(3_000))).toEqual(['malformed: stdin line 7, answer 1: expected an upload answer (a JSON object), got an array']);
  });
});
