// Any JSON a server can send — non-string fields, deep nesting, results in
// either shape, toString traps — goes through the client's mapping, the
// watcher and every view without an exception, and every ID gets exactly one
// outcome. Objects with getters stand for bugs a library caller could feed in.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { mapResponse, type FetchResult } from '../../src/api/client.js';
import { narrowStatusBody } from '../../src/api/types.js';
import { watchUploads } from '../../src/poll/watcher.js';
import { createJsonRenderer } from '../../src/render/json.js';
import { createPlainRenderer } from '../../src/render/plain.js';
import { finalView } from '../../src/render/final.js';
import { buildFrame } from '../../src/render/tty-frame.js';
import { makeTheme } from '../../src/render/color-theme.js';
import { sanitize } from '../../src/util/sanitize.js';
import { fakeTime } from '../helpers/fake-time.js';
import { property } from '../helpers/fuzz.js';

const NOW = 1_800_000_000_000;
const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** JSON texts for one value: anything, or one of the shapes that broke clients before. */
const hostileValue = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('{"toString":1}', '{"valueOf":1,"toString":{}}', '[[["x"]]]', deep(5_000), '"\\u001b]0;pwned\\u0007"', '"\\u202e\\u2028\\u009b31m"', '1e308', 'null', 'true', '{}', '[]'),
);
const statusWord = fc.oneof(fc.constantFrom('pending', 'queued', 'processing', 'in_progress', 'completed', 'failed', 'not_found', 'weird', '').map((s) => JSON.stringify(s)), hostileValue);
/** `{"k":<text>,…}` from JSON texts, so a 5,000-deep value never passes through JSON.stringify. */
const object = (fields: [string, string][]): string => `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
const entry = fc
  .uniqueArray(fc.tuple(fc.constantFrom('platform', 'success', 'status', 'message', 'error_message', 'upload_timestamp', 'post_url', 'url', 'skipped', 'x'), fc.oneof(hostileValue, statusWord)), { maxLength: 6, selector: ([k]) => k })
  .map(object);
const results = fc.oneof(
  fc.array(fc.oneof(entry, hostileValue), { maxLength: 5 }).map((xs) => `[${xs.join(',')}]`),
  fc.uniqueArray(fc.tuple(fc.string({ maxLength: 8 }), fc.oneof(entry, hostileValue)), { maxLength: 4, selector: ([k]) => k }).map(object),
  hostileValue,
);
const bodyText = fc
  .record({ request_id: fc.oneof(fc.constant('"id"'), hostileValue), status: statusWord, completed: hostileValue, total: hostileValue, message: hostileValue, results }, { requiredKeys: [] })
  .map((b) => object(Object.entries(b)));

const themes = [makeTheme(0), makeTheme(3)];

describe('hostile bodies', () => {
  property(
    'mapResponse, the watcher and every view: no throw, one outcome per ID',
    fc.asyncProperty(fc.array(bodyText, { minLength: 1, maxLength: 4 }), fc.constantFrom(200, 404), fc.boolean(), async (texts, http, watch) => {
      const results: FetchResult[] = texts.map((t) => mapResponse(http, t, {}, NOW, undefined, { kind: 'request', id: 'id' }));
      const uploads = results.map((_, i) => ({ kind: 'request' as const, id: `id${i}` }));
      // Each ID gets its own answer every time; non-final ones end at the deadline.
      const t = fakeTime((u) => results[Number(u.id.slice(2))]!);
      const written: string[] = [];
      const sink = { write: (s: string) => void written.push(s) };
      const views = [createJsonRenderer(sink), ...themes.map((theme) => createPlainRenderer(sink, theme))];
      for (const v of views) v.start(uploads, { watch, now: t.deps.now, wall: t.deps.wall });
      const outcomes = await watchUploads(uploads, { watch, timeoutMs: 60_000 }, t.deps, {
        onProgress: (p) => views.forEach((v) => v.progress(p)),
        onOutcome: (o) => views.forEach((v) => v.outcome(o)),
      });
      expect(outcomes).toHaveLength(uploads.length);
      expect(outcomes.map((o) => o.upload.id)).toEqual(uploads.map((u) => u.id));
      for (const v of views) v.finish(outcomes, 0);
      for (const theme of themes) {
        finalView(outcomes, theme, 80);
        const frame = buildFrame({ views: outcomes.map((o) => ({ upload: o.upload, body: o.body, outcome: o.kind })), startedAt: NOW, now: NOW + 1000, columns: 60, rows: 20, watch, theme });
        expect(frame.length).toBeLessThanOrEqual(19);
      }
      // The JSON view wrote exactly one line per ID, each a JSON text.
      const jsonLines = written.filter((w) => w.startsWith('{') || w.startsWith('[')).join('').split('\n').filter(Boolean);
      expect(jsonLines.length).toBeGreaterThanOrEqual(uploads.length);
    }),
    100,
  );

  property(
    'narrowing and sanitising survive getters and toString traps',
    fc.property(fc.constantFrom<() => unknown>(
      () => ({ get status(): string { throw new Error('getter'); } }),
      () => ({ status: 'completed', results: [{ get platform(): string { throw new Error('getter'); } }] }),
      () => ({ status: 'completed', message: { toString: 1 }, results: { tiktok: { message: Object.create(null) } } }),
      () => ({ status: 'completed', results: [Object.create(null), { platform: Symbol('p') }] }),
    ), (make) => {
      let body: ReturnType<typeof narrowStatusBody> = null;
      try {
        body = narrowStatusBody(make());
      } catch (err) {
        // A getter that throws is the caller's bug; it may throw, but only its own error.
        expect((err as Error).message).toBe('getter');
        return;
      }
      if (body) for (const r of body.results) expect(typeof sanitize(r.platform) + typeof sanitize(r.message)).toBe('stringstring');
    }),
  );
});
