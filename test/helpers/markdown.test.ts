// How to put hostile text in a GFM table cell so that GitHub renders no HTML,
// no link and no image from it, measured by parsing rather than asserted from
// memory. "Parse-time" is micromark's output (cmark-gfm's algorithm); "GitHub
// pass" is the transform-time autolink pass that github.com also runs on text
// (mdast-util-gfm-autolink-literal). The recommendation is codeCell, below.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gfmTree, hazards, NO_HAZARDS, renderGfm, tableRows } from './markdown.js';

/** (a) Backslash before every ASCII punctuation character. */
const backslashAll = (s: string): string => s.replace(/[!-/:-@[-`{-~]/g, '\\$&');

/** (b) One code span, fenced with one backtick more than the longest run inside. */
function codeSpan(s: string): string {
  if (s === '') return '';
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '')
      ? ' '
      : '';
  return fence + pad + s + pad + fence;
}

/** (c) HTML entities for < > & only. */
const entities = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The recommendation: line endings become spaces, the text is cut at each
 * `|`, every piece goes in its own code span, and the pipes go between the
 * spans as `\|`. No pipe is ever inside a code span, because GFM splits cells
 * before it parses code, and inside a code span `\|` can only be written,
 * never a backslash followed by a pipe (see the last test of the first block).
 */
export function codeCell(s: string): string {
  return s
    .replace(/\r\n|\r|\n/g, ' ')
    .split('|')
    .map(codeSpan)
    .join('\\|');
}

const APPROACHES = {
  raw: (s: string) => s,
  backslash: backslashAll,
  codeSpan,
  entities,
  codeCell,
} as const;
type Approach = keyof typeof APPROACHES;

/** A two-column table whose first body cell holds `cell`. */
const table = (cell: string): string => `| value | next |\n| --- | --- |\n| ${cell} | end |\n`;

/**
 * What one approach does to one input, in a few words:
 *  text      the cell reads exactly as the input (else "text≠")
 *  row       the row still has its 2 cells and the table its 2 rows (else "row✗")
 *  html      raw HTML in the tree, or <script/<iframe in the rendered HTML
 *  link/img  a link or image at parse time (micromark's HTML output)
 *  link(gh)  a link only GitHub's transform-time pass would add
 */
function measure(approach: Approach, input: string): string {
  const md = table(APPROACHES[approach](input));
  const rows = tableRows(md);
  const flags: string[] = [];
  if (rows.length !== 2 || rows.some((r) => r.length !== 2) || rows[1]?.[1] !== 'end') flags.push('row✗');
  else if (rows[1]?.[0] !== input) flags.push('text≠');
  const html = renderGfm(md);
  const h = hazards(md);
  if (h.html.length > 0 || /<(script|iframe)\b/i.test(html)) flags.push('html');
  const parseTimeLinks = (html.match(/<a\b/g) ?? []).length;
  if (parseTimeLinks > 0) flags.push('link');
  else if (h.links.length > 0) flags.push('link(gh)');
  if (/<img\b[^>]*\balt=/.test(html)) flags.push('img');
  return flags.length === 0 ? 'ok' : flags.join(' ');
}

const HOSTILE = {
  pipe: 'a | b',
  escapedPipe: 'a \\| b',
  newline: 'line1\nline2',
  backticks: 'a `b` ``c``',
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  jsLink: '[click](javascript:alert(1))',
  image: '![x](https://evil/)',
  url: 'https://evil.example/path',
  www: 'www.evil.example',
  email: 'user@evil.example',
  entityRef: '&lt;b&gt; &#106;avascript',
} as const;

describe('neutralising hostile text in a table cell (measured)', () => {
  it('gives this matrix', () => {
    const matrix: Record<string, Record<Approach, string>> = {};
    for (const [name, input] of Object.entries(HOSTILE)) {
      matrix[name] = Object.fromEntries(
        (Object.keys(APPROACHES) as Approach[]).map((a) => [a, measure(a, input)]),
      ) as Record<Approach, string>;
    }
    expect(matrix).toEqual({
      //            raw                 backslash    codeSpan          entities            codeCell
      pipe:        { raw: 'row✗',        backslash: 'ok',       codeSpan: 'row✗',  entities: 'row✗',       codeCell: 'ok' },
      escapedPipe: { raw: 'text≠',       backslash: 'ok',       codeSpan: 'text≠', entities: 'text≠',      codeCell: 'ok' },
      newline:     { raw: 'row✗',        backslash: 'row✗',     codeSpan: 'row✗',  entities: 'row✗',       codeCell: 'text≠' },
      backticks:   { raw: 'text≠',       backslash: 'ok',       codeSpan: 'ok',    entities: 'text≠',      codeCell: 'ok' },
      script:      { raw: 'html',        backslash: 'ok',       codeSpan: 'ok',    entities: 'ok',         codeCell: 'ok' },
      img:         { raw: 'html',        backslash: 'ok',       codeSpan: 'ok',    entities: 'ok',         codeCell: 'ok' },
      jsLink:      { raw: 'text≠ link',  backslash: 'ok',       codeSpan: 'ok',    entities: 'text≠ link', codeCell: 'ok' },
      image:       { raw: 'text≠ img',   backslash: 'ok',       codeSpan: 'ok',    entities: 'text≠ img',  codeCell: 'ok' },
      url:         { raw: 'link',        backslash: 'link(gh)', codeSpan: 'ok',    entities: 'link',       codeCell: 'ok' },
      www:         { raw: 'link',        backslash: 'link(gh)', codeSpan: 'ok',    entities: 'link',       codeCell: 'ok' },
      email:       { raw: 'link',        backslash: 'link(gh)', codeSpan: 'ok',    entities: 'link',       codeCell: 'ok' },
      entityRef:   { raw: 'text≠',       backslash: 'ok',       codeSpan: 'ok',    entities: 'ok',         codeCell: 'ok' },
    });
  });

  it('backslash escapes stop micromark’s parse-time autolinks, not GitHub’s transform-time pass', () => {
    for (const input of [HOSTILE.url, HOSTILE.www, HOSTILE.email]) {
      const md = table(backslashAll(input));
      expect(renderGfm(md)).not.toContain('<a');
      expect(hazards(md).links).toHaveLength(1);
    }
    expect(hazards(table(backslashAll(HOSTILE.email))).links).toEqual(['mailto:user@evil.example']);
    expect(hazards(table(backslashAll(HOSTILE.www))).links).toEqual(['http://www.evil.example']);
  });

  it('a code span is never autolinked, by either pass, and shows < > & literally', () => {
    const md = table(codeCell('see https://evil.example/x, www.evil.example, user@evil.example <b>&amp;'));
    expect(hazards(md)).toEqual(NO_HAZARDS);
    expect(renderGfm(md)).toContain(
      '<td><code>see https://evil.example/x, www.evil.example, user@evil.example &lt;b&gt;&amp;amp;</code></td>',
    );
  });

  it('entity-encoding <>& stops HTML only: links, images and autolinks survive', () => {
    expect(hazards(table(entities(HOSTILE.jsLink))).links).toEqual(['javascript:alert(1)']);
    expect(hazards(table(entities(HOSTILE.image))).images).toEqual(['https://evil/']);
    expect(renderGfm(table(entities(HOSTILE.img)))).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('inside a code span in a table, a backslash right before a pipe cannot be written', () => {
    // `\|` inside code renders as `|`; `\\|` ends the cell; `\\\|` keeps it but shows `\\|`.
    expect(tableRows(table('`a\\|b`'))[1]).toEqual(['a|b', 'end']);
    expect(tableRows(table('`a\\\\|b`'))[1]).toEqual(['`a\\', 'b`', 'end']);
    expect(tableRows(table('`a\\\\\\|b`'))[1]).toEqual(['a\\\\|b', 'end']);
    // codeCell keeps every pipe outside the spans, so the text survives as is.
    expect(codeCell('a\\|b')).toBe('`a\\`\\|`b`');
    expect(tableRows(table(codeCell('a\\|b')))[1]).toEqual(['a\\|b', 'end']);
  });
});

describe('codeCell, for any text', () => {
  const fragment = fc.constantFrom(
    '|', '\\', '\\|', '`', '``', '\n', '\r\n', '\r', ' ', '<script>', '<img src=x onerror=1>', '&amp;',
    '&#106;', '[a](javascript:1)', '![x](https://e/)', 'https://e.example/p', 'www.e.example', 'u@e.example',
    '<https://e.example>', '*', '_', '~~', '[^1]', '- [ ]', '#', '> ', '---', '\u0000', '\t',
  );
  const text = fc
    .array(fc.oneof(fragment, fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 12 })
    .map((parts) => parts.join(''));

  it('keeps the row, reads as the input (line endings as spaces) and yields no HTML, link or image', () => {
    fc.assert(
      fc.property(text, (s) => {
        const md = table(codeCell(s));
        const rows = tableRows(md);
        expect(rows).toHaveLength(2);
        expect(rows[1]).toEqual([s.replace(/\r\n|\r|\n/g, ' ').replace(/\u0000/g, '\uFFFD'), 'end']);
        expect(hazards(md)).toEqual(NO_HAZARDS);
      }),
      { numRuns: 400 },
    );
  });
});

describe('tableRows', () => {
  it('returns the cells as written, before GFM pads or drops any, so a broken row shows', () => {
    const md = '| a | b |\n| - | - |\n| x \\| y | `z` |\n| 1 | 2 | 3 |\n| only |\n| p\nq | r |\n';
    expect(tableRows(md)).toEqual([
      ['a', 'b'],
      ['x | y', 'z'],
      ['1', '2', '3'], // one cell too many (HTML output drops it)
      ['only'], // one too few (HTML output pads it)
      ['p'], // a line ending ends the row…
      ['q', 'r'], // …and the rest is a new one
    ]);
  });

  it('renderGfm shows what got through before sanitising; tagfilter still neuters <script>', () => {
    expect(renderGfm('x <img src=x onerror=alert(1)> y')).toContain('<img src=x onerror=alert(1)>');
    expect(renderGfm('<script>alert(1)</script>')).toContain('&lt;script>');
    expect(gfmTree('user@evil.example').children[0]).toMatchObject({
      type: 'paragraph',
      children: [{ type: 'link', url: 'mailto:user@evil.example' }],
    });
  });
});
