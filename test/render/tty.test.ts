import { stripVTControlCharacters as strip } from 'node:util';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatusBody, type UploadId } from '../../src/api/types.js';
import { type Outcome, type OutcomeKind } from '../../src/poll/outcome.js';
import { type Progress } from '../../src/poll/watcher.js';
import { type Renderer } from '../../src/render/renderer.js';
import { makeTheme } from '../../src/render/color-theme.js';
import { type Theme } from '../../src/render/theme.js';
import { createTtyRenderer } from '../../src/render/tty.js';
import { createTtyRenderer as loadTtyRenderer } from '../../src/render/tty-loader.js';
import { oraStream } from '../../src/render/tty-stream.js';
import { visibleWidth } from '../../src/util/text-width.js';
import { withFacts } from '../helpers/facts.js';
import { fakeTty, type FakeTty } from '../helpers/pty.js';

const T0 = Date.parse('2026-01-01T14:00:00Z');
const plain = makeTheme(0);
const color = makeTheme(3);
const id = (s: string): UploadId => ({ kind: 'request', id: s });
/** Let queued redraws run (the renderer draws once per burst of events). */
const settle = (): Promise<void> => new Promise((r) => queueMicrotask(r));
const EVIL = '\u001b]0;pwned\u0007 \u001b[2J \u0007 \u009b31m \u202eexe.gnp';

function body(status: string, results: [string, string, string?][]): StatusBody {
  return {
    status,
    completed: results.filter((r) => r[1] === 'completed').length,
    total: results.length,
    results: results.map(([platform, s, message]) => ({ platform, status: s, success: s === 'failed' ? false : s === 'completed' ? true : undefined, message: message ?? '', upload_timestamp: '2026-01-01T14:00:05Z' })),
  };
}
const busy = body('in_progress', [['x', 'completed', 'Published'], ['linkedin', 'processing', 'Uploading video'], ['tiktok', 'queued']]);
const done = body('completed', [['x', 'completed', 'Published'], ['linkedin', 'completed', 'Published'], ['tiktok', 'completed', 'Published']]);

/** A renderer on a fake terminal with a clock the test moves. */
function setup(cols: number | undefined, rows: number | undefined, theme: Theme = plain) {
  const tty = fakeTty(cols, rows);
  const clock = { t: T0 };
  const r = createTtyRenderer(tty.out, theme, { frameMs: 0 });
  const progress = (upload: UploadId, b: StatusBody | undefined, inMs?: number, note?: string): void =>
    r.progress(withFacts({ upload, body: b, changed: true, requests: 1, nextCheckAt: inMs === undefined ? undefined : clock.t + inMs, ...(note ? { note } : {}) }) as Progress);
  const outcome = (upload: UploadId, kind: OutcomeKind, b?: StatusBody): Outcome => {
    const o: Outcome = withFacts({ kind, upload, ...(b ? { body: b } : {}) });
    r.outcome(o);
    return o;
  };
  return { tty, clock, r, progress, outcome, start: (ids: UploadId[]) => r.start(ids, { watch: true, now: () => clock.t, wall: () => clock.t }) };
}

/** The frames ora drew: each redraw is wrapped in synchronized-output marks. */
function frames(tty: FakeTty): string[] {
  return tty
    .raw()
    .split('\u001b[?2026h')
    .slice(1)
    .map((f) => f.split('\u001b[?2026l')[0]!.replace(/^(\u001b\[(\d*[GAK]))+/, ''));
}

let open: Renderer | undefined;
// ora's spinner ticks on a setInterval and picks its frame by Date.now() (a
// new one each second): both frozen here, so a frame drawn on a slow machine
// still shows the first spinner frame. A test that moves time fakes the timers
// it needs itself. (The frame budget reads performance.now(), left real.)
beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['Date', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  // A failed assertion must not leave ora's timer running.
  open?.finish([], 0);
  open = undefined;
  vi.useRealTimers();
});

describe('the live frame', () => {
  test('spinner line with ID, status, counts, elapsed and countdown; the platform table under it', async () => {
    const { tty, clock, r, start, progress } = setup(100, 24);
    open = r;
    start([id('ok-abc')]);
    expect((await tty.screen())[0]).toBe('⠋ ok-abc  waiting – · 0s elapsed · checking…');
    clock.t += 12_000;
    progress(id('ok-abc'), busy, 4_000);
    const screen = await tty.screen();
    expect(screen[0]).toBe('⠋ ok-abc  in_progress 1/3 · 12s elapsed · next check in 4s');
    expect(screen.slice(1, 7)).toEqual([
      '┌──────────┬──────────────┬────────────────────────────────┬────────────┐',
      '│ platform │ state        │ message                        │ time (UTC) │',
      '│ x        │ ✔ published  │ Published — link not yet known │ 14:00:05   │',
      '│ linkedin │ … processing │ Uploading video                │ 14:00:05   │',
      '│ tiktok   │ … queued     │                                │ 14:00:05   │',
      '└──────────┴──────────────┴────────────────────────────────┴────────────┘',
    ]);
    expect(screen.slice(7).every((l) => l === '')).toBe(true);
    expect(tty.raw()).toContain('\u001b[?25l'); // cursor hidden while live
  });

  test('redraws only when the picture changes, once per burst of events', async () => {
    const { tty, clock, r, start, progress, outcome } = setup(100, 24);
    open = r;
    start([id('ok-abc')]);
    progress(id('ok-abc'), busy, 4_000);
    await settle();
    let before = frames(tty).length;
    progress(id('ok-abc'), busy, 4_000); // same body, same countdown
    await settle();
    clock.t += 300;
    progress(id('ok-abc'), busy, 3_800); // still "4s"
    await settle();
    expect(frames(tty).length).toBe(before);
    progress(id('ok-abc'), busy, 2_500); // "3s" now
    await settle();
    expect(frames(tty).length).toBe(before + 1);
    before = frames(tty).length;
    progress(id('ok-abc'), done); // a final body and its outcome arrive together: one redraw
    outcome(id('ok-abc'), 'completed', done);
    await settle();
    expect(frames(tty).length).toBe(before + 1);
    expect((await tty.screen())[0]).toBe('⠋ ok-abc  completed 3/3 · done in 0s');
  });

  test('the countdown ticks about once a second, not on every spinner frame', async () => {
    // Only ora's clock and interval: the emulated screen needs real timeouts.
    vi.useFakeTimers({ now: T0, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const tty = fakeTty(100, 24);
    const r = createTtyRenderer(tty.out, plain, { frameMs: 0 });
    open = r;
    r.start([id('ok-abc')], { watch: true, now: Date.now, wall: Date.now });
    r.progress(withFacts({ upload: id('ok-abc'), body: busy, changed: true, requests: 1, nextCheckAt: Date.now() + 5_000 }));
    await settle();
    const drawn = frames(tty).length;
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await tty.screen())[0]).toBe('⠙ ok-abc  in_progress 1/3 · 1s elapsed · next check in 4s');
    await vi.advanceTimersByTimeAsync(4_000);
    expect((await tty.screen())[0]).toBe('⠴ ok-abc  in_progress 1/3 · 5s elapsed · checking…');
    expect(frames(tty).length - drawn).toBe(5);
  });

  test('no line is ever wider than the terminal, whatever the server sends', async () => {
    for (const cols of [100, 60, 40]) {
      const { tty, r, start, progress, outcome } = setup(cols, 24, color);
      const long = body('in_progress', [['x', 'completed', 'y'.repeat(200)], ['instagram', 'processing', '視頻已上傳，等待審核。'.repeat(12)]]);
      start([id('ok-' + 'a'.repeat(150)), id('ok-b')]);
      progress(id('ok-' + 'a'.repeat(150)), long, 3_000, 'HTTP 503 ' + 'z'.repeat(100));
      progress(id('ok-b'), busy, 3_000);
      const o = outcome(id('ok-b'), 'completed', done);
      await settle();
      r.finish([outcome(id('ok-' + 'a'.repeat(150)), 'failed', long), o], 1);
      expect(await tty.wrapped(), `${cols} columns`).toBe(0);
      const finalView = tty.raw().split('\u001b[?25h').at(-1)!;
      for (const text of [...frames(tty), finalView]) {
        for (const line of text.split('\n')) expect(visibleWidth(line), `${cols} columns: ${strip(line)}`).toBeLessThanOrEqual(cols);
      }
    }
  });

  test('thirty IDs: a compact frame that never has more than rows − 1 lines, nothing pushed into the scrollback', async () => {
    const { tty, r, start, progress, outcome } = setup(100, 24);
    open = r;
    const ids = Array.from({ length: 30 }, (_, i) => id(`id-${String(i).padStart(2, '0')}`));
    start(ids);
    for (const [i, u] of ids.entries()) {
      progress(u, busy, 3_000 + i * 100);
      await settle();
    }
    for (const u of ids.slice(0, 12)) {
      outcome(u, 'completed', done);
      await settle();
    }
    outcome(ids[20]!, 'failed', body('failed', [['x', 'failed', 'Token expired']]));
    await settle();
    expect(frames(tty).length).toBeGreaterThan(20);
    for (const f of frames(tty)) expect(f.split('\n').length).toBeLessThanOrEqual(23);
    const screen = await tty.screen();
    expect(screen[0]).toBe('⠋ 30 uploads · 13/30 final (12 completed, 1 failed) · 0s elapsed · next check in 5s');
    expect(screen[1]).toMatch(/^… id-12 +in_progress 1\/3$/);
    expect(screen[18]).toMatch(/^✖ id-20 +failed +0\/1$/);
    expect(screen[22]).toBe('… and 9 more (9 completed)');
    expect((await tty.buffer()).length).toBe(24); // no scrollback: every redraw erased the last
  });

  test('a resize redraws at the new width and leaves no trace of the old frame, even when the terminal reflows', async () => {
    const { tty, r, start, progress, outcome } = setup(100, 24);
    start([id('ok-abc')]);
    progress(id('ok-abc'), body('in_progress', [['x', 'processing', 'm'.repeat(80)]]), 4_000);
    await settle();
    await tty.resize(50, 24);
    expect((await tty.screen())[0]).toBe('⠋ ok-abc  in_progress 0/1 · 0s elapsed · next ch…');
    await tty.resize(120, 24);
    r.finish([outcome(id('ok-abc'), 'interrupted', body('in_progress', [['x', 'processing', 'm'.repeat(80)]]))], 130);
    const all = (await tty.buffer()).join('\n');
    expect(all).not.toContain('elapsed');
    expect(all.match(/│ platform/g)).toHaveLength(1);
  });

  test('a terminal reporting 0 or no columns is drawn 80 wide, and ora never sees 0', async () => {
    expect(oraStream({ write: () => true, columns: 0 }).columns).toBe(80);
    expect(oraStream({ write: () => true }).rows).toBe(24);
    for (const cols of [0, undefined]) {
      const { tty, r, start, progress, outcome } = setup(cols, 0);
      start([id('ok-abc')]);
      progress(id('ok-abc'), body('in_progress', [['x', 'processing', 'm'.repeat(200)]]), 4_000);
      await settle();
      expect((await tty.screen())[0]).toMatch(/^⠋ ok-abc  in_progress 0\/1 · 0s elapsed · next check in 4s$/);
      r.finish([outcome(id('ok-abc'), 'completed', done)], 0);
      expect(await tty.wrapped()).toBe(0);
      expect((await tty.screen()).join('\n')).toContain('1 upload: 1 completed');
    }
  });
});

describe('finish', () => {
  test('stops the spinner, restores the cursor, and prints the final view once', async () => {
    const { tty, r, start, progress, outcome } = setup(100, 24);
    start([id('ok-abc')]);
    for (let i = 0; i < 5; i++) {
      progress(id('ok-abc'), body('in_progress', [['x', 'processing', `step ${i}`]]), 3_000);
      await settle();
    }
    expect(frames(tty).length).toBe(6);
    r.finish([outcome(id('ok-abc'), 'completed', done)], 0);
    r.finish([], 0); // a second call changes nothing
    const screen = await tty.buffer();
    expect(screen.slice(0, 8)).toEqual([
      '✔ ok-abc completed 3/3',
      '┌──────────┬─────────────┬────────────────────────────────┬────────────┐',
      '│ platform │ state       │ message                        │ time (UTC) │',
      '│ x        │ ✔ published │ Published — link not yet known │ 14:00:05   │',
      '│ linkedin │ ✔ published │ Published — link not yet known │ 14:00:05   │',
      '│ tiktok   │ ✔ published │ Published — link not yet known │ 14:00:05   │',
      '└──────────┴─────────────┴────────────────────────────────┴────────────┘',
      '1 upload: 1 completed',
    ]);
    expect(screen.join('\n').match(/│ platform/g)).toHaveLength(1);
    const raw = tty.raw();
    expect(raw.lastIndexOf('\u001b[?25h')).toBeGreaterThan(raw.lastIndexOf('\u001b[?2026l'));
  });

  test('after an interrupt the last known state stays on screen', async () => {
    const { tty, r, start, progress, outcome } = setup(100, 24);
    start([id('stuck-1')]);
    const stuck = body('processing', [['x', 'processing', 'Waiting for the platform']]);
    progress(id('stuck-1'), stuck, 3_000);
    await settle();
    r.finish([outcome(id('stuck-1'), 'interrupted', stuck)], 130);
    const text = (await tty.screen()).join('\n');
    expect(text).toContain('■ stuck-1 interrupted while processing 0/1');
    expect(text).toMatch(/│ x +│ … processing │ Waiting for the platform │/);
    expect(text).toContain('1 upload: 1 interrupted');
  });

  test('without outcomes (the watch itself broke) the last frame is left, without the spinner', async () => {
    const { tty, r, start, progress } = setup(100, 24);
    start([id('ok-abc')]);
    progress(id('ok-abc'), busy, 3_000);
    r.finish([], 70);
    const screen = await tty.screen();
    expect(screen[0]).toBe('ok-abc  in_progress 1/3 · 0s elapsed · next check in 3s');
    expect(screen[3]).toMatch(/│ x +│ ✔ published/);
  });
});

describe('hostile server text', () => {
  const hostile = (): StatusBody => {
    const b = body('in_progress', [[`x${EVIL}`, 'processing', `Processing ${EVIL}`]]);
    b.message = EVIL;
    return b;
  };
  // The only escapes we write ourselves at colour level 0: cursor moves, erases, cursor on/off, synchronized output.
  const OURS = /\u001b\[(\d*[GAK]|J|\?25[hl]|\?2026[hl])/g;

  test.each([
    ['colour off', plain],
    ['colour on', color],
  ])('%s: no escape, bell, C1 control or bidi override from the server reaches the terminal', async (_name, theme) => {
    const { tty, r, start, progress, outcome } = setup(100, 24, theme);
    start([id(`hostile-${EVIL}`)]);
    progress(id(`hostile-${EVIL}`), hostile(), 3_000, EVIL);
    await settle();
    expect(frames(tty).some((f) => f.includes('Processing'))).toBe(true); // the live frame, not only the final view
    r.finish([outcome(id(`hostile-${EVIL}`), 'failed', hostile())], 1);
    const raw = tty.raw();
    for (const bad of ['pwned', '\u001b]', '\u001b[2J', '\u0007', '\u009b', '\u202e']) expect(raw).not.toContain(bad);
    if (theme.level === 0) expect(raw.replace(OURS, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

test('the loader imports the terminal renderer on demand', async () => {
  const tty = fakeTty(80, 24);
  const r = await loadTtyRenderer(tty.out, plain);
  r.start([id('ok-abc')], { watch: true, now: () => T0, wall: () => T0 });
  r.finish([withFacts({ kind: 'completed' as const, upload: id('ok-abc'), body: done })], 0);
  expect((await tty.screen()).join('\n')).toContain('1 upload: 1 completed');
});

describe('interject (a --verbose line while the view is live)', () => {
  test('the frame is lifted, the line lands above it, and the frame comes back whole', async () => {
    const { tty, r, start, progress } = setup(100, 24);
    open = r;
    start([id('ok-abc')]);
    progress(id('ok-abc'), busy, 3_000);
    await settle();
    r.interject!(() => tty.out.write('upload-post: GET http://127.0.0.1/api/uploadposts/status?request_id=ok-abc 200 3ms\n'));
    const screen = await tty.screen();
    expect(screen[0]).toBe('upload-post: GET http://127.0.0.1/api/uploadposts/status?request_id=ok-abc 200 3ms');
    expect(screen[1]).toMatch(/ok-abc  in_progress 1\/3/);
    expect(screen.filter((l) => /ok-abc  in_progress/.test(l))).toHaveLength(1); // not smeared
  });

  test('after finish it simply writes', () => {
    const { tty, r, start } = setup(100, 24);
    start([id('ok-abc')]);
    r.finish([], 0);
    let wrote = false;
    r.interject!(() => {
      wrote = true;
    });
    expect(wrote).toBe(true);
    expect(tty.raw()).toBeDefined();
  });
});

describe('the frame budget', () => {
  test('a thousand events in a burst cost a handful of frames, and the last picture is drawn', async () => {
    const tty = fakeTty(100, 24);
    const clock = { t: T0 };
    const r = createTtyRenderer(tty.out, plain, { frameMs: 40 });
    open = r;
    const ids = Array.from({ length: 1_000 }, (_, i) => id(`id-${i}`));
    r.start(ids, { watch: true, now: () => clock.t, wall: () => clock.t });
    const before = frames(tty).length;
    const started = performance.now();
    for (const [i, u] of ids.entries()) {
      r.progress(withFacts({ upload: u, body: busy, changed: true, requests: 1, nextCheckAt: clock.t + 5_000 }));
      if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    r.outcome(withFacts({ kind: 'failed' as const, upload: ids[999]!, body: done }));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const elapsed = performance.now() - started;
    const drawn = frames(tty).length - before;
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(drawn).toBeLessThanOrEqual(Math.ceil(elapsed / 40) + 1);
    expect((await tty.screen())[0]).toMatch(/^⠋ 1000 uploads · 1\/1000 final \(1 failed\)/);
  });
});
