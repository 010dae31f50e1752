import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { postLink, safeLink } from '../../src/api/links.js';

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

describe('postLink', () => {
  it('post_url first, else url, whichever is a link', () => {
    expect(postLink({ post_url: 'https://a.com/1', url: 'https://b.com/2' })).toBe('https://a.com/1');
    expect(postLink({ post_url: 'pending', url: 'https://b.com/2' })).toBe('https://b.com/2');
    expect(postLink({ url: 'javascript:x' })).toBeUndefined();
  });
});

describe('safeLink: nothing in a link can act in a shell', () => {
  it.each([
    ["https://x.com/a'$(touch+pwned)'", 'https://x.com/a%27%24(touch+pwned)%27'],
    ['https://x.com/p?q="`id`"', 'https://x.com/p?q=%22%60id%60%22'],
    ['https://x.com/p#a\\b$HOME', 'https://x.com/p#a%5Cb%24HOME'],
    ["https://x.com/p#'", 'https://x.com/p#%27'],
    ['https://x.com/it\u2019s', 'https://x.com/it%E2%80%99s'],
  ])('%s → %s', (input, out) => expect(safeLink(input)).toBe(out));

  it("no link holds ' \" ` $ or \\, wherever the server puts them", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab/?#=&%\'"`$\\()[];|'.split('')), maxLength: 40 }), (tail) => {
        const link = safeLink(`https://x.com/${tail}`);
        if (link !== undefined) expect(link).not.toMatch(/['"`$\\[\]]/);
      }),
    );
  });

  it('pasted into a bash script inside single or double quotes, a link is one word and runs nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'links-shell-'));
    try {
      const bait = `https://x.com/a'$(touch ${dir}/one)'"\`touch ${dir}/two\`"\\';touch ${dir}/three;'`;
      const link = safeLink(bait.replaceAll(' ', '+'))!;
      expect(link).toBeDefined();
      // What a workflow does with `${{ outputs }}` inside `run:`: the text becomes part of the script.
      for (const script of [`printf '%s\\n' '${link}'`, `printf '%s\\n' "${link}"`]) {
        const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
        expect(r.stdout).toBe(`${link}\n`);
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
