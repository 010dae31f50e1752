import { describe, it, expect, afterEach } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/server.js';
import { T0, clocked, get } from './http.js';

const open: Simulator[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function sim(opts: Parameters<typeof clocked>[0] = {}) {
  const c = await clocked(opts);
  open.push(c.sim);
  return c;
}

describe('simulator: timelines and cache', () => {
  it('serves the cached body within the TTL of its status, a fresh one after', async () => {
    const { sim: s, advance } = await sim();
    const first = await get(s, '?request_id=ok-cache');
    expect(first.json()).toMatchObject({ request_id: 'ok-cache', status: 'pending', total: null });
    advance(1_900); // timeline still pending, cache (2 s) still valid
    expect((await get(s, '?request_id=ok-cache')).text).toBe(first.text);
    advance(200); // 2.1 s: pending TTL over; the timeline says processing
    const processing = await get(s, '?request_id=ok-cache');
    expect(processing.json().status).toBe('processing');
    advance(2_500); // 4.6 s: timeline is in_progress, but processing is cached for 3 s
    expect((await get(s, '?request_id=ok-cache')).text).toBe(processing.text);
    advance(600); // 5.2 s
    expect((await get(s, '?request_id=ok-cache')).json().status).toBe('in_progress');
    advance(10_000);
    const done = await get(s, '?request_id=ok-cache');
    expect(done.json().status).toBe('completed');
    advance(299_000); // completed is cached for 5 min
    expect((await get(s, '?request_id=ok-cache')).text).toBe(done.text);
  });

  it('speed scales the timeline and the TTLs', async () => {
    const { sim: s, advance } = await sim({ speed: 10 });
    expect((await get(s, '?job_id=ok-fast')).json().status).toBe('pending');
    advance(210); // 2.1 s of scenario time; the 2 s TTL became 200 ms
    expect((await get(s, '?job_id=ok-fast')).json().status).toBe('processing');
    advance(800);
    expect((await get(s, '?job_id=ok-fast')).json()).toMatchObject({ job_id: 'ok-fast', status: 'completed' });
  });

  it('starts each (kind, id) clock at its first request', async () => {
    const { sim: s, advance } = await sim();
    await get(s, '?request_id=fail-clock');
    advance(9_000);
    expect((await get(s, '?request_id=fail-clock')).json().status).toBe('failed');
    expect((await get(s, '?job_id=fail-clock')).json()).toMatchObject({ job_id: 'fail-clock', status: 'pending' });
    expect((await get(s, '?request_id=fail-clock2')).json().status).toBe('pending');
  });

  it('answers 404 for unknown IDs and 500 for error-, as JSON', async () => {
    const { sim: s } = await sim();
    const missing = await get(s, '?job_id=nonexistent-id');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(missing.json()).toEqual({ job_id: 'nonexistent-id', status: 'not_found', message: 'No upload request found with this ID' });
    const broken = await get(s, '?request_id=error-1');
    expect(broken.status).toBe(500);
    expect(broken.json()).toEqual({ error: 'Failed to get status', details: 'simulated server error' });
  });

  it('scheduled-<d>-: pending until the delay, then the ok- timeline, both scaled by speed', async () => {
    const { sim: s, advance } = await sim({ speed: 2 });
    const status = async (q: string) => (await get(s, q)).json().status;
    expect(await status('?request_id=scheduled-8s-http')).toBe('pending');
    advance(3_999); // 7.998 s of scenario time, still within the 8 s delay
    expect(await status('?request_id=scheduled-8s-http')).toBe('pending');
    advance(1_001); // 10 s: 8 s of delay, then ok-'s 2 s of pending

    expect(await status('?request_id=scheduled-8s-http')).toBe('processing');
    expect(await status('?job_id=scheduled-8s-http')).toBe('pending');
    advance(3_000); // 16 s: 8 s after the delay
    const done = await get(s, '?request_id=scheduled-8s-http');
    expect(done.json()).toMatchObject({ request_id: 'scheduled-8s-http', status: 'completed', trace: { scenario: 'scheduled' } });
    // The job ID of the same name started 3 s later, so it is 6 s into its 8 s delay.
    expect(await status('?job_id=scheduled-8s-http')).toBe('pending');
  });

  it('scheduled--: waits scheduledDelayMs; an ill-formed delay is an unknown ID', async () => {
    const { sim: s, advance } = await sim({ scheduledDelayMs: 30_000 });
    expect((await get(s, '?job_id=scheduled--http')).json()).toMatchObject({ status: 'pending', total: null, results: [] });
    advance(29_999);
    expect((await get(s, '?job_id=scheduled--http')).json().status).toBe('pending');
    advance(2_001); // 32 s: 30 s of delay, then ok-'s 2 s of pending
    expect((await get(s, '?job_id=scheduled--http')).json().status).toBe('processing');
    const unknown = await get(s, '?job_id=scheduled-abc');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ job_id: 'scheduled-abc', status: 'not_found' });
  });

  it('skipped-: completes with one platform skipped: true, no status, and links on the rest', async () => {
    const { sim: s, advance } = await sim();
    expect((await get(s, '?job_id=skipped-http')).json().status).toBe('pending');
    advance(8_000);
    const done = await get(s, '?job_id=skipped-http');
    expect(done.status).toBe(200);
    const body = done.json() as { status: string; completed: number; total: number; results: Array<Record<string, unknown>> };
    expect(body).toMatchObject({ job_id: 'skipped-http', status: 'completed', completed: body.total - 1 });
    const skipped = body.results.filter((r) => r.skipped === true);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ success: false, error_message: `No account connected for ${String(skipped[0]?.platform)}` });
    expect(skipped[0]).not.toHaveProperty('status');
    for (const r of body.results.filter((r) => r.skipped !== true)) expect(r.post_url).toMatch(/^https:\/\/[\w.]+\//);
  });

  it.each(['', '?request_id=', '?job_id=', '?request_id=&job_id=', '?other=ok-1'])('400 for %j', async (query) => {
    const { sim: s } = await sim();
    const res = await get(s, query);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'request_id or job_id is required' });
    expect(res.headers.get('x-ratelimit-limit')).toBe('120');
  });

  it('decodes the ID and prefers request_id when both are given', async () => {
    const { sim: s } = await sim();
    expect((await get(s, '?job_id=ok-b&request_id=ok-a%20%2F%26')).json().request_id).toBe('ok-a /&');
    expect((await get(s, '?request_id=&job_id=ok-b')).json().job_id).toBe('ok-b');
  });

  it('404 for other paths, 405 for other methods', async () => {
    const { sim: s } = await sim();
    const other = await get(s, '', { path: '/uploadposts/other' });
    expect(other.status).toBe(404);
    expect(other.json()).toHaveProperty('error');
    const post = await get(s, '?request_id=ok-1', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});

describe('simulator: auth', () => {
  it.each<[string, { key?: null; auth?: string }]>([
    ['no header', { key: null }],
    ['another scheme', { auth: 'Bearer abc' }],
    ['an empty key', { auth: 'Apikey ' }],
    ['a key with spaces', { auth: 'Apikey a b' }],
  ])('401 for %s', async (_name, opts) => {
    const { sim: s } = await sim();
    const res = await get(s, '?request_id=ok-1', opts);
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ success: false, message: 'Invalid or expired token' });
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });

  it('accepts any key without apiKey', async () => {
    const { sim: s } = await sim();
    expect((await get(s, '?request_id=ok-1', { key: 'whatever' })).status).toBe(200);
    expect((await get(s, '?request_id=ok-1', { auth: 'apikey other' })).status).toBe(200);
  });

  it('with apiKey, only that key', async () => {
    const { sim: s } = await sim({ apiKey: 'sekret' });
    expect((await get(s, '?request_id=ok-1', { key: 'sekret' })).status).toBe(200);
    expect((await get(s, '?request_id=ok-1', { key: 'wrong' })).status).toBe(401);
    // Auth comes before everything else, faults and 400s included.
    expect((await get(s, '', { key: 'wrong' })).status).toBe(401);
  });
});

describe('simulator: rate limits and clock', () => {
  it('reports the budget on every authenticated answer and 429s past it', async () => {
    const { sim: s, advance } = await sim({ rateLimit: { limit: 3, windowMs: 10_000 } });
    const reset = String(Math.ceil((T0 + 10_000) / 1000));
    const answers = [];
    for (const q of ['?request_id=ok-1', '?request_id=nope', '']) answers.push(await get(s, q));
    expect(answers.map((a) => [a.status, a.headers.get('x-ratelimit-remaining'), a.headers.get('x-ratelimit-reset')])).toEqual([
      [200, '2', reset],
      [404, '1', reset],
      [400, '0', reset],
    ]);
    advance(2_500);
    const refused = await get(s, '?request_id=ok-1');
    expect(refused.status).toBe(429);
    expect(refused.json()).toEqual({ success: false, message: 'Rate limit exceeded' });
    expect(refused.headers.get('retry-after')).toBe('8');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('3');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset')).toBe(reset);
    // Another key has its own window.
    expect((await get(s, '?request_id=ok-1', { key: 'other' })).status).toBe(200);
    advance(7_500);
    const again = await get(s, '?request_id=ok-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(s.stats().rateLimited).toBe(1);
  });

  it('sends Date and X-RateLimit-Reset on the skewed server clock', async () => {
    const { sim: s } = await sim({ clockSkewMs: 90_000 });
    const res = await get(s, '?request_id=ok-1');
    expect(res.headers.get('date')).toBe(new Date(T0 + 90_000).toUTCString());
    expect(res.headers.get('x-ratelimit-reset')).toBe(String((T0 + 90_000 + 60_000) / 1000));
    const late = await get(s, '?request_id=nope', { key: null });
    expect(late.headers.get('date')).toBe(new Date(T0 + 90_000).toUTCString());
  });
});

describe('simulator: stats, load and shutdown', () => {
  it('counts requests and serves the counters at /__sim/stats without auth', async () => {
    const { sim: s } = await sim({ rateLimit: { limit: 4, windowMs: 60_000 } });
    for (const q of ['?request_id=ok-1', '?request_id=ok-1', '?job_id=nope', '?request_id=error-1', '?request_id=ok-1']) await get(s, q);
    await get(s, '?request_id=ok-1', { key: null });
    const expected = {
      requests: 6,
      byStatus: { '200': 2, '404': 1, '500': 1, '429': 1, '401': 1 },
      rateLimited: 1,
      faults: {},
      inFlight: 0,
      requestsById: { 'ok-1': 3, nope: 1, 'error-1': 1 },
    };
    expect(s.stats()).toMatchObject(expected);
    const remote = await get(s, '', { path: '/../__sim/stats', key: null });
    expect(remote.status).toBe(200);
    expect(remote.json()).toMatchObject(expected);
  });

  it('handles a burst of 200 concurrent requests for distinct IDs', async () => {
    const s = await startSimulator({ port: 0, rateLimit: { limit: 10_000, windowMs: 60_000 } });
    open.push(s);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => get(s, `?request_id=ok-burst-${i}`)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const stats = s.stats();
    expect(stats.requests).toBe(200);
    expect(Object.keys(stats.requestsById)).toHaveLength(200);
    expect(stats.maxConnections).toBeGreaterThan(1);
  });

  it('counts requests in flight at once', async () => {
    const s = await startSimulator({ port: 0, faults: { slow: 1 }, slowFaultMs: 150 });
    open.push(s);
    await Promise.all(Array.from({ length: 20 }, (_, i) => get(s, `?request_id=ok-${i}`)));
    expect(s.stats()).toMatchObject({ maxInFlight: 20, inFlight: 0, faults: { slow: 20 } });
  });

  it('close() ends a hanging request quickly', async () => {
    const s = await startSimulator({ port: 0, faults: { hang: 1 } });
    const pending = get(s, '?request_id=ok-1').then(
      () => 'answered',
      () => 'dropped',
    );
    while (s.stats().inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBe('dropped');
  });

  it('logs one line per request', async () => {
    const lines: string[] = [];
    const { sim: s } = await sim({ log: (l) => lines.push(l) });
    await get(s, '?request_id=ok-1');
    await get(s, '?job_id=nope', { key: null });
    await s.close();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/api\/uploadposts\/status\?request_id=ok-1 200 \d+ms$/);
    expect(lines[1]).toMatch(/^GET \/api\/uploadposts\/status\?job_id=nope 401 \d+ms$/);
    expect(lines.join('\n')).not.toContain('test-key');
  });

  it('forgets the least recently polled upload past maxUploads, whose clock then restarts', async () => {
    const { sim: s, advance } = await sim({ maxUploads: 1 });
    await get(s, '?request_id=ok-first');
    await get(s, '?request_id=ok-second');
    advance(9_000);
    expect((await get(s, '?request_id=ok-second')).json().status).toBe('completed');
    expect((await get(s, '?request_id=ok-first')).json().status).toBe('pending');
  });

  it('rejects a bad speed and a busy port', async () => {
    await expect(startSimulator({ speed: 0 })).rejects.toThrow(/speed/);
    await expect(startSimulator({ scheduledDelayMs: -1 })).rejects.toThrow(/scheduled delay/);
    await expect(startSimulator({ scheduledDelayMs: Number.NaN })).rejects.toThrow(/scheduled delay/);
    await expect(startSimulator({ rateLimit: { limit: 0, windowMs: 1_000 } })).rejects.toThrow(/rate limit/);
    const { sim: s } = await sim();
    await expect(startSimulator({ port: s.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
