import { describe, expect, it } from 'vitest';
import { readUpload } from '../../src/api/facts.js';
import { MAX_PLATFORM_ROWS, platformTable as tableOf } from '../../src/render/table.js';
import { finalView, MAX_BATCH_ROWS, MAX_FAILED_DETAIL } from '../../src/render/final.js';
import { bodySummary as summaryOf, SUMMARY_PLATFORMS } from '../../src/render/rows.js';
import { withFacts } from '../helpers/facts.js';
import { makeTheme } from '../../src/render/color-theme.js';
import { visibleWidth } from '../../src/util/text-width.js';
import { type StatusBody } from '../../src/api/types.js';

const plain = makeTheme(0);
const platformTable = (b: StatusBody, ...rest: Parameters<typeof tableOf> extends [unknown, ...infer R] ? R : never) => tableOf(readUpload(b), ...rest);
const bodySummary = (b: StatusBody, theme: typeof plain) => summaryOf(readUpload(b), theme);
const body = (message: string, platform = 'tiktok'): StatusBody => ({
  status: 'completed',
  results: [{ platform, success: true, status: 'completed', message, upload_timestamp: '2026-01-01T10:00:00Z' }],
});

describe('platformTable fits the width', () => {
  it.each([
    ['ascii', 'x'.repeat(300)],
    ['CJK', '動画は正常に公開されました'.repeat(10)],
    ['emoji', '🎉✅'.repeat(60)],
  ])('%s messages at 60 and 100 columns', (_n, msg) => {
    for (const width of [60, 100]) {
      const lines = platformTable(body(msg), plain, width).split('\n');
      for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(width);
    }
  });

  it('no escape codes at colour level 0, one row per platform, no rules between rows', () => {
    const t = platformTable({ status: 'completed', results: [{ platform: 'x', success: true }, { platform: 'linkedin', success: false, status: 'failed', message: 'nope' }] }, plain, 80);
    expect(t).not.toContain('\u001b');
    expect(t.split('\n')).toHaveLength(5); // top rule, head, 2 rows, bottom rule
    expect(t).toMatch(/│ linkedin │ ✖ failed/);
  });

  it('server text in a table is sanitised', () => {
    const t = platformTable(body('Pub\u001b]0;pwned\u0007lished\u001b[2J', 'x\u009b31m'), plain, 80);
    expect(t).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(t).toContain('Published');
  });
});

describe('finalView', () => {
  const o = (id: string, kind: 'completed' | 'failed', b?: StatusBody) => withFacts({ kind, upload: { kind: 'request' as const, id }, body: b });
  it('a few IDs: a line and a table each, then the summary', () => {
    const v = finalView([o('a', 'completed', body('ok')), o('b', 'failed', body('bad'))], plain);
    expect(v).toMatch(/^✔ a completed/);
    expect(v.trim().split('\n').at(-1)).toBe('2 uploads: 1 completed, 1 failed');
  });
  it('a batch: one compact table, detail only for failures', () => {
    const many = Array.from({ length: 8 }, (_, i) => o(`id${i}`, i === 3 ? 'failed' : 'completed', body(`m${i}`)));
    const v = finalView(many, plain, 80);
    expect(v).toMatch(/│ id\s+│ status\s+│ done/);
    expect(v.match(/│ platform │/g)).toHaveLength(1);
    expect(v).toContain('✖ id3 failed');
  });
});

describe('every view is bounded, however much the server sends', () => {
  const many = (n: number): StatusBody => ({ status: 'completed', results: Array.from({ length: n }, (_, i) => ({ platform: `p${i}`, success: true })) });
  const o = (id: string, kind: 'completed' | 'failed', b?: StatusBody) => withFacts({ kind, upload: { kind: 'request' as const, id }, body: b });

  it('a platform table shows MAX_PLATFORM_ROWS platforms and says how many more', () => {
    const lines = platformTable(many(300_000), plain, 80).split('\n');
    expect(lines).toHaveLength(MAX_PLATFORM_ROWS + 4);
    expect(lines.at(-1)).toBe('… and 299950 more platforms (--json has them all)');
  });

  it('the batch table shows MAX_BATCH_ROWS uploads, failures first, and says how many more', () => {
    const outcomes = Array.from({ length: 50_000 }, (_, i) => o(`id${i}`, i === 40_000 ? 'failed' : 'completed', many(1)));
    const text = finalView(outcomes, plain, 100);
    const lines = text.trim().split('\n');
    expect(lines.length).toBeLessThan(MAX_BATCH_ROWS + 20);
    expect(text).toMatch(/│ id40000 +│ completed/); // the failed one made the cut, first
    expect(text.indexOf('id40000')).toBeLessThan(text.indexOf('id0 '));
    expect(text).toContain(`… and ${50_000 - MAX_BATCH_ROWS + 1} more uploads`);
    expect(lines.at(-1)).toBe('50000 uploads: 49999 completed, 1 failed');
  });

  it('at most MAX_FAILED_DETAIL failed uploads get their own table', () => {
    const outcomes = Array.from({ length: 30 }, (_, i) => o(`f${i}`, 'failed', many(2)));
    const text = finalView(outcomes, plain, 100);
    expect(text.match(/│ platform │/g)).toHaveLength(MAX_FAILED_DETAIL);
    expect(text).toContain(`… and ${30 - MAX_FAILED_DETAIL} more failed uploads`);
  });

  it('a one-line summary names SUMMARY_PLATFORMS platforms, then "+N more"', () => {
    expect(bodySummary(many(100_000), plain)).toBe(`completed 100000/? · ${Array.from({ length: SUMMARY_PLATFORMS }, (_, i) => `p${i} ✔`).join(' · ')} · +99990 more`);
  });
});

describe('links on the platforms’ rows', () => {
  const withLinks: StatusBody = {
    status: 'completed',
    results: [
      { platform: 'x', success: true, post_url: `https://x.com/uploadpostdemo/status/${'1'.repeat(19)}` },
      { platform: 'tiktok', success: false, error_message: 'Video rejected: duration exceeds the platform limit' },
      { platform: 'youtube', success: true, post_url: 'javascript:alert(1)' },
    ],
  };
  const linked = makeTheme(0, { hyperlinks: true });

  it('a log (no width): the link column holds each URL whole, the reason on the failed row', () => {
    const t = platformTable(withLinks, plain);
    expect(t).toContain(`https://x.com/uploadpostdemo/status/${'1'.repeat(19)}`);
    expect(t).toMatch(/│ tiktok +│ ✖ failed +│ Video rejected: duration exceeds the platform limit │/);
    expect(t).not.toContain('javascript:');
  });

  it.each([
    [60, []],
    [80, [`https://x.com/uploadpostdemo/status/${'1'.repeat(19)}`]],
    [100, [`https://x.com/uploadpostdemo/status/${'1'.repeat(19)}`]],
    [160, [`https://x.com/uploadpostdemo/status/${'1'.repeat(19)}`]],
  ])('a %i-column terminal: every line fits, hyperlinks included, each target whole (too narrow: no link column)', (width, expected) => {
    const t = platformTable(withLinks, linked, width);
    for (const l of t.split('\n')) expect(visibleWidth(l)).toBeLessThanOrEqual(width);
    const targets = [...t.matchAll(/\u001b\]8;;([^\u001b]+)\u001b\\/g)].map((m) => m[1]);
    expect(targets).toEqual(expected);
  });

  it('a link cut to fit shows its host and path', () => {
    const t = platformTable(withLinks, plain, 96);
    expect(t).toMatch(/│ x\.com\/uploadpost… +│/); // the scheme and www. go first
  });
});
