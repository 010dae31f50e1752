// Narrowing what a server sends: typed fields, placeholders for values that
// are not text, `results` in either shape, nothing dropped.
import { describe, expect, it } from 'vitest';
import { narrowStatusBody, otherUploadIn, parseStatusBody, toJsonLine, UNKNOWN_PLATFORM } from '../../src/api/types.js';

describe('narrowStatusBody', () => {
  it('results keyed by platform become a list, in order, the key as the name', () => {
    const b = narrowStatusBody({ status: 'completed', results: { tiktok: { success: false, error_message: 'bad' }, x: { success: true }, odd: 5 } });
    expect(b?.results).toEqual([
      { platform: 'tiktok', success: false, error_message: 'bad' },
      { platform: 'x', success: true },
      { platform: 'odd' },
    ]);
  });

  it('an entry without a platform name is counted as an unknown platform, never dropped', () => {
    const b = narrowStatusBody({ status: 'completed', results: [{ success: false }, 'junk', null, { platform: '' }] });
    expect(b?.results.map((r) => r.platform)).toEqual([UNKNOWN_PLATFORM, UNKNOWN_PLATFORM, UNKNOWN_PLATFORM, UNKNOWN_PLATFORM]);
    expect(b?.results[0]).toEqual({ platform: UNKNOWN_PLATFORM, success: false });
  });

  it.each([
    [{ toString: 1 }, '[object]'],
    [[['deep']], '[array]'],
    [42, '42'],
    [true, 'true'],
    [null, undefined],
  ])('a message %j reads %j; a platform name likewise', (value, shown) => {
    const b = narrowStatusBody({ status: 'completed', message: value, results: [{ platform: value, message: value }] });
    expect(b?.message).toBe(shown);
    expect(b?.results[0]?.message).toBe(shown);
    expect(b?.results[0]?.platform).toBe(shown ?? UNKNOWN_PLATFORM);
  });

  it('fields of the wrong type are dropped, the rest kept as sent', () => {
    const b = narrowStatusBody({ status: 'processing', results: [{ platform: 'x', success: 'yes', status: 3, upload_timestamp: {}, post_url: 'https://x.com/p/1', extra: { deep: [1] } }] });
    expect(b?.results[0]).toEqual({ platform: 'x', post_url: 'https://x.com/p/1', extra: { deep: [1] } });
  });

  it.each([[{ status: 5 }], [{ status: { a: 1 } }], [{ status: '' }], [[]], ['completed'], [null]])('%j is not a status body', (v) => {
    expect(narrowStatusBody(v)).toBeNull();
  });

  it('a body 100,000 levels deep parses and narrows without a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const b = parseStatusBody(`{"status":"completed","results":[{"platform":"x","message":${deep}}],"extra":${deep}}`);
    expect(b?.results[0]?.message).toBe('[array]');
  });
});

describe('otherUploadIn', () => {
  const body = (extra: object) => narrowStatusBody({ status: 'completed', results: [], ...extra })!;
  it.each<[object, 'request' | 'job', string | undefined]>([
    [{ request_id: 'a' }, 'request', undefined],
    [{}, 'request', undefined],
    [{ job_id: 'other' }, 'request', undefined], // names no request ID
    [{ request_id: 'b' }, 'request', 'the answer was about another upload (request_id "b")'],
    [{ request_id: null }, 'request', 'the answer was about another upload (request_id "null")'],
    [{ job_id: 'j2' }, 'job', 'the answer was about another upload (job_id "j2")'],
    [{ request_id: 'x\u202eevil' }, 'request', 'the answer was about another upload (request_id "x\\u202eevil")'],
    [{ request_id: 12345 }, 'request', 'the answer was about another upload (request_id "12345")'], // asked about "a"
    [{ job_id: 7 }, 'job', 'the answer was about another upload (job_id "7")'],
  ])('%j asked as %s → %s', (extra, kind, out) => {
    expect(otherUploadIn(body(extra), { kind, id: kind === 'job' ? 'j' : 'a' })).toBe(out);
  });
});

describe('otherUploadIn: an ID the server types as a number', () => {
  it('is the same ID when it reads the same', () => {
    expect(otherUploadIn(narrowStatusBody({ status: 'completed', results: [], request_id: 12345 })!, { kind: 'request', id: '12345' })).toBeUndefined();
  });
});

describe('toJsonLine', () => {
  it('keeps the value, escapes what a terminal could act on, drops a BOM', () => {
    const raw = '\ufeff{"m":"a\u009b31m\u202eb\u2028c",\r\n "n":1.50}';
    const line = toJsonLine(raw);
    expect(line).toBe('{"m":"a\\u009b31m\\u202eb\\u2028c",  "n":1.50}');
    expect(JSON.parse(line)).toEqual(JSON.parse(raw.slice(1)));
  });
});

describe('toJsonLine and CI runners', () => {
  it('a `##[` command inside a string is escaped to the same value', () => {
    const raw = '{"message":"##[set-output name=status;]completed","n":"a##[b"}';
    const line = toJsonLine(raw);
    expect(line).not.toContain('##[');
    expect(JSON.parse(line)).toEqual(JSON.parse(raw));
  });
});
