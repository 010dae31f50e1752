import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, mapResponse, statusUrl } from '../../src/api/client.js';

const BASE = 'https://api.example.test/api';
const KEY = 'sk_live_SECRET_KEY_123';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]); // every scope must be done
});
afterAll(() => nock.enableNetConnect());

async function client(log?: (l: string) => void) {
  return createClient({ baseUrl: BASE, apiKey: KEY, userAgent: 'test', log, timeouts: { request: 300, connect: 300 } });
}

describe('statusUrl', () => {
  it.each([
    ['request', 'abc', 'request_id=abc'],
    ['job', 'job_1', 'job_id=job_1'],
    ['request', 'a&b=c#d+e%f', 'request_id=a%26b%3Dc%23d%2Be%25f'],
  ] as const)('%s %s', (kind, id, q) => {
    expect(statusUrl(BASE + '/', { kind, id })).toBe(`${BASE}/uploadposts/status?${q}`);
  });
});

describe('createClient against nock', () => {
  it('sends the key, one ID parameter, verbatim', async () => {
    const id = 'weird&id=1';
    nock('https://api.example.test', { reqheaders: { authorization: `Apikey ${KEY}` } })
      .get('/api/uploadposts/status')
      .query((q) => Object.keys(q).length === 1 && q.request_id === id)
      .reply(200, { request_id: id, status: 'pending', results: [], extra: { kept: true } });
    const r = await (await client())({ kind: 'request', id });
    expect(r.kind).toBe('body');
    if (r.kind === 'body') {
      expect(r.body.status).toBe('pending');
      expect(JSON.parse(r.raw).extra).toEqual({ kept: true });
    }
  });

  it('job IDs use job_id', async () => {
    nock('https://api.example.test').get('/api/uploadposts/status').query({ job_id: 'job_abc' }).reply(200, { job_id: 'job_abc', status: 'completed', results: [] });
    expect((await (await client())({ kind: 'job', id: 'job_abc' })).kind).toBe('body');
  });

  it.each([
    [401, { success: false, message: 'Invalid or expired token' }, 'auth'],
    [403, { message: 'Forbidden' }, 'auth'],
    // A firewall's page is not the API's verdict on the key.
    [403, 'forbidden', 'rejected'],
    [403, '<html><body>Access denied</body></html>', 'rejected'],
    [429, { message: 'slow down' }, 'throttled'],
    [404, { request_id: 'x', status: 'not_found', message: 'No upload request found with this ID' }, 'body'],
    [404, '<html>Not Found</html>', 'rejected'],
    [400, { error: 'request_id or job_id is required' }, 'rejected'],
    [500, { error: 'Failed to get status', details: 'boom' }, 'transient'],
    [502, '<html><body>Bad gateway</body></html>', 'transient'],
    [503, '', 'transient'],
    [200, '<html>oops</html>', 'transient'],
    [200, '{"status": "pend', 'transient'],
    [200, '[1,2,3]', 'transient'],
    [301, '', 'rejected'],
  ])('HTTP %d %j → %s', async (code, reply, kind) => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).reply(code, reply as never, code === 301 ? { location: 'https://evil.example/steal' } : {});
    const r = await (await client())({ kind: 'request', id: 'x' });
    expect(r.kind).toBe(kind);
  });

  it('network faults are transient, with a plain sentence', async () => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const r = await (await client())({ kind: 'request', id: 'x' });
    expect(r).toMatchObject({ kind: 'transient', message: 'connection reset by the server (api.example.test)' });
  });

  it.each([
    ['HPE_HEADER_OVERFLOW', "the server's headers are larger than Node accepts (api.example.test)"],
    ['HPE_INVALID_CONSTANT', "the server's answer is not valid HTTP (invalid constant) (api.example.test)"],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', "the server's answer is not valid HTTP (unexpected content length) (api.example.test)"],
  ])('a parser code (%s) is put in words, never shown raw', async (code, message) => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).replyWithError(Object.assign(new Error(`Parse Error: ${code}`), { code }));
    const r = await (await client())({ kind: 'request', id: 'x' });
    expect(r).toMatchObject({ kind: 'transient', message });
  });

  it.each(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER'])('a TLS handshake that cannot work (%s) ends at once, naming the host', async (code) => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).replyWithError(Object.assign(new Error('handshake'), { code }));
    const r = await (await client())({ kind: 'request', id: 'x' });
    expect(r).toMatchObject({ kind: 'rejected', message: `the TLS handshake with api.example.test failed (${code}) — is it an https:// server? check --base-url` });
  });

  it('a hung response times out as a transient fault', async () => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).delay(2000).reply(200, { status: 'pending', results: [] });
    const r = await (await client())({ kind: 'request', id: 'x' });
    expect(r.kind).toBe('transient');
    if (r.kind === 'transient') expect(r.message).toMatch(/timeout/);
  });

  it('an abort is thrown, not mapped', async () => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).delay(2000).reply(200, {});
    const ac = new AbortController();
    const p = (await client())({ kind: 'request', id: 'x' }, ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toBeDefined();
  });

  it('reads rate-limit headers, and --verbose lines never carry the key', async () => {
    nock('https://api.example.test')
      .get('/api/uploadposts/status')
      .query(true)
      .reply(200, { status: 'processing', results: [] }, { 'x-ratelimit-remaining': '41', 'x-ratelimit-limit': '60', 'x-ratelimit-reset': '1893456000', date: new Date(1893455990_000).toUTCString() });
    const lines: string[] = [];
    const r = await (await client((l) => lines.push(l)))({ kind: 'request', id: KEY });
    expect(r.rate.remaining).toBe(41);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GET https:\/\/api\.example\.test\/api\/uploadposts\/status\?request_id=\*\*\* 200 \d+ms remaining=41$/);
  });
});

describe('mapResponse', () => {
  it('a 200 whose body says not_found is a body', () => {
    expect(mapResponse(200, '{"status":"not_found","results":[]}', {}, 0).kind).toBe('body');
  });
  it('a redirect names only the origin it pointed at', () => {
    const r = mapResponse(302, '', {}, 0, 'https://other.example/x?key=1');
    expect(r.kind === 'rejected' && r.message).toContain('to https://other.example (HTTP 302)');
  });
});

describe('TLS against a real self-signed server on loopback', () => {
  it('verification stays on: a self-signed certificate is refused at once', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const https = await import('node:https');
    const dir = mkdtempSync(join(tmpdir(), 'up-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
    const server = https.createServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"completed","results":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    nock.enableNetConnect('127.0.0.1');
    try {
      const port = (server.address() as { port: number }).port;
      const fetch = await createClient({ baseUrl: `https://127.0.0.1:${port}/api`, apiKey: KEY, userAgent: 't' });
      const r = await fetch({ kind: 'request', id: 'x' });
      expect(r.kind).toBe('rejected');
      if (r.kind === 'rejected') expect(r.message).toMatch(/TLS certificate of 127\.0\.0\.1:\d+ is not trusted/);
    } finally {
      nock.disableNetConnect();
      server.close();
    }
  });
});

describe('hostile answers (nock)', () => {
  const scope = () => nock('https://api.example.test').get('/api/uploadposts/status').query(true);
  const ask = async (id = 'a') => (await client())({ kind: 'request', id });

  it('a gzip body is decompressed; so are deflate (zlib and raw) and br', async () => {
    const { gzipSync, deflateSync, deflateRawSync, brotliCompressSync } = await import('node:zlib');
    const json = JSON.stringify({ request_id: 'a', status: 'pending', results: [] });
    for (const [enc, bytes] of [['gzip', gzipSync(json)], ['deflate', deflateSync(json)], ['deflate', deflateRawSync(json)], ['br', brotliCompressSync(json)]] as const) {
      scope().reply(200, bytes, { 'content-encoding': enc });
      const r = await ask();
      expect(r.kind, enc).toBe('body');
    }
  });

  it('a body over the ceiling is unreadable (transient) and is not read to its end', async () => {
    const { MAX_BODY_BYTES } = await import('../../src/api/body.js');
    scope().reply(200, Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    expect(await ask()).toMatchObject({ kind: 'transient', message: 'the answer is larger than 8 MiB (api.example.test)' });
  });

  it('a gzip bomb stops at the ceiling once decompressed', async () => {
    const { gzipSync } = await import('node:zlib');
    scope().reply(200, gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), { 'content-encoding': 'gzip' });
    const before = process.memoryUsage().rss;
    expect(await ask()).toMatchObject({ kind: 'transient', message: 'the answer is larger than 8 MiB once decompressed (api.example.test)' });
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it.each([
    ['an encoding we did not ask for', { 'content-encoding': 'zstd' }, /encoding we did not ask for/],
    ['a gzip header on plain text', { 'content-encoding': 'gzip' }, /could not be decompressed/],
  ])('%s → transient', async (_name, headers, message) => {
    scope().reply(200, '{"status":"pending","results":[]}', headers);
    expect(await ask()).toMatchObject({ kind: 'transient', message });
  });

  it('a BOM before the JSON is accepted', async () => {
    scope().reply(200, '\ufeff{"request_id":"a","status":"completed","results":[]}');
    expect(await ask()).toMatchObject({ kind: 'body', body: { status: 'completed' } });
  });

  it('a body about another upload is unreadable, whichever ID kind', async () => {
    scope().reply(200, { request_id: 'someone-else', status: 'completed', results: [] });
    expect(await ask()).toMatchObject({ kind: 'transient', message: 'the answer was about another upload (request_id "someone-else") (api.example.test)' });
    scope().reply(200, { job_id: 42, status: 'completed', results: [] });
    expect(await (await client())({ kind: 'job', id: 'j' })).toMatchObject({ kind: 'transient', message: 'the answer was about another upload (job_id "42") (api.example.test)' });
  });

  it('a body that names no ID is accepted', async () => {
    scope().reply(200, { status: 'completed', results: [] });
    expect((await ask()).kind).toBe('body');
  });

  it.each([
    [204, /answered HTTP 204 with no status body/],
    [304, /304 Not Modified/],
  ])('HTTP %i → transient, never "refused" or "redirect"', async (http, message) => {
    scope().reply(http, '');
    const r = await ask();
    expect(r).toMatchObject({ kind: 'transient', message });
    expect(r.kind !== 'body' && r.kind !== 'throttled' && r.message).not.toMatch(/refused|redirect/);
  });

  it('a key the server echoes is redacted from every message, in any case', async () => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).reply(302, '', { location: `https://${KEY.toLowerCase()}.evil.test/x` });
    const lines: string[] = [];
    const r = await (await client((l) => lines.push(l)))({ kind: 'request', id: 'a' });
    expect(r.kind).toBe('rejected');
    const everything = JSON.stringify(r) + lines.join('\n');
    expect(everything.toLowerCase()).not.toContain(KEY.toLowerCase());
    expect(everything).toContain('***');
  });
});

describe('the key a server echoes', () => {
  it('is taken out of every text field a view or report reads; the raw body for --json stays as sent', async () => {
    const echoed = { request_id: 'a', status: 'completed', message: `key ${KEY}`, results: [{ platform: KEY, success: false, error_message: `bad ${KEY}&x`, message: KEY, post_url: `https://x.com/${KEY}`, warnings: [KEY], error: KEY }] };
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).reply(200, echoed);
    const r = await (await client())({ kind: 'request', id: 'a' });
    if (r.kind !== 'body') throw new Error(r.kind);
    expect(JSON.stringify(r.body)).not.toContain(KEY);
    expect(r.body.results[0]).toMatchObject({ platform: '***', error_message: 'bad ***&x', post_url: 'https://x.com/***', warnings: ['***'], error: '***' });
    expect(r.raw).toContain(KEY); // --json prints the body as received
  });

  it('upload_timestamp too: a view shows its first 20 characters when it is not a time', async () => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).reply(200, { request_id: 'a', status: 'completed', results: [{ platform: 'x', success: true, upload_timestamp: KEY }] });
    const r = await (await client())({ kind: 'request', id: 'a' });
    expect(r.kind === 'body' && r.body.results[0]!.upload_timestamp).toBe('***');
  });

  it.each([
    ['with a quote, which quoting escapes', 'ab"cdefgh123'],
    ['longer than a quote, which cuts it', 'k'.repeat(84)],
  ])('echoed as another upload\'s ID, a key %s is taken out before it is quoted', async (_name, key) => {
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).reply(200, { request_id: `x${key}y`, status: 'completed', results: [] });
    const lines: string[] = [];
    const fetch = await createClient({ baseUrl: BASE, apiKey: key, userAgent: 'test', log: (l) => lines.push(l), timeouts: { request: 300, connect: 300 } });
    const r = await fetch({ kind: 'request', id: 'a' });
    expect(r).toMatchObject({ kind: 'transient', message: 'the answer was about another upload (request_id "x***y") (api.example.test)' });
    expect(lines.join('\n')).not.toContain(key.slice(0, 10));
  });

  it('a key the server splits with control characters is gone from the text once they are removed', async () => {
    const split = `${KEY.slice(0, 6)}\u0007${KEY.slice(6, 12)}\u001b[0m${KEY.slice(12)}`;
    nock('https://api.example.test').get('/api/uploadposts/status').query(true).reply(200, { request_id: 'a', status: 'failed', message: split, results: [{ platform: 'x', success: false, error_message: `bad ${split}` }] });
    const r = await (await client())({ kind: 'request', id: 'a' });
    if (r.kind !== 'body') throw new Error(r.kind);
    expect(r.body.message).toBe('***');
    expect(r.body.results[0]!.error_message).toBe('bad ***');
  });
});
