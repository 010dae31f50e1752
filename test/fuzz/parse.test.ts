// Whatever a server sends — any JSON, any bytes, any headers — parsing and
// classification yield a typed result, never an exception.
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { mapResponse } from '../../src/api/client.js';
import { readUpload } from '../../src/api/facts.js';
import { narrowStatusBody, parseStatusBody, toJsonLine } from '../../src/api/types.js';
import { classifyFinal, exitCodeFor } from '../../src/poll/outcome.js';
import { parseRateInfo, MAX_SERVER_WAIT_MS } from '../../src/api/rate-limit-headers.js';
import { paceOf } from '../../src/poll/schedule.js';
import { platformRows, countText } from '../../src/render/rows.js';
import { property } from '../helpers/fuzz.js';

const NOW = 1_800_000_000_000;
const KINDS = ['body', 'auth', 'throttled', 'transient', 'rejected'];

const statusWord = fc.constantFrom('pending', 'queued', 'processing', 'in_progress', 'completed', 'failed', 'not_found', 'weird', '');
const platformLike = fc.record(
  {
    platform: fc.oneof(fc.string(), fc.constantFrom('x', 'tiktok', '\u001b]0;t\u0007'), fc.integer()),
    success: fc.oneof(fc.boolean(), fc.constant(null), fc.string()),
    status: fc.oneof(fc.constantFrom('queued', 'processing', 'completed', 'failed', 'retryable'), fc.string(), fc.integer()),
    message: fc.oneof(fc.string(), fc.constant(undefined), fc.jsonValue()),
    upload_timestamp: fc.oneof(fc.date({ noInvalidDate: false }).map((d) => String(d)), fc.string()),
  },
  { requiredKeys: [] },
);
/** Mostly status-shaped objects, sometimes anything at all. */
const bodyLike = fc.oneof(
  fc.record(
    {
      status: fc.oneof(statusWord, fc.jsonValue()),
      request_id: fc.string(),
      completed: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      total: fc.oneof(fc.integer(), fc.constant(null), fc.string()),
      results: fc.oneof(fc.array(fc.oneof(platformLike, fc.jsonValue()), { maxLength: 6 }), fc.jsonValue()),
      message: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);
const headerValue = fc.oneof(fc.string(), fc.nat().map(String), fc.integer().map(String), fc.double().map(String), fc.date({ noInvalidDate: false }).map((d) => String(d)), fc.array(fc.string(), { maxLength: 3 }));
const headers = fc.dictionary(
  fc.constantFrom('x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'date', 'location', 'content-type'),
  headerValue,
);

describe('response mapping never throws', () => {
  property(
    'mapResponse over any HTTP status, any body text, any headers',
    fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(bodyLike.map((b) => JSON.stringify(b) ?? ''), fc.string(), fc.string({ unit: 'binary' })), headers, (http, text, h) => {
      const r = mapResponse(http, text, h, NOW, typeof h.location === 'string' ? h.location : undefined);
      expect(KINDS).toContain(r.kind);
      if (r.kind === 'body') {
        expect(typeof r.body.status).toBe('string');
        expect(Array.isArray(r.body.results)).toBe(true);
      }
      if (r.kind !== 'body') expect(r.kind === 'throttled' || typeof r.message === 'string').toBe(true);
    }),
  );

  property(
    'a parsed body classifies, paces and renders without throwing',
    fc.property(bodyLike, (v) => {
      const b = narrowStatusBody(v);
      if (b === null) return;
      const fin = classifyFinal(b);
      expect([null, 'completed', 'failed', 'not_found']).toContain(fin);
      const facts = readUpload(b);
      expect(['pending', 'processing', 'final']).toContain(paceOf(b.status, facts.retrying));
      for (const row of platformRows(facts)) {
        expect(row.platform + row.message + row.time).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }
      expect(countText(facts)).toMatch(/^\S+\/\S+$/);
      const kind = fin ?? 'pending';
      expect(Number.isInteger(exitCodeFor([{ kind, upload: { kind: 'request', id: 'x' }, body: b }]))).toBe(true);
    }),
  );

  property(
    'the JSON line is one line and means the same JSON',
    fc.property(fc.jsonValue(), fc.constantFrom(0, 2, '\t'), (v, indent) => {
      const raw = JSON.stringify(v, null, indent);
      const line = toJsonLine(raw);
      expect(line).not.toMatch(/[\r\n]/);
      expect(JSON.parse(line)).toEqual(JSON.parse(raw));
      if (parseStatusBody(raw) !== null) expect(parseStatusBody(line)).not.toBeNull();
    }),
  );

  property(
    'rate-limit headers: any values give bounded, finite instants',
    fc.property(headers, fc.integer({ min: 0, max: 4_000_000_000_000 }), (h, now) => {
      const r = parseRateInfo(h, now);
      for (const at of [r.resetAt, r.retryAt]) {
        if (at === undefined) continue;
        expect(Number.isFinite(at)).toBe(true);
        expect(at).toBeGreaterThanOrEqual(now);
        expect(at - now).toBeLessThanOrEqual(MAX_SERVER_WAIT_MS);
      }
      for (const n of [r.limit, r.remaining]) if (n !== undefined) expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
    }),
  );
});
