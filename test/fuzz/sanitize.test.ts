// The sanitiser: no server string can reach a terminal with control power.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact, sanitize } from '../../src/util/sanitize.js';
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
  ])('%j → %j', (input, out) => expect(sanitize(input)).toBe(out));
});

describe('redact', () => {
  property('the secret never survives', fc.property(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{4,40}$/), fc.string(), (a, secret, b) => {
    expect(redact(a + secret + b + secret, secret)).not.toContain(secret);
  }));
});
