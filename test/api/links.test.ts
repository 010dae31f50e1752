import { describe, expect, it } from 'vitest';
import { failureReason, postLink, safeLink } from '../../src/api/links.js';
import { platformState } from '../../src/api/platform-states.js';

describe('safeLink: only an absolute http(s) URL we rebuilt', () => {
  it.each([
    ['https://x.com/uploadpostdemo/status/1', 'https://x.com/uploadpostdemo/status/1'],
    ['http://example.com', 'http://example.com/'],
    ['https://www.youtube.com/watch?v=abc&t=1', 'https://www.youtube.com/watch?v=abc&t=1'],
    ['HTTPS://X.COM/a', 'https://x.com/a'],
    // `##[` is a command to the GitHub Actions runner anywhere in a log line: brackets past the host are encoded
    ['https://x.com/p#x##[add-mask]secret', 'https://x.com/p#x##%5Badd-mask%5Dsecret'],
    ['https://x.com/a[1]?q=[2]#[3]', 'https://x.com/a%5B1%5D?q=%5B2%5D#%5B3%5D'],
    ['http://[2001:db8::1]/p/1', 'http://[2001:db8::1]/p/1'],
    ['http://[2001:db8::1]:8080/p#a##[b', 'http://[2001:db8::1]:8080/p#a##%5Bb'],
  ])('%s → %s', (input, out) => expect(safeLink(input)).toBe(out));

  it('a link is never a runner command, wherever the server puts `##[`', () => {
    for (const bad of ['https://x.com/##[error]x', 'https://x.com/?##[error]', 'https://x.com/#a##[group]b', 'https://x.com/%23%23[x']) {
      const link = safeLink(bad);
      expect(link).toBeDefined();
      expect(link).not.toContain('##[');
      expect(link).not.toMatch(/\[|\]/);
    }
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<script>x</script>'],
    ['ftp://x.com/a'],
    ['/relative/path'],
    ['x.com/no-scheme'],
    ['https://user:pass@x.com/'],
    ['https://x.com/a\u001b]8;;evil\u0007'],
    ['https://x.com/\u202egnp'],
    ['https://x.com/a b'],
    ['https://x.com/a\nb'],
    ['https://' + 'a'.repeat(2050) + '.com'],
    [''],
    [42],
    [{ href: 'https://x.com' }],
  ])('%j is not a link', (input) => expect(safeLink(input)).toBeUndefined());
});

describe('postLink and failureReason', () => {
  it('post_url first, else url, whichever is a link', () => {
    expect(postLink({ post_url: 'https://a.com/1', url: 'https://b.com/2' })).toBe('https://a.com/1');
    expect(postLink({ post_url: 'pending', url: 'https://b.com/2' })).toBe('https://b.com/2');
    expect(postLink({ url: 'javascript:x' })).toBeUndefined();
  });

  it('error_message first, else message, else error', () => {
    expect(failureReason({ error_message: 'why', message: 'Failed' })).toBe('why');
    expect(failureReason({ message: 'Failed' })).toBe('Failed');
    expect(failureReason({ error: 'boom' })).toBe('boom');
    expect(failureReason({})).toBeUndefined();
  });

  it('skipped: true is its own state, whatever success says', () => {
    expect(platformState({ skipped: true, success: false })).toBe('skipped');
    expect(platformState({ skipped: true, status: 'failed' })).toBe('skipped');
    expect(platformState({ skipped: false, success: false })).toBe('failed');
  });
});
