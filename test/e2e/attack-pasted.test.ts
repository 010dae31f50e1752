// The third attack round, as a careful user and a hostile network would try
// it: pasted IDs and base URLs, a firewall's 403, causes that no wait heals,
// and a disk that fills while the reports are appended
// (docs/CONTRACT.md#pasted-input, #faults-and-retries, #links-and-reports).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoStack, runCli, why } from '../helpers/cli.js';
import { EARLIER_OUTPUT } from '../helpers/github-env.js';
import { completedBody, withHostileServer } from '../helpers/hostile-server.js';
import { withSimulator } from '../helpers/sim.js';
import { canMount, mountTmpfs } from '../helpers/tmpfs.js';

const env = { UPLOAD_POST_API_KEY: 'k' };
const dir = mkdtempSync(join(tmpdir(), 'up-attack-pasted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('pasted input', () => {
  it('a base URL with a stray space and a trailing slash asks the right path', async () => {
    await withSimulator({}, async (sim) => {
      const r = await runCli(['status', '--base-url', ` ${sim.url}/ `, 'ok-space', '--json'], { env });
      expect([0, 6], why(r)).toContain(r.code);
      expect(JSON.parse(r.stdout).request_id).toBe('ok-space');
    });
  });

  it('positional job:<id> and request:<id> are read as in --ids-from', async () => {
    await withHostileServer(
      (req) => ({ body: completedBody(req.id ?? '?', req.kind === 'job' ? { job_id: req.id, request_id: undefined } : {}) }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'job:j-1', 'request:r-1', '--json'], { env });
        expect(r.code, why(r)).toBe(0);
        expect(s.requests.map((q) => `${q.kind}:${q.id}`).sort()).toEqual(['job:j-1', 'request:r-1']);
      },
    );
  });

  it.each([
    ['a dashboard URL', 'https://app.upload-post.com/history?request_id=ok-url&tab=1', 'read request ID "ok-url" from'],
    ['request_id=X', 'request_id=ok-param', 'read request ID "ok-param" from "request_id=ok-param"'],
    ['a quoted ID', '"ok-quoted"', 'the quotes around "ok-quoted" were removed'],
  ])('%s is read as the ID, with a note on stderr', async (_name, pasted, note) => {
    await withSimulator({}, async (sim) => {
      const r = await runCli(['status', '--base-url', sim.url, pasted, '--json'], { env });
      expect([0, 6], why(r)).toContain(r.code);
      expect(r.stderr).toContain(`upload-post: note: the ID argument: ${note}`);
    });
  });

  it('a request ID that is not found hints at --job-id', async () => {
    await withSimulator({}, async (sim) => {
      const r = await runCli(['status', '--base-url', sim.url, 'a-job-id-maybe'], { env });
      expect(r.code, why(r)).toBe(3);
      expect(r.stdout).toContain("if this is a scheduled post's job ID, use --job-id");
    });
  });

  it('a UTF-16 ID list (Notepad, PowerShell >) gets one sentence', async () => {
    const path = join(dir, 'ids-utf16.txt');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ok-1\r\nok-2\r\n', 'utf16le')]));
    const r = await runCli(['status', '--ids-from', path], { env });
    expect(r.code, why(r)).toBe(2);
    expect(r.stderr).toBe(`upload-post: --ids-from: ${path} is UTF-16 text; save it as UTF-8 (one ID a line), e.g. with iconv -f UTF-16 -t UTF-8\n`);
  });
});

describe.concurrent('causes that waiting does not heal', () => {
  it("a firewall's HTML 403 is not a verdict on the key: exit 7, naming the host, asked once", async () => {
    await withHostileServer(
      () => ({ status: 403, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>Access denied</h1>Cloudflare</body></html>' }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'x', '--watch', '--timeout', '20s'], { env });
        expect(r.code, why(r)).toBe(7);
        expect(r.stderr).toContain(`HTTP 403 from 127.0.0.1:${s.port}, not an answer from the API (a firewall or proxy?)`);
        expect(r.stderr + r.stdout).not.toMatch(/api-key|authentication/);
        expect(s.requests).toHaveLength(1);
      },
    );
  });

  it("the API's own JSON 403 is still a verdict on the key (exit 4)", async () => {
    await withHostileServer(
      () => ({ status: 403, body: '{"success":false,"message":"Forbidden"}' }),
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'x'], { env });
        expect(r.code, why(r)).toBe(4);
      },
    );
  });

  it.each([
    ['a wrong base URL (404 on the path itself)', { status: 404, headers: { 'content-type': 'text/html' }, body: '<h1>Not Found</h1>' }, /has no status API at this path \(HTTP 404 without a status body\) — check --base-url/],
    ['a redirect', { status: 301, headers: { location: 'https://www.upload-post.com/' }, body: '' }, /redirected to https:\/\/www\.upload-post\.com \(HTTP 301\); redirects are not followed .* — point --base-url at the API itself/],
  ])('%s: its own sentence, no "run again later"', async (_name, reply, sentence) => {
    await withHostileServer(
      () => reply,
      async (s) => {
        const r = await runCli(['status', '--base-url', s.url, 'x'], { env });
        expect(r.code, why(r)).toBe(7);
        expect(r.stderr).toMatch(sentence);
        expect(r.stdout + r.stderr).not.toContain('run again later');
        expect(r.stdout).toContain('waiting will not help');
        expectNoStack(r);
      },
    );
  });
});

describe.skipIf(!canMount)('appends on a full disk (a real 64 KiB tmpfs)', () => {
  it('GITHUB_OUTPUT and the step summary are cut back to what earlier steps left; stderr says so; exit 74', async () => {
    const fs = mountTmpfs(64)!;
    try {
      const output = join(fs.dir, 'output.txt');
      const summary = join(fs.dir, 'summary.md');
      writeFileSync(output, EARLIER_OUTPUT);
      writeFileSync(summary, '# earlier\n');
      // Fill the rest of the disk: each file keeps the slack of its last page, which the appends outgrow mid-way.
      try {
        writeFileSync(join(fs.dir, 'filler'), Buffer.alloc(128 * 1024));
      } catch {
        // ENOSPC: full, as wanted.
      }
      await withHostileServer(
        () => ({ body: completedBody('ok-full', { results: Array.from({ length: 60 }, (_, i) => ({ platform: `p${i}`, success: true, post_url: `https://example.com/post/${'9'.repeat(60)}/${i}` })) }) }),
        async (s) => {
          const r = await runCli(['status', '--base-url', s.url, 'ok-full', '--json'], {
            env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
          });
          expect(r.code, why(r)).toBe(74);
          expect(readFileSync(output, 'utf8')).toBe(EARLIER_OUTPUT);
          expect(readFileSync(summary, 'utf8')).toBe('# earlier\n');
          expect(r.stderr).toMatch(/could not be written \(no space left on the device \(ENOSPC\): nothing of this run's \d+ bytes was kept; .*output\.txt is back as it was\)/);
        },
      );
    } finally {
      fs.unmount();
    }
  });
});
