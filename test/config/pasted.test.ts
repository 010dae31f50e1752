// What people paste: IDs in quotes, in URLs, with their kind in front; base
// URLs with a stray space or slash; ID lists saved as UTF-16.
import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../src/config/connection.js';
import { idListEncodingProblem, readPastedId } from '../../src/config/ids.js';

describe('readPastedId', () => {
  it.each([
    ['abc', { kind: 'request', id: 'abc' }, undefined],
    ['job:abc', { kind: 'job', id: 'abc' }, undefined],
    ['request:abc', { kind: 'request', id: 'abc' }, undefined],
    ['"abc"', { kind: 'request', id: 'abc' }, /quotes around "abc" were removed/],
    ["'job:abc'", { kind: 'job', id: 'abc' }, /quotes around "job:abc" were removed/],
    ['\u201cabc\u201d', { kind: 'request', id: 'abc' }, /quotes/],
    ['request_id=abc', { kind: 'request', id: 'abc' }, /read request ID "abc" from "request_id=abc"/],
    ['job_id=j1', { kind: 'job', id: 'j1' }, /read job ID "j1"/],
    ['https://app.upload-post.com/history?request_id=abc&x=1', { kind: 'request', id: 'abc' }, /read request ID "abc" from "https:/],
    ['https://api.upload-post.com/api/uploadposts/status?job_id=j%2B1#top', { kind: 'job', id: 'j+1' }, /read job ID "j\+1"/],
  ])('%s → %o', (text, upload, note) => {
    const r = readPastedId(text, 'request', 'the ID argument');
    expect(r.upload).toEqual(upload);
    if (note) expect(r.note).toMatch(note);
    else expect(r.note).toBeUndefined();
  });

  it('a flag says the kind itself: `job:` stays part of a --request-id', () => {
    expect(readPastedId('job:abc', 'request', '--request-id', false).upload).toEqual({ kind: 'request', id: 'job:abc' });
  });

  it('what is left is checked like any ID', () => {
    expect(() => readPastedId('""', 'request', 'the ID argument')).toThrow(/the ID argument: the ID is empty/);
    expect(() => readPastedId('"a b"', 'request', 'the ID argument')).toThrow(/whitespace/);
  });
});

describe('idListEncodingProblem', () => {
  const utf16le = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
  it.each([
    ['UTF-8', Buffer.from('ok-1\nok-2\n'), undefined],
    ['UTF-16 LE with a BOM', utf16le('ok-1\r\n'), /UTF-16/],
    ['UTF-16 LE without one', Buffer.from('ok-1\nok-2\n', 'utf16le'), /UTF-16/],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('ok-1', 'utf16le').swap16()]), /UTF-16/],
    ['binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), /binary data/],
  ])('%s', (_name, bytes, problem) => {
    const p = idListEncodingProblem(bytes);
    if (problem) expect(p).toMatch(problem);
    else expect(p).toBeUndefined();
  });
});

describe('checkBaseUrl', () => {
  it.each([
    [' http://127.0.0.1:8080/api/ ', 'http://127.0.0.1:8080/api'],
    ['https://api.upload-post.com/api/', 'https://api.upload-post.com/api'],
    ['https://api.upload-post.com/api//', 'https://api.upload-post.com/api'],
    ['\thttps://api.upload-post.com/api\n', 'https://api.upload-post.com/api'],
  ])('%j is trimmed and loses its trailing slash', (given, used) => {
    expect(checkBaseUrl(given)).toBe(used);
  });
});
