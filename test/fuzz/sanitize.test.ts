// The sanitiser: no server string can reach a terminal with control power.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT, quote, redact, redactor, sanitize } from '../../src/util/sanitize.js';
import { property } from '../helpers/fuzz.js';

const DANGEROUS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const escapeSeq = fc.constantFrom(
  '\u001b]0;pwned\u0007', // retitle (OSC … BEL)
  '\u001b]8;;https://evil\u001b\\link\u001b]8;;\u001b\\', // OSC 8 hyperlink with ST
  '\u001b[2J', // clear
  '\u001b[H',
  '\u001b[31;1m',
  '\u001b[?25l', // hide cursor
  '\u009b31m', // C1 CSI
  '\u009d0;x\u009c', // C1 OSC … ST
  '\u001bP1$r\u001b\\', // DCS
  '\u001bc', // reset
  '\u0007',
  '\u202e', // right-to-left override
  '\u2066',
  '\r',
  '\b',
);
const hostile = fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), escapeSeq), { maxLength: 12 }).map((parts) => parts.join(''));

describe('sanitize', () => {
  property('leaves no control character, escape or bidi override', fc.property(hostile, (s) => {
    expect(sanitize(s)).not.toMatch(DANGEROUS);
  }), 1000);

  property('is idempotent', fc.property(hostile, (s) => {
    expect(sanitize(sanitize(s))).toBe(sanitize(s));
  }));

  property('keeps printable text as it is', fc.property(fc.string().filter((s) => !DANGEROUS.test(s) && !/\s/.test(s)), (s) => {
    expect(sanitize(s)).toBe(s);
  }));

  it.each([
    ['Pub\u001b]0;pwned\u0007lished', 'Published'],
    ['\u001b[2J\u001b[HQueued', 'Queued'],
    ['ok\u0007', 'ok'],
    ['a\u202eb', 'ab'],
    ['line1\nline2', 'line1 line2'],
    ['émoji 🎉 ✔', 'émoji 🎉 ✔'],
    [42, '42'],
    [undefined, ''],
    [null, ''],
    [{ toString: 1 }, '[object]'],
    [{ toString: () => '\u001b[2Jpwned' }, '[object]'],
    [[1, 2], '[array]'],
    ['a\u2028b\u2029c', 'a b c'],
    ['\ufeffbom', 'bom'],
  ])('%j → %j', (input, out) => expect(sanitize(input)).toBe(out));

  it('cuts server text at MAX_TEXT before any work on it, never splitting a surrogate pair', () => {
    expect(sanitize('a'.repeat(MAX_TEXT + 10))).toHaveLength(MAX_TEXT);
    expect(sanitize('a'.repeat(MAX_TEXT - 1) + '🎉')).toBe('a'.repeat(MAX_TEXT - 1));
  });

  property('never throws and always gives a string, for any JSON value or toString trap', fc.property(fc.oneof(fc.jsonValue(), fc.constant({ toString: 1 }), fc.constant({ valueOf: 1, toString: {} }), fc.constant(Object.create(null))), (v) => {
    expect(typeof sanitize(v)).toBe('string');
  }));
});

describe('redact', () => {
  property('a key of 8 or more characters never survives, in any case', fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/), fc.string(), (a, secret, b) => {
    const out = redact(a + secret + b + secret.toLowerCase() + secret.toUpperCase(), secret).toLowerCase();
    expect(out).not.toContain(secret.toLowerCase());
  }));

  property('a short key never survives as a token of its own', fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{1,7}$/), fc.string(), (a, secret, b) => {
    expect(redact(`${a} ${secret} ${b}:${secret}`, secret).split(/[^A-Za-z0-9_-]/)).not.toContain(secret);
  }));

  property('a key split by characters some output removes is gone once they are', fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/), fc.array(fc.constantFrom('\u0000', '\u0007', '\u001b[0m', '\u009b', '\u200b', '\u202e', '\ufeff', '\ufffe', '\ud800'), { minLength: 1, maxLength: 3 }), fc.string(), (a, secret, junk, b) => {
    let split = secret;
    for (const [i, j] of junk.entries()) {
      const at = 1 + ((i * 7) % (split.length - 1));
      split = split.slice(0, at) + j + split.slice(at);
    }
    const out = redact(a + split + b, secret);
    // What a view shows of the redacted text, and what XML can hold of it, as a reader who skips what is invisible sees them:
    const shown = sanitize(out);
    const xml = out.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
    for (const text of [shown, xml]) expect(text.replace(/[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g, '').toLowerCase()).not.toContain(secret.toLowerCase());
  }));

  property('text that holds no secret keeps every character: line breaks, escapes, controls', fc.property(fc.string({ unit: 'binary' }), fc.constantFrom('k', 'n', 'status', 'sk-live-abcdef123456'), (text, secret) => {
    fc.pre(!text.toLowerCase().includes(secret.toLowerCase()));
    expect(redact(text, secret)).toBe(text);
  }));

  it.each([
    ['a short key in our own lines', 'k', 'link\n\u001b[31mlist\u001b[39m\r\n\tok\u0007'],
    ['a long one', 'sk-live-abcdef123456', 'sk-live\n-abcdef123456 \u001b[0m'],
  ])('%s: no secret once the invisible characters are out, so nothing is taken out', (_name, secret, text) => {
    expect(redact(text, secret)).toBe(text);
  });

  it.each([
    ['network unreachable', 'n', 'network unreachable'],
    ['key n rejected', 'n', 'key *** rejected'],
    ['Apikey n', 'n', 'Apikey ***'],
    ['https://abcdefgh12.example.com/', 'ABCDEFGH12', 'https://***.example.com/'],
    ['no secret here', '', 'no secret here'],
    ['a.b*c (x) a.b*c', 'a.b*c (x)', '*** a.b*c'],
  ])('%j without %j → %j', (text, secret, out) => expect(redact(text, secret)).toBe(out));

  it('a key as a URL carries it (percent-encoded, a key given as an ID in a --verbose request line) is caught too', () => {
    expect(redact('GET https://x/api/uploadposts/status?request_id=abc%2Bdef%2Fghi%3D123%26x 200', 'abc+def/ghi=123&x')).toBe('GET https://x/api/uploadposts/status?request_id=*** 200');
  });

  it('redactor: every secret a run holds', () => {
    expect(redactor(['first-secret', undefined, 'second-secret'])('first-secret and SECOND-SECRET')).toBe('*** and ***');
    expect(redactor([])('x')).toBe('x');
  });
});

describe('quote', () => {
  it.each([
    ['plain', '"plain"'],
    ['bidi\u202eevil', '"bidi\\u202eevil"'],
    ['c1\u009b31m', '"c1\\u009b31m"'],
    ['nl\nx', '"nl\\nx"'],
    ['x'.repeat(100), `"${'x'.repeat(80)}…"`],
  ])('%j → %s', (input, out) => expect(quote(input)).toBe(out));
});

describe('sanitize and CI runners', () => {
  it('a legacy `##[command]` is never left whole', () => {
    expect(sanitize('x ##[set-output name=status;]completed ##[')).toBe('x #\u200b#[set-output name=status;]completed #\u200b#[');
  });
  property('no `##[` survives', fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('#', '##', '[', '##[', '\u001b')), { maxLength: 12 }).map((p) => p.join('')), (s) => {
    expect(sanitize(s)).not.toContain('##[');
  }));
});
