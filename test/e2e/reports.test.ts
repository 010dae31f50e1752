// Links and reports through the built CLI: --junit, --markdown and a faked
// GitHub Actions environment, against the simulator and a hostile server.
import { lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { EARLIER_OUTPUT, EARLIER_SUMMARY, fakeGithub } from '../helpers/github-env.js';
import { withHostileServer } from '../helpers/hostile-server.js';
import { withSimulator } from '../helpers/sim.js';
import { parseXml, validateJunit } from '../helpers/junit.js';
import { hazards, tableRows } from '../helpers/markdown.js';

const KEY = 'reports-e2e-key';
const FAST = { speed: 10, apiKey: KEY };
const REAL_SITE = /^https:\/\/(x\.com|www\.youtube\.com|www\.tiktok\.com|www\.instagram\.com|www\.linkedin\.com|www\.facebook\.com|www\.threads\.net|bsky\.app)\//;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'reports-e2e-'));
}

function status(url: string, args: string[], env: Record<string, string> = {}, timeoutMs?: number) {
  return runCli(['status', '--base-url', url, ...args], { env: { UPLOAD_POST_API_KEY: KEY, ...env }, ...(timeoutMs ? { timeoutMs } : {}) });
}

describe.concurrent('GitHub Actions, --markdown and --junit together', () => {
  it('a partly failed two-ID watch: summary with links and reasons, outputs, one ::error per failed platform, pure JSON Lines on stdout', async () => {
    await withSimulator(FAST, async (sim) => {
      const gh = fakeGithub();
      const md = join(gh.dir, 'report.md');
      writeFileSync(md, '# kept\n');
      const junit = join(gh.dir, 'junit.xml');
      const r = await status(sim.url, ['--request-id', 'partial-rep', '--job-id', 'ok-rep', '--watch', '--json', '--interval', '2', '--markdown', md, '--junit', junit], gh.env);
      expect(r.code, r.stderr).toBe(1);
      // stdout: JSON Lines only, one per ID
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
      // stderr: exactly one ::error, for the one failed platform, with its reason
      const commands = r.stderr.split('\n').filter((l) => l.startsWith('::'));
      expect(commands).toHaveLength(1);
      expect(commands[0]).toMatch(/^::error title=upload-post%3A partial-rep on \w+::\w+ failed: .+ \(already published on .+: don't re-run for those\)$/);
      // outputs: appended after what was there; the runner's format
      expect(readFileSync(gh.outputFile, 'utf8').startsWith(EARLIER_OUTPUT)).toBe(true);
      const out = gh.outputs();
      expect(out.earlier).toBe('from a previous step');
      expect(out['exit-code']).toBe('1');
      expect(out.status).toBe('failed');
      const urls = JSON.parse(out['post-urls']!) as Record<string, Record<string, string>>;
      expect(Object.keys(urls).sort()).toEqual(['job:ok-rep', 'partial-rep']);
      for (const url of [...Object.values(urls['partial-rep']!), ...Object.values(urls['job:ok-rep']!)]) expect(url).toMatch(REAL_SITE);
      expect(Object.keys(urls['partial-rep']!).length).toBeGreaterThanOrEqual(1);
      // the step summary: appended, links and the failure reason
      const summary = gh.summary();
      expect(summary.startsWith(EARLIER_SUMMARY)).toBe(true);
      expect(summary).toMatch(/\]\(https:\/\/(x\.com|www\.|bsky\.app)/);
      expect(summary).toContain('❌ failed');
      expect(summary).toContain("don't re-run for those");
      // the same report in --markdown, after what the file held
      expect(readFileSync(md, 'utf8')).toBe(`# kept\n${summary.slice(EARLIER_SUMMARY.length)}`);
      // JUnit: a suite per ID
      const xml = readFileSync(junit, 'utf8');
      expect(await validateJunit(xml)).toEqual([]);
      expect(xml.match(/<testsuite /g)).toHaveLength(2);
      expect(xml).toContain('<testsuite name="partial-rep"');
      expect(xml).toMatch(/<failure message="[^"]+" type="failed">/);
    });
  });

  it('--no-github: no outputs, no summary, no annotations', async () => {
    await withSimulator(FAST, async (sim) => {
      const gh = fakeGithub();
      const r = await status(sim.url, ['--request-id', 'fail-nogh', '--watch', '--interval', '2', '--no-github'], gh.env);
      expect(r.code).toBe(1);
      expect(readFileSync(gh.outputFile, 'utf8')).toBe(EARLIER_OUTPUT);
      expect(gh.summary()).toBe(EARLIER_SUMMARY);
      expect(r.stderr).not.toMatch(/^::/m);
    });
  });

  it('without GITHUB_ACTIONS=true nothing of GitHub is written, even with the files named', async () => {
    await withSimulator(FAST, async (sim) => {
      const gh = fakeGithub();
      const r = await status(sim.url, ['--request-id', 'fail-nogh2', '--watch', '--interval', '2'], { ...gh.env, GITHUB_ACTIONS: 'false' });
      expect(r.code).toBe(1);
      expect(readFileSync(gh.outputFile, 'utf8')).toBe(EARLIER_OUTPUT);
    });
  });
});

describe.concurrent('reports are written however the run ends', () => {
  it('--timeout: JUnit holds an <error> for the upload; outputs say timeout', async () => {
    await withSimulator(FAST, async (sim) => {
      const gh = fakeGithub();
      const junit = join(gh.dir, 'j.xml');
      const r = await status(sim.url, ['--request-id', 'stuck-rep', '--watch', '--timeout', '1500ms', '--junit', junit], gh.env);
      expect(r.code).toBe(5);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toMatch(/<error message="[^"]*" type="timeout">/);
      expect(await validateJunit(xml)).toEqual([]);
      expect(gh.outputs()).toMatchObject({ 'exit-code': '5', status: 'timeout' });
      expect(r.stderr).toMatch(/^::warning title=upload-post%3A stuck-rep::stuck-rep was not final when the --timeout ran out/m);
    });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s mid-watch: JUnit and outputs are written, with the exit code %i', async (signal, code) => {
    await withSimulator(FAST, async (sim) => {
      const gh = fakeGithub();
      const junit = join(gh.dir, 'j.xml');
      let pid = 0;
      const run = runCli(['status', '--base-url', sim.url, '--request-id', 'stuck-sig', '--watch', '--junit', junit], { env: { UPLOAD_POST_API_KEY: KEY, ...gh.env }, onSpawn: (p) => (pid = p) });
      for (let i = 0; i < 400 && (sim.stats().requestsById['stuck-sig'] ?? 0) < 1; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 200));
      process.kill(pid, signal);
      const r = await run;
      expect(r.code).toBe(code);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toMatch(/type="interrupted"/);
      expect(await validateJunit(xml)).toEqual([]);
      expect(gh.outputs()).toMatchObject({ 'exit-code': String(code), status: 'interrupted' });
    });
  });
});

describe.concurrent('--junit validates for every kind of outcome', () => {
  it('completed, failed, partly failed, skipped, not found, API error and timeout in one run', async () => {
    await withSimulator(FAST, async (sim) => {
      const junit = join(tmp(), 'j.xml');
      const ids = ['ok-jk', 'fail-jk', 'partial-jk', 'skipped-jk', 'nope-jk', 'error-jk', 'stuck-jk'];
      const r = await status(sim.url, [...ids.flatMap((id) => ['--request-id', id]), '--watch', '--interval', '2', '--timeout', '5s', '--junit', junit]);
      expect(r.code).toBe(7); // error- outranks the rest
      const xml = readFileSync(junit, 'utf8');
      expect(await validateJunit(xml)).toEqual([]);
      const suites = parseXml(xml).children;
      expect(suites.map((x) => [x.attrs.name, x.children.find((c) => c.name === 'properties')!.children.find((p) => p.attrs.name === 'outcome')!.attrs.value])).toEqual([
        ['ok-jk', 'completed'],
        ['fail-jk', 'failed'],
        ['partial-jk', 'failed'],
        ['skipped-jk', 'completed'],
        ['nope-jk', 'not_found'],
        ['error-jk', 'api_error'],
        ['stuck-jk', 'timeout'],
      ]);
      expect(suites.find((x) => x.attrs.name === 'skipped-jk')!.attrs).toMatchObject({ failures: '0', errors: '0', skipped: '1' });
    });
  });

  it.each([
    ['a bad key', ['--request-id', 'ok-a', '--request-id', 'ok-b'], { UPLOAD_POST_API_KEY: 'wrong-key-xyz' }, 4, 'errors'],
    ['a one-shot not final yet', ['--request-id', 'stuck-one'], {}, 6, 'skipped'],
  ] as const)('%s', async (_name, args, env, code, counted) => {
    await withSimulator(FAST, async (sim) => {
      const junit = join(tmp(), 'j.xml');
      const r = await status(sim.url, [...args, '--junit', junit], env);
      expect(r.code).toBe(code);
      const xml = readFileSync(junit, 'utf8');
      expect(await validateJunit(xml)).toEqual([]);
      for (const suite of parseXml(xml).children) expect(suite.attrs[counted]).toBe('1');
    });
  });
});

describe.concurrent('a report path that cannot be written: exit 2 before any request', () => {
  it.each([
    ['--junit into a missing folder', (d: string) => ['--junit', join(d, 'missing', 'j.xml')], {}, /--junit: .*the folder .* does not exist/],
    ['--markdown at a folder', (d: string) => ['--markdown', d], {}, /--markdown: .* is a folder, not a file/],
    ['GITHUB_OUTPUT in a missing folder', () => [], { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: '/nonexistent-dir/out' }, /GITHUB_OUTPUT: .* does not exist/],
  ] as const)('%s', async (_name, args, env, message) => {
    await withSimulator(FAST, async (sim) => {
      const r = await status(sim.url, ['--request-id', 'ok-x', ...args(tmp())], env as Record<string, string>);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(sim.stats().requests).toBe(0);
    });
  });
});

describe.concurrent('report files', () => {
  it('two reports on one file (here --junit over GITHUB_OUTPUT): exit 2 before any request, the earlier outputs kept', async () => {
    await withSimulator(FAST, async (sim) => {
      const gh = fakeGithub();
      const r = await status(sim.url, ['--request-id', 'ok-same', '--junit', gh.outputFile], gh.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--junit and GITHUB_OUTPUT name the same file/);
      expect(sim.stats().requests).toBe(0);
      expect(readFileSync(gh.outputFile, 'utf8')).toBe(EARLIER_OUTPUT);
    });
  });

  it('a report path that is a link: the file it points at is written, the link stays a link', async () => {
    await withSimulator(FAST, async (sim) => {
      const dir = tmp();
      const target = join(dir, 'real.xml');
      const link = join(dir, 'link.xml');
      symlinkSync(target, link);
      writeFileSync(target, 'old');
      const r = await status(sim.url, ['--request-id', 'ok-link', '--junit', link]);
      expect(r.code).toBe(6);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(await validateJunit(readFileSync(target, 'utf8'))).toEqual([]);
    });
  });

  it('an outputs file whose last line was left open: ours start on a line of their own', async () => {
    await withSimulator(FAST, async (sim) => {
      const gh = fakeGithub();
      writeFileSync(gh.outputFile, 'earlier=no newline after me');
      const r = await status(sim.url, ['--request-id', 'ok-nl'], gh.env);
      expect(r.code).toBe(6);
      expect(gh.outputs()).toMatchObject({ earlier: 'no newline after me', 'exit-code': '6', status: 'pending' });
    });
  });
});

describe.concurrent('hostile server text cannot forge a command, an output or markup', () => {
  const evil = {
    platform: 'x%0A::error::forged\n::set-output name=status::completed',
    success: false,
    error_message: 'bad | <script>alert(1)</script> [click](javascript:alert(1)) ![i](https://evil.example/p.png) https://evil.example/autolink \u001b]0;title\u0007%0A::warning::forged',
  };
  const live = { platform: 'tiktok|<b>', success: true, post_url: 'https://www.tiktok.com/@u/video/1?q=a|b\u001b]8;;https://evil\u0007' };
  const js = { platform: 'youtube', success: true, post_url: 'javascript:alert(1)', url: 'https://www.youtube.com/watch?v=abc(1)<x>' };
  const body = JSON.stringify({ request_id: 'evil', status: 'completed', completed: 2, total: 3, results: [evil, live, js] });

  it('annotations, outputs, the summary, JUnit and the plain view', async () => {
    await withHostileServer(() => ({ body }), async (s) => {
      const gh = fakeGithub();
      const junit = join(gh.dir, 'j.xml');
      const r = await runCli(['status', '--base-url', s.url, '--request-id', 'evil', '--junit', junit], { env: { UPLOAD_POST_API_KEY: KEY, ...gh.env } });
      expect(r.code).toBe(1);
      // one annotation, one line, nothing else that looks like a command
      const commands = r.stderr.split('\n').filter((l) => /^\s*::/.test(l));
      expect(commands).toHaveLength(1);
      expect(commands[0]).toMatch(/^::error title=[^:,\r\n]*::/);
      // the outputs hold exactly ours
      expect(Object.keys(gh.outputs()).sort()).toEqual(['earlier', 'exit-code', 'post-urls', 'status']);
      expect(gh.outputs().status).toBe('failed');
      // post-urls: only validated links; the youtube one is the rebuilt `url`
      const urls = JSON.parse(gh.outputs()['post-urls']!) as Record<string, string>;
      expect(Object.values(urls).every((u) => /^https:\/\//.test(u) && !/[\u0000-\u001f<>|]/.test(u))).toBe(true);
      expect(urls.youtube).toBe('https://www.youtube.com/watch?v=abc(1)%3Cx%3E');
      // the summary: no HTML, no link but ours, no escape
      const md = gh.summary().slice(EARLIER_SUMMARY.length);
      // rendered as GitHub renders it: the one valid link (a URL holding an escape is no link at all)
      expect(hazards(md)).toEqual({ html: [], links: ['https://www.youtube.com/watch?v=abc%281%29%3Cx%3E'], images: [] });
      expect(md).not.toContain('\u001b');
      for (const row of tableRows(md)) expect(row).toHaveLength(3);
      // JUnit: text kept, escaped, no control characters, still valid
      const xml = readFileSync(junit, 'utf8');
      expect(await validateJunit(xml)).toEqual([]);
      expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      expect(xml).toContain('&lt;script&gt;');
      // the plain view: no escape sequence
      expect(r.stdout).not.toMatch(/[\u001b\u0007]/);
    });
  });
});
