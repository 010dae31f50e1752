import { describe, it, expect, afterEach } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/server.js';
import type { FaultKind } from '../../src/simulator/faults.js';
import { clocked, get } from './http.js';

const open: Simulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function always(kind: FaultKind, opts: SimulatorOptions = {}) {
  const { sim } = await clocked({ faults: { [kind]: 1 }, ...opts });
  open.push(sim);
  return sim;
}

describe('simulator: fault injection', () => {
  it.each<[FaultKind, number, string, RegExp, boolean]>([
    ['500', 500, 'application/json', /"error":"Failed to get status"/, true],
    ['502', 502, 'text/html', /502 Bad Gateway/, false],
    ['503', 503, 'application/json', /"message":"Service Unavailable"/, false],
    ['504', 504, 'text/html', /504 Gateway Time-out/, false],
    ['html', 200, 'text/html; charset=utf-8', /<!DOCTYPE html>/, false],
    ['429', 429, 'application/json', /"message":"Rate limit exceeded"/, true],
  ])('%s answers %i %s', async (kind, status, type, body, fromApi) => {
    const s = await always(kind);
    const res = await get(s, '?request_id=ok-1');
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.text).toMatch(body);
    // Only the API itself knows the budget; a proxy page does not carry it.
    expect(res.headers.get('x-ratelimit-remaining') !== null).toBe(fromApi);
    expect(s.stats().faults).toEqual({ [kind]: 1 });
  });

  it('429 fault carries Retry-After: 1 though budget is left', async () => {
    const res = await get(await always('429'), '?request_id=ok-1');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('119');
  });

  it('truncate sends half the JSON with a matching Content-Length', async () => {
    const s = await always('truncate');
    const res = await get(s, '?request_id=ok-cut');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(res.text)));
    expect(res.text.startsWith('{"request_id":"ok-cut","status":"pending"')).toBe(true);
    expect(() => res.json()).toThrow(SyntaxError);
  });

  it('reset drops the connection without an answer', async () => {
    const s = await always('reset');
    await expect(get(s, '?request_id=ok-1')).rejects.toThrow(/fetch failed/);
    expect(s.stats()).toMatchObject({ faults: { reset: 1 }, byStatus: {}, requests: 1 });
  });

  it('hang never answers; the client gives up', async () => {
    const s = await always('hang');
    await expect(get(s, '?request_id=ok-1', { signal: AbortSignal.timeout(150) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(s.stats().faults).toEqual({ hang: 1 });
  });

  it('slow answers correctly, late', async () => {
    const s = await always('slow', { slowFaultMs: 120 });
    const started = performance.now();
    const res = await get(s, '?request_id=ok-1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(res.status).toBe(200);
    expect(res.json().status).toBe('pending');
  });

  it('faults come after auth', async () => {
    const s = await always('503');
    expect((await get(s, '?request_id=ok-1', { key: null })).status).toBe(401);
    expect(s.stats().faults).toEqual({});
  });

  it('a proxy fault does not start the ID clock', async () => {
    const { sim: s, advance } = await clocked({ faults: { '502': 0.5 }, faultSeed: 3 });
    open.push(s);
    // However many 502s come first, the first honest answer is the start: pending.
    let proxied = 0;
    for (let i = 0; i < 10; i++) {
      let res = await get(s, `?request_id=ok-${i}`);
      while (res.status === 502) {
        proxied += 1;
        advance(10_000);
        res = await get(s, `?request_id=ok-${i}`);
      }
      expect(res.json().status).toBe('pending');
    }
    expect(proxied).toBeGreaterThan(0);
  });

  it('the same seed gives the same faults, run after run', async () => {
    const run = async (seed: number) => {
      const s = await startSimulator({ port: 0, faults: { '503': 0.3, '500': 0.3 }, faultSeed: seed });
      open.push(s);
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await get(s, '?request_id=ok-1')).status);
      return statuses;
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 500, 503]));
    expect(await run(12)).not.toEqual(a);
  });
});
