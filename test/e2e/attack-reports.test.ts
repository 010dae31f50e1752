// Attack: the reports (--junit, --markdown, GitHub Actions) against a hostile
// server and a careless user. Each test asserts what docs/CONTRACT.md requires
// and holds now.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, lstatSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, why } from '../helpers/cli.js';
import { EARLIER_OUTPUT, fakeGithub } from '../helpers/github-env.js';
import { completedBody, statusBody, withHostileServer } from '../helpers/hostile-server.js';
import { parseXml, type XmlNode } from '../helpers/junit.js';
import { hazards, tableRows } from '../helpers/markdown.js';

const dir = mkdtempSync(join(tmpdir(), 'up-attack-reports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const fresh = (name: string): string => join(dir, `${++seq}-${name}`);

/** Every attribute value and text of a parsed XML tree, entities decoded. */
function xmlStrings(n: XmlNode): string[] {
  return [...Object.values(n.attrs), n.text, ...n.children.flatMap(xmlStrings)];
}
/** What the runner shows for an annotation line: its data and properties unescaped. */
const unescapeCommand = (line: string): string => line.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

describe.concurrent('attack: the API key in the reports (docs/CONTRACT.md#security: "not in … reports")', () => {
  it('a key holding `&`, `|` or `%` is redacted before anything escapes it: not in JUnit, Markdown, the step summary or the annotation', async () => {
    const key = 'Key&Secret|12345:678,%abc';
    await withHostileServer(
      // A server that quotes the Authorization header back in its reason.
      (req) => ({ body: statusBody(req.id ?? '?', 'failed', [{ platform: 'tiktok', success: false, error_message: `invalid token ${String(req.headers.authorization)}` }]) }),
      async (s) => {
        const gh = fakeGithub();
        const junit = join(gh.dir, 'junit.xml');
        const md = join(gh.dir, 'report.md');
        const r = await runCli(['status', '--base-url', s.url, 'leak-1', '--junit', junit, '--markdown', md], { env: { UPLOAD_POST_API_KEY: key, ...gh.env } });
        expect(r.code, why(r)).toBe(1);
        // What a person reads in each, decoded the way its reader decodes it.
        const junitText = xmlStrings(parseXml(readFileSync(junit, 'utf8'))).join('\n');
        const mdCells = tableRows(readFileSync(md, 'utf8')).flat().join('\n');
        const summaryCells = tableRows(gh.summary()).flat().join('\n');
        const annotations = r.stderr.split('\n').filter((l) => l.startsWith('::')).map(unescapeCommand).join('\n');
        expect(junitText, 'JUnit').not.toContain(key);
        expect(mdCells, '--markdown').not.toContain(key);
        expect(summaryCells, 'step summary').not.toContain(key);
        expect(annotations, '::error annotation').not.toContain(key);
      },
    );
  });

  it('a long (JWT-like) key quoted after 150 characters of text: redacted before any cell is cut', async () => {
    const key = `eyJhbGciOiJIUzI1NiJ9.${'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_'.repeat(5)}`; // 211 characters
    const prefix = 'x'.repeat(150);
    await withHostileServer(
      (req) => ({ body: statusBody(req.id ?? '?', 'failed', [{ platform: 'tiktok', success: false, error_message: `${prefix} invalid token ${String(req.headers.authorization)}` }]) }),
      async (s) => {
        const gh = fakeGithub();
        const md = join(gh.dir, 'report.md');
        const r = await runCli(['status', '--base-url', s.url, 'leak-2', '--markdown', md], { env: { UPLOAD_POST_API_KEY: key, ...gh.env } });
        expect(r.code, why(r)).toBe(1);
        const part = key.slice(0, 40);
        expect(readFileSync(md, 'utf8'), '--markdown').not.toContain(part);
        expect(gh.summary(), 'step summary').not.toContain(part);
      },
    );
  });
});

describe.concurrent('attack: links in the Markdown report (docs/CONTRACT.md#links-and-reports: "the only links are ours … to the validated URL")', () => {
  it('a post_url with a character reference in its host (`&commat;`) is no link at all', async () => {
    // new URL() takes `x.com&commat;evil.example` as a host, which GFM would decode into `x.com@evil.example`.
    const postUrl = 'https://x.com&commat;evil.example/status/1';
    await withHostileServer(
      (req) => ({ body: statusBody(req.id ?? '?', 'completed', [{ platform: 'x', success: true, message: 'Published', post_url: postUrl }]) }),
      async (s) => {
        const md = fresh('entity.md');
        const r = await runCli(['status', '--base-url', s.url, 'link-1', '--markdown', md], { env: { UPLOAD_POST_API_KEY: 'attack-reports-key' } });
        expect(r.code, why(r)).toBe(0);
        const links = hazards(readFileSync(md, 'utf8')).links;
        expect(links).toEqual([]);
      },
    );
  });
});

describe.concurrent('attack: report paths that are not regular files (docs/CONTRACT.md: "A report path that cannot be written is a usage error (exit 2) before the first request"; "Reports never change … the exit code")', () => {
  it('--junit /proc/self/fd/2: written there, or refused before the first request — never lost after the watch', async () => {
    await withHostileServer(
      (req) => ({ body: completedBody(req.id ?? '?') }),
      async (s) => {
        // /proc/self/fd/2 is the child's own stderr (a pipe here). No file can be created beside it, so nothing on this machine is touched.
        const r = await runCli(['status', '--base-url', s.url, 'fd-1', '--junit', '/proc/self/fd/2'], { env: { UPLOAD_POST_API_KEY: 'attack-reports-key' } });
        const written = r.stderr.includes('<testsuites');
        const refused = r.code === 2 && s.requests.length === 0;
        expect(written || refused, why(r)).toBe(true);
      },
    );
  });

  it('--junit on a FIFO: refused before the first request; the FIFO is never replaced', async () => {
    const fifo = fresh('junit.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let got = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (got += d));
    const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    try {
      await withHostileServer(
        (req) => ({ body: completedBody(req.id ?? '?') }),
        async (s) => {
          const r = await runCli(['status', '--base-url', s.url, 'fifo-1', '--junit', fifo], { env: { UPLOAD_POST_API_KEY: 'attack-reports-key' } });
          const stillFifo = lstatSync(fifo).isFIFO();
          await Promise.race([readerDone, new Promise((resolve) => setTimeout(resolve, 2_000))]);
          const refused = r.code === 2 && s.requests.length === 0;
          expect(refused || (stillFifo && got.includes('<testsuites')), `${why(r)} stillFifo=${stillFifo} reader got ${got.length} bytes`).toBe(true);
        },
      );
    } finally {
      reader.kill('SIGKILL');
    }
  });

  it.runIf(process.getuid?.() === 0)('as root, --junit on a character device (a twin of /dev/null made with mknod): refused, the device node left as it was', async () => {
    const dev = fresh('null-twin');
    try {
      execFileSync('mknod', [dev, 'c', '1', '3']);
    } catch {
      return; // no CAP_MKNOD here: nothing to show
    }
    await withHostileServer(
      (req) => ({ body: completedBody(req.id ?? '?') }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'dev-1', '--junit', dev], { env: { UPLOAD_POST_API_KEY: 'attack-reports-key' } });
        // The same happens to /dev/null, /dev/full or /dev/stdout itself (found by doing it): `--junit /dev/null` in a root CI container
        // leaves /dev/null a regular file for every later step.
        expect(lstatSync(dev).isCharacterDevice(), `${why(r)}: ${dev} is no longer a character device`).toBe(true);
      },
    );
  });

  it('--markdown on a FIFO nobody reads: refused before the first request (a report write that blocks could make the process unkillable)', async () => {
    const fifo = fresh('summary.fifo');
    execFileSync('mkfifo', [fifo]);
    await withHostileServer(
      (req) => ({ body: completedBody(req.id ?? '?') }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'fifo-2', '--markdown', fifo], { env: { UPLOAD_POST_API_KEY: 'attack-reports-key' }, timeoutMs: 12_000 });
        expect(r.code, why(r)).toBe(2);
        expect(r.stderr).toBe(`upload-post: --markdown: ${fifo} is a pipe, not a file; a report goes to a file\n`);
        expect(s.requests).toHaveLength(0);
        expect(lstatSync(fifo).isFIFO()).toBe(true);
      },
    );
  }, 20_000);
});

describe.concurrent('attack round 2: what a second hostile tester found (docs/CONTRACT.md#links-and-reports)', () => {
  const key = 'attack-reports-key';
  const halfFailed = (n: number, id: string) =>
    `{"request_id":"${id}","status":"completed","results":[${Array.from({ length: n }, (_, i) => (i % 2 ? `{"platform":"p${i}","success":true,"post_url":"https://x.com/p/${i}"}` : `{"platform":"p${i}","success":false,"error_message":"nope"}`)).join(',')}]}`;

  it('GitHub mode, 100,000 platforms half failed: exit 1 in seconds, 50 annotations and a count, outputs and summary written', async () => {
    const body = halfFailed(100_000, 'many');
    await withHostileServer(
      () => ({ body }),
      async (s) => {
        const gh = fakeGithub();
        const r = await runCli(['status', '--base-url', s.url, 'many'], { env: { UPLOAD_POST_API_KEY: key, ...gh.env }, timeoutMs: 40_000 });
        expect(r.code, why(r)).toBe(1);
        const annotations = r.stderr.split('\n').filter((l) => l.startsWith('::'));
        expect(annotations).toHaveLength(52);
        expect(annotations[50]).toBe('::warning title=upload-post::49950 more annotations left out; the step summary and --json have every result');
        expect(annotations[51]).toMatch(/^::warning title=upload-post::post-urls holds the first links only: \d+ more left out to keep the output under GitHub's 1 MB/);
        const outputs = gh.outputs();
        expect(outputs).toMatchObject({ 'exit-code': '1', status: 'failed' });
        expect(Buffer.byteLength(outputs['post-urls']!)).toBeLessThan(1000 * 1000);
        expect(Object.keys(JSON.parse(outputs['post-urls']!)).length).toBeGreaterThan(10_000);
        expect(Buffer.byteLength(gh.summary())).toBeLessThan(1024 * 1024);
        expect(r.stdout).toMatch(/already published on p1, p3, p5, p7, p9, p11 and 49994 more/);
      },
    );
  }, 60_000);

  it('--junit naming GITHUB_OUTPUT another way (relative vs absolute): refused before the first request, the earlier outputs kept', async () => {
    await withHostileServer(
      (req) => ({ body: completedBody(req.id ?? '?') }),
      async (s) => {
        const gh = fakeGithub();
        const r = await runCli(['status', '--base-url', s.url, 'twin-1', '--junit', 'output.txt'], { env: { UPLOAD_POST_API_KEY: key, ...gh.env }, cwd: gh.dir });
        expect(r.code, why(r)).toBe(2);
        expect(r.stderr).toMatch(/^upload-post: --junit and GITHUB_OUTPUT name the same file \(.*output\.txt\); give each report its own\n$/);
        expect(s.requests).toHaveLength(0);
        expect(readFileSync(gh.outputFile, 'utf8')).toBe(EARLIER_OUTPUT);
      },
    );
  });

  it('--json > /dev/full in GitHub mode: the exit-code output says 74, as the process exits', async () => {
    const body = statusBody('p', 'completed', [{ platform: 'x', success: true }, { platform: 'y', success: false, error_message: 'no' }]);
    await withHostileServer(
      () => ({ body }),
      async (s) => {
        const gh = fakeGithub();
        const full = openSync('/dev/full', 'w');
        try {
          const r = await runCli(['status', '--base-url', s.url, 'p', '--json'], { env: { UPLOAD_POST_API_KEY: key, ...gh.env }, stdoutFd: full });
          expect(r.code, why(r)).toBe(74);
          expect(gh.outputs()['exit-code']).toBe('74');
        } finally {
          closeSync(full);
        }
      },
    );
  });

  it('a link holding `##[`: printed whole, with the brackets encoded, so no log line holds a runner command', async () => {
    const body = statusBody('h', 'completed', [{ platform: 'x', success: true, post_url: 'https://x.com/p#x##[add-mask]secret-word' }]);
    await withHostileServer(
      () => ({ body }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'h'], { env: { UPLOAD_POST_API_KEY: key } });
        expect(r.code, why(r)).toBe(0);
        expect(r.stdout + r.stderr).not.toContain('##[');
        expect(r.stdout).toContain('https://x.com/p#x##%5Badd-mask%5Dsecret-word');
      },
    );
  });
});
