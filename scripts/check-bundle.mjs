// The bundle stubs four of got's modules and defers its tls and https
// (scripts/bundle-plugins.mjs). This bundles our HTTP client with exactly
// those plugins and checks, on loopback,
// what we rely on: plain http, https (a trusted and an untrusted certificate),
// keep-alive agents, the request timeout and abort. The unit tests cover the
// client's logic against the sources (test/api); this covers the stubs.
// Run by `npm test` (pretest) after the build; about a second. Last, it
// checks that the CLI's bundle holds no import() (src/code-cache.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttps } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { lazyChildProcess, lazyGotTls, lazyListFormat, moduleUrls, stubGotExtras } from './bundle-plugins.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'upload-post-check-bundle-'));
const failures = [];
const check = (what, ok, detail = '') => {
  if (!ok) failures.push(`${what}${detail ? `: ${detail}` : ''}`);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : ` (${detail})`}`);
};

const BODY = JSON.stringify({ request_id: 'ok-1', status: 'pending', completed: 0, total: null, results: [] });
const HEADERS = { 'content-type': 'application/json', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 60) };

function serve(server) {
  let connections = 0;
  server.on('connection', () => (connections += 1));
  server.on('request', (req, res) => {
    if (req.url.includes('hang')) return; // never answered: for the timeout and abort cases
    res.writeHead(200, HEADERS).end(BODY);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, connections: () => connections })));
}

/** A throw-away self-signed certificate for 127.0.0.1, or null without openssl. */
function selfSigned() {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return null;
  }
}

try {
  await esbuild.build({
    stdin: {
      contents: "export { createClient } from './src/api/client.ts'; export { createAgents } from './src/api/agents.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: join(dir, 'client.cjs'),
    banner: { js: 'const __moduleUrl = (p) => p;' },
    plugins: [stubGotExtras, lazyListFormat, lazyChildProcess, lazyGotTls, moduleUrls(root)],
    logLevel: 'warning',
  });
  const { createClient, createAgents } = createRequire(import.meta.url)(join(dir, 'client.cjs'));
  const upload = { kind: 'request', id: 'ok-1' };
  const hang = { kind: 'request', id: 'hang' };
  const common = { apiKey: 'k', userAgent: 'check-bundle' };

  const http = await serve(createHttp());
  const base = `http://127.0.0.1:${http.port}/api`;
  const agents = await createAgents(undefined, 4) // no proxy: a loopback API never has one;
  const fetchKeepAlive = await createClient({ ...common, baseUrl: base, agent: { http: agents.http, https: agents.https } });
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await fetchKeepAlive(upload));
  check('http: a status body', answers.every((r) => r.kind === 'body' && r.body.status === 'pending'), JSON.stringify(answers[0]));
  check('http: rate-limit headers read', answers[0].rate?.remaining === 59, JSON.stringify(answers[0].rate));
  check('keep-alive agent: 3 requests, 1 connection', http.connections() === 1, `${http.connections()} connections`);
  agents.destroy();

  const fetchShort = await createClient({ ...common, baseUrl: base, timeouts: { request: 300, connect: 300 } });
  let t = Date.now();
  const timedOut = await fetchShort(hang);
  check('timeout: a hung request ends as transient within ~300 ms', timedOut.kind === 'transient' && /timeout/.test(timedOut.message) && Date.now() - t < 2000, `${JSON.stringify(timedOut)} after ${Date.now() - t} ms`);

  const fetchLong = await createClient({ ...common, baseUrl: base });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 100);
  t = Date.now();
  const aborted = await fetchLong(hang, abort.signal).then(
    (r) => `resolved ${JSON.stringify(r)}`,
    (err) => err,
  );
  check('abort: the signal rejects the request at once', aborted instanceof Error && Date.now() - t < 2000, String(aborted));
  // A header Node refuses throws inside got's request call, where got asks
  // `instanceof CacheError` of the stub: the error must still be got's own.
  const badHeader = await (await createClient({ ...common, apiKey: 'k\u0001', baseUrl: base }))(upload);
  check('a request Node refuses is reported, not crashed on', badHeader.kind === 'transient' && /ERR_INVALID_CHAR/.test(badHeader.message), JSON.stringify(badHeader));
  http.server.closeAllConnections();
  http.server.close();

  const tls = selfSigned();
  if (tls) {
    const https = await serve(createHttps({ key: tls.key, cert: tls.cert }));
    const sbase = `https://127.0.0.1:${https.port}/api`;
    const trusted = new HttpsAgent({ ca: tls.cert, keepAlive: true });
    const ok = await (await createClient({ ...common, baseUrl: sbase, agent: { https: trusted } }))(upload);
    check('https: a status body over TLS (trusted CA)', ok.kind === 'body', JSON.stringify(ok));
    // The name is checked too (checkServerIdentity, which the bundle loads on use): the certificate names 127.0.0.1, not localhost.
    const misnamed = await (await createClient({ ...common, baseUrl: `https://localhost:${https.port}/api`, agent: { https: trusted } }))(upload);
    check('https: a certificate for another name is refused', misnamed.kind !== 'body' && /ALTNAME/.test(misnamed.message ?? ''), JSON.stringify(misnamed));
    trusted.destroy();
    const untrusted = await (await createClient({ ...common, baseUrl: sbase }))(upload);
    check('https: an untrusted certificate is refused', untrusted.kind !== 'body' && /certificate|self.signed|CERT/i.test(untrusted.message ?? ''), JSON.stringify(untrusted));
    https.server.closeAllConnections();
    https.server.close();
  } else {
    console.log('skip https checks: no openssl to make a certificate');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The CLI's bundle runs in a vm.Script with no importModuleDynamically
// (src/code-cache.ts): an import() left in it would throw at the call.
const cliMain = readFileSync(`${root}dist/cli-main.cjs`, 'utf8');
const dynamicImport = /(?<![\w$.])import\s*\(/.exec(cliMain);
check('dist/cli-main.cjs holds no import()', dynamicImport === null, dynamicImport && cliMain.slice(Math.max(0, dynamicImport.index - 60), dynamicImport.index + 40));

if (failures.length > 0) {
  console.error(`check-bundle: ${failures.length} failed`);
  process.exit(1);
}
