// The Markdown report as GitHub renders it (micromark + GFM, and GitHub's
// later autolinking): every table row keeps its columns, and server text
// becomes neither HTML nor markup nor a link; the only links are ours.
import fc from 'fast-check';
import { withFacts } from '../helpers/facts.js';
import { describe, expect, it } from 'vitest';
import { type Outcome } from '../../src/poll/outcome.js';
import { markdownReport, mdText, withinBytes } from '../../src/report/markdown.js';
import { hazards, NO_HAZARDS, tableRows } from '../helpers/markdown.js';
import { property } from '../helpers/fuzz.js';

const o = (id: string, kind: Outcome['kind'], results: object[] = [], extra: Partial<Outcome> = {}): Outcome =>
  withFacts({
    kind,
    upload: { kind: 'request', id },
    body: { request_id: id, status: kind === 'failed' || kind === 'completed' ? 'completed' : 'processing', results } as never,
    ...extra,
  });
const report = (outcomes: Outcome[], exitCode = 1) => markdownReport({ outcomes, exitCode, startedAt: 0, endedAt: 1, startedWall: 0 });

const HOSTILE = [
  'a | b',
  'a \\| b',
  'line\nbreak',
  'a `b` ``c``',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '![x](https://evil.example/p.png)',
  'https://evil.example/path',
  'www.evil.example',
  'user@evil.example',
  '**bold** _it_ # head',
  '\u001b]8;;https://evil\u0007link\u001b]8;;\u0007',
];

/** Every table's rows have as many cells as its head. */
function expectWholeRows(md: string): void {
  const rows = tableRows(md);
  expect(rows.length).toBeGreaterThan(0);
  let width = 0;
  for (const row of rows) {
    if (row[0] === 'platform' || row[0] === 'upload') width = row.length;
    expect(row, JSON.stringify(row)).toHaveLength(width);
  }
}

describe('mdText', () => {
  it.each(HOSTILE)('%j: no HTML, link or image, and the text kept', (s) => {
    const md = `| a | b |\n| --- | --- |\n| ${mdText(s)} | x |\n`;
    expect(hazards(md)).toEqual(NO_HAZARDS);
    expect(tableRows(md)[1]).toHaveLength(2);
  });

  property('any text: one cell, no hazard', fc.property(fc.string(), (s) => {
    const md = `| a | b |\n| --- | --- |\n| ${mdText(s)} | x |\n`;
    expect(hazards(md)).toEqual(NO_HAZARDS);
    expect(tableRows(md)[1]).toHaveLength(2);
  }), 200);
});

describe('markdownReport', () => {
  const hostile = o('evil|id', 'failed', [
    ...HOSTILE.map((s, i) => ({ platform: `${s}${i}`, success: false, error_message: s })),
    { platform: 'x', success: true, post_url: 'https://x.com/u/status/1?a=|b&c=(d)' },
    { platform: 'youtube', success: true, post_url: 'javascript:alert(1)' },
    { platform: 'tiktok', success: false, skipped: true, message: 'No account connected for tiktok' },
  ]);

  it('hostile server text: whole rows, and the only link is ours, to the validated URL', () => {
    const md = report([hostile]);
    expectWholeRows(md);
    expect(hazards(md)).toEqual({ html: [], links: ['https://x.com/u/status/1?a=%7Cb&c=%28d%29'], images: [] });
    expect(md).toContain('⏭️ skipped');
  });

  it('a few uploads: a table each, with links and reasons, then the next steps', () => {
    const md = report([
      o('ok-1', 'completed', [{ platform: 'x', success: true, post_url: 'https://x.com/u/status/1' }]),
      o('part-2', 'failed', [
        { platform: 'youtube', success: true, post_url: 'https://www.youtube.com/watch?v=abc' },
        { platform: 'tiktok', success: false, error_message: 'Video too long' },
      ]),
    ]);
    expect(md.split('\n')[0]).toBe('### ❌ Upload-Post · 2 uploads: 1 completed, 1 failed');
    expect(tableRows(md)).toEqual([
      ['platform', 'result', 'link or reason'],
      ['x', '✅ published', 'x.com/u/status/1'],
      ['platform', 'result', 'link or reason'],
      ['youtube', '✅ published', 'www.youtube.com/watch'],
      ['tiktok', '❌ failed', 'Video too long'],
    ]);
    expect(md).toContain("- `part-2`: already published on `youtube` — don't re-run for those; retry only `tiktok`");
    expect(hazards(md).links).toEqual(['https://x.com/u/status/1', 'https://www.youtube.com/watch?v=abc']);
  });

  it('many uploads: one compact table, detail for the failed ones only', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      i === 4 ? o('bad', 'failed', [{ platform: 'x', success: false, error_message: 'nope' }]) : o(`ok-${i}`, 'completed', [{ platform: 'x', success: true }]),
    );
    const md = report(many);
    const rows = tableRows(md);
    expect(rows[0]).toEqual(['upload', 'result', 'published on', 'failed on']);
    expect(rows.filter((r) => r[0] === 'platform')).toHaveLength(1); // one detail table
    expect(rows).toContainEqual(['bad', '✖ failed', '', 'x']);
    expectWholeRows(md);
  });

  it('an IPv6 host stays a URL: brackets are not encoded in the link destination', () => {
    const md = report([o('v6', 'failed', [{ platform: 'x', success: true, post_url: 'http://[2001:db8::1]/p/1' }, { platform: 'y', success: false }])]);
    const dest = /\]\((http[^)]+)\)/.exec(md)?.[1];
    expect(dest).toBe('http://[2001:db8::1]/p/1');
    expect(new URL(dest!).hostname).toBe('[2001:db8::1]');
  });

  it('bounded: a thousand failed uploads of 300 platforms stay far under the 1 MiB a step summary may hold', () => {
    const long = 'why '.repeat(400);
    const many = Array.from({ length: 1000 }, (_, i) => o(`f${i}`, 'failed', Array.from({ length: 300 }, (_, j) => ({ platform: `p${j}`, success: false, error_message: long }))));
    const md = report(many);
    expect(Buffer.byteLength(md)).toBeLessThan(512 * 1024);
    expectWholeRows(md);
  });
});

describe('withinBytes', () => {
  it('a report that fits is left as it is', () => {
    expect(withinBytes('a\nb\n', 100)).toBe('a\nb\n');
  });

  it('cut at the end of the last whole line that fits (counting UTF-8 bytes), with a line saying so', () => {
    const text = Array.from({ length: 200 }, (_, i) => `| €€€ row ${i} |`).join('\n') + '\n';
    const cut = withinBytes(text, 2048);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2048);
    const lines = cut.split('\n');
    expect(lines.at(-2)).toBe('_The report was cut here to stay under 2 KiB; `--json` and `--junit` have every result._');
    for (const line of lines.slice(0, -3)) expect(line).toMatch(/^\| €€€ row \d+ \|$/);
  });
});
