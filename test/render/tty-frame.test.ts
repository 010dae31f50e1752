import { stripVTControlCharacters as strip } from 'node:util';
import { describe, expect, test } from 'vitest';
import { readUpload, type UploadFacts } from '../../src/api/facts.js';
import { type UploadId } from '../../src/api/types.js';
import { makeTheme } from '../../src/render/color-theme.js';
import { buildFrame, nextCheck, SPINNER_COLUMNS, type FrameSpec, type IdView } from '../../src/render/tty-frame.js';
import { clipLine, fit, visibleWidth } from '../../src/util/text-width.js';
import { localTime } from '../../src/util/local-time.js';

const T0 = Date.parse('2026-01-01T14:00:00Z');
const plain = makeTheme(0);
const color = makeTheme(3);
const id = (s: string): UploadId => ({ kind: 'request', id: s });

function body(status: string, results: [string, string, string?][], completed?: number): UploadFacts {
  return readUpload({
    status,
    completed: completed ?? results.filter((r) => r[1] === 'completed').length,
    total: results.length,
    results: results.map(([platform, s, message]) => ({
      platform,
      status: s,
      ...(s === 'completed' ? { success: true } : s === 'failed' ? { success: false } : {}),
      message: message ?? '',
      upload_timestamp: '2026-01-01T14:00:05Z',
    })),
  });
}

function spec(views: IdView[], over: Partial<FrameSpec> = {}): FrameSpec {
  return { views, startedAt: T0, now: T0 + 12_300, columns: 100, rows: 24, watch: true, theme: plain, ...over };
}

/** Every line fits: the first leaves room for ora's spinner glyph and space. */
function expectFits(lines: string[], columns: number): void {
  lines.forEach((l, i) => expect(visibleWidth(l) + (i === 0 ? SPINNER_COLUMNS : 0), `line ${i}: ${strip(l)}`).toBeLessThanOrEqual(columns - 1));
}

const busy = body('in_progress', [
  ['x', 'completed', 'Published'],
  ['linkedin', 'processing', 'Uploading video'],
  ['tiktok', 'queued'],
]);

describe('one ID', () => {
  test('its line holds ID, status, counts, elapsed time and the countdown; its table follows', () => {
    const lines = buildFrame(spec([{ upload: id('ok-abc'), facts: busy, nextCheckAt: T0 + 16_000 }]));
    expect(lines[0]).toBe('ok-abc  in_progress 1/3 · 12s elapsed · next check in 4s');
    const table = lines.slice(1).join('\n');
    expect(table).toMatch(/│ platform +│ state +│ message +│ time \(UTC\) +│/);
    expect(table).toMatch(/│ x +│ ✔ published +│ Published — link not yet known +│ 14:00:05 +│/);
    expect(table).toMatch(/│ linkedin +│ … processing +│ Uploading video +│/);
    expect(lines).toHaveLength(1 + 3 + 3); // the line; top, head, bottom; three platforms
  });

  test('before the first answer: waiting, no table', () => {
    expect(buildFrame(spec([{ upload: id('ok-abc') }]))).toEqual(['ok-abc  waiting – · 12s elapsed · checking…']);
  });

  test('a final ID shows how long it took instead of a countdown', () => {
    const done = body('completed', [['x', 'completed', 'Published']]);
    const lines = buildFrame(spec([{ upload: id('ok-abc'), facts: done, outcome: 'completed', endedAt: T0 + 8_900 }]));
    expect(lines[0]).toBe('ok-abc  completed 1/1 · done in 8s');
  });

  test('a final body with a failed platform reads "failed", like the final view', () => {
    const partial = body('completed', [['x', 'completed', 'Published'], ['tiktok', 'failed', 'Video rejected']]);
    const lines = buildFrame(spec([{ upload: id('partial-abc'), facts: partial, outcome: 'failed', endedAt: T0 + 5_000 }]));
    expect(lines[0]).toBe('partial-abc  failed 1/2 · done in 5s');
    expect(lines.join('\n')).toMatch(/│ tiktok +│ ✖ failed +│ Video rejected +│/);
  });

  test('status is coloured when the theme has colour, and plain at level 0', () => {
    const v = [{ upload: id('ok-abc'), facts: busy, nextCheckAt: T0 + 16_000 }];
    expect(buildFrame(spec(v, { theme: color }))[0]).toContain('\u001b[36min_progress\u001b[39m');
    expect(buildFrame(spec(v)).join('\n')).not.toContain('\u001b');
  });
});

describe('countdown', () => {
  test.each([
    ['a check due in 3.2 s', { nextCheckAt: T0 + 3_200 }, true, 'next check in 4s'],
    ['a check due now', { nextCheckAt: T0 }, true, 'checking…'],
    ['no check scheduled yet', {}, true, 'checking…'],
    ['a minute and a half away', { nextCheckAt: T0 + 90_000 }, true, 'next check in 1m30s'],
    ['rate limited', { nextCheckAt: T0 + 8_100, throttled: true }, true, `throttled until ${localTime(T0 + 8_100)} · next check in 9s`],
    ['a fault being retried', { nextCheckAt: T0 + 2_000, note: 'HTTP 503' }, true, 'HTTP 503 · retrying in 2s'],
    ['a hostile note', { nextCheckAt: T0 + 2_000, note: 'x\u001b[2Jy' }, true, 'xy · retrying in 2s'],
    ['one-shot (no --watch)', { nextCheckAt: T0 + 2_000 }, false, 'checking…'],
  ])('%s', (_name, v, watch, text) => {
    expect(nextCheck(v, T0, watch, plain)).toBe(text);
  });
});

describe('several IDs', () => {
  test('up to five: a header line, then each ID with its symbol and table', () => {
    const views: IdView[] = [
      { upload: id('ok-a'), facts: body('completed', [['x', 'completed']]), outcome: 'completed', endedAt: T0 + 5_000 },
      { upload: id('fail-b'), facts: body('failed', [['x', 'failed', 'Token expired']]), outcome: 'failed', endedAt: T0 + 6_000 },
      { upload: id('retry-c'), facts: body('in_progress', [['x', 'retryable', 'Rate limited by X']]), nextCheckAt: T0 + 14_000 },
    ];
    const lines = buildFrame(spec(views));
    expect(lines[0]).toBe('3 uploads · 2/3 final (1 completed, 1 failed) · 12s elapsed · next check in 2s');
    expect(lines).toContain('✔ ok-a  completed 1/1 · done in 5s');
    expect(lines).toContain('✖ fail-b  failed 0/1 · done in 6s');
    expect(lines).toContain('↻ retry-c  in_progress 0/1 · 12s elapsed · next check in 2s');
    expect(lines.filter((l) => l.includes('│ platform'))).toHaveLength(3);
  });

  test('thirty IDs: compact rows, not final first, then failed, capped to rows − 1 with "… and N more"', () => {
    const views: IdView[] = Array.from({ length: 30 }, (_, i) => {
      const upload = id(`id-${String(i).padStart(2, '0')}`);
      if (i % 3 === 0) return { upload, facts: body('completed', [['x', 'completed']]), outcome: 'completed', endedAt: T0 };
      if ([2, 13, 26].includes(i)) return { upload, facts: body('failed', [['x', 'failed']]), outcome: 'failed', endedAt: T0 };
      return { upload, facts: body('processing', [['x', 'processing']]), nextCheckAt: T0 + 15_000 };
    });
    const lines = buildFrame(spec(views));
    expect(lines).toHaveLength(23);
    expect(lines[0]).toBe('30 uploads · 13/30 final (10 completed, 3 failed) · 12s elapsed · next check in 3s');
    const rows = lines.slice(1, -1);
    // 17 still watched come first, then the 3 failed, then completed ones as room allows.
    expect(rows.slice(0, 17).every((l) => l.startsWith('… ') && l.includes('processing'))).toBe(true);
    expect(rows.slice(17, 20).every((l) => l.startsWith('✖ ') && l.includes('failed'))).toBe(true);
    expect(rows.slice(20).every((l) => l.startsWith('✔ '))).toBe(true);
    expect(lines.at(-1)).toBe('… and 9 more (9 completed)');
    expectFits(lines, 100);
  });

  test.each([24, 10, 3, 2, 1])('a terminal of %i rows never gets more than rows − 1 lines', (rows) => {
    const views: IdView[] = Array.from({ length: 30 }, (_, i) => ({ upload: id(`id-${i}`), facts: busy, nextCheckAt: T0 + 15_000 }));
    const lines = buildFrame(spec(views, { rows }));
    expect(lines.length).toBeLessThanOrEqual(Math.max(1, rows - 1));
    expect(lines[0]).toContain('30 uploads');
  });

  test('a detailed frame taller than the screen falls back to the compact one', () => {
    const many = body('processing', Array.from({ length: 30 }, (_, i) => [`platform${i}`, 'processing'] as [string, string]));
    const lines = buildFrame(spec([{ upload: id('ok-big'), facts: many, nextCheckAt: T0 + 15_000 }]));
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.join('\n')).not.toContain('│ platform');
    expect(lines[1]).toMatch(/^… ok-big +processing 0\/30 {2}platform0 … · platform1 …/);
    expectFits(lines, 100);
  });
});

describe('width', () => {
  const long = 'x'.repeat(300);
  const wide = '視頻已上傳到平台，等待審核。'.repeat(10);
  const views: IdView[] = [
    { upload: id('ok-' + 'a'.repeat(120)), facts: body('in_progress', [['x', 'completed', long], ['instagram', 'processing', wide], ['tiktok', 'failed', '🎬'.repeat(80)]]), nextCheckAt: T0 + 4_000, note: 'HTTP 503 ' + long },
    { upload: id('ok-b'), facts: busy, nextCheckAt: T0 + 4_000 },
  ];
  test.each([100, 80, 60, 40, 24])('no line is wider than %i columns (colour on)', (columns) => {
    expectFits(buildFrame(spec(views, { columns, theme: color })), columns);
    expectFits(buildFrame(spec(views, { columns, rows: 6, theme: color })), columns);
  });
});

describe('hostile server text', () => {
  test('escapes, bells, C1 controls and bidi overrides never reach the frame', () => {
    const evil = '\u001b]0;pwned\u0007 \u001b[2J \u0007 \u009b31m \u202eexe.gnp';
    const b = body('in_progress', [[`x${evil}`, 'completed', `Published ${evil}`]]);
    b.status = `in_progress${evil}`;
    for (const theme of [plain, color]) {
      const text = buildFrame(spec([{ upload: id(`ok-${evil}`), facts: b, nextCheckAt: T0 + 4_000, note: evil }], { theme })).join('\n');
      const withoutOurColours = text.replace(/\u001b\[[0-9;]*m/g, '');
      expect(withoutOurColours).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text).not.toContain('pwned');
    }
  });
});

describe('tty-width', () => {
  test.each([
    ['plain', 'hello', 5],
    ['styled', '\u001b[1mhello\u001b[22m', 5],
    ['wide CJK', '視頻', 4],
    ['emoji', '🎬x', 3],
    ['combining mark', 'e\u0301', 1],
  ])('visibleWidth: %s', (_n, s, w) => expect(visibleWidth(s)).toBe(w));

  test('fit and clipLine cut with an ellipsis and keep closing escapes', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('視頻視頻', 5)).toBe('視頻…');
    expect(clipLine('\u001b[31mabcdef\u001b[39m', 4)).toBe('\u001b[31mabc…\u001b[39m');
    expect(clipLine('abc', 3)).toBe('abc');
  });
});

describe('a frame costs the same for 30 IDs or 300,000', () => {
  /** Views whose bodies count how often a frame reads them. */
  function counted(n: number) {
    const reads = { bodies: 0 };
    const b = body('processing', [['x', 'processing', 'working']]);
    const views: IdView[] = Array.from({ length: n }, (_, i) => {
      const v: IdView = { upload: id(`id-${i}`), nextCheckAt: T0 + 15_000 + i };
      Object.defineProperty(v, 'facts', { get: () => (reads.bodies++, b), enumerable: true });
      return v;
    });
    return { views, reads };
  }

  test.each([30, 5_000, 300_000])('%i IDs: only the visible rows are built, no call takes them all as arguments', (n) => {
    const { views, reads } = counted(n);
    const lines = buildFrame(spec(views, { rows: 24 }));
    expect(lines.length).toBeLessThanOrEqual(23);
    // Each shown row reads its body a few times; the others, never.
    expect(reads.bodies).toBeLessThan(23 * 6);
    expect(lines[0]).toBe(`${n} uploads · 0/${n} final · 12s elapsed · next check in 3s`);
    if (n > 22) expect(lines.at(-1)).toBe(`… and ${n - 21} more (${n - 21} watching)`);
  });

  test('a body of 20,000 platforms: the detailed frame is never built, the compact one names a few', () => {
    const huge = body('processing', Array.from({ length: 20_000 }, (_, i) => [`p${i}`, 'processing'] as [string, string]));
    const lines = buildFrame(spec([{ upload: id('ok-huge'), facts: huge, nextCheckAt: T0 + 15_000 }]));
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines[1]).toMatch(/^… ok-huge +processing 0\/20000 {2}p0 … · p1 …/);
  });
});

describe('a scheduled post in the live view', () => {
  test('"scheduled · due in 2h 14m", counting down, with the next check', () => {
    const pending = body('pending', []);
    const v: IdView = { upload: { kind: 'job', id: 'sched' }, facts: pending, dueAt: T0 + 12_300 + (2 * 60 + 14) * 60_000 + 30_000, nextCheckAt: T0 + 12_300 + 4 * 60_000 + 10_000 };
    expect(buildFrame(spec([v]))[0]).toBe('job sched  pending 0/0 · scheduled · due in 2h 14m · next check in 4m10s');
    const later = buildFrame(spec([v], { now: T0 + 12_300 + 60 * 60_000 }))[0];
    expect(later).toMatch(/scheduled · due in 1h 14m · /);
  });

  test('in the compact rows of a batch too', () => {
    const views: IdView[] = Array.from({ length: 8 }, (_, i) => ({ upload: id(`j${i}`), facts: body('pending', []), dueAt: T0 + 3_600_000, nextCheckAt: T0 + 300_000 }));
    expect(buildFrame(spec(views))[1]).toMatch(/^… j0 +pending +0\/0 · scheduled · due in 59m 47s$/);
  });
});
