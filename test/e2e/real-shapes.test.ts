// Each real answer shape (docs/API.md#what-real-answers-look-like) through
// the built CLI against the simulator: the exit code, the sentence, the JUnit
// case, post-urls and --results.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fakeGithub } from '../helpers/github-env.js';
import { parseXml, validateJunit } from '../helpers/junit.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'shapes-e2e-key';

interface Shape {
  id: string;
  code: number;
  /** In the final view. */
  says: RegExp;
  /** The one platform the shape changes: its --results state, and whether post-urls may hold it. */
  state?: string;
  junit?: 'failure' | 'skipped' | 'pass';
}

const SHAPES: Shape[] = [
  { id: 'draft-e2e', code: 1, says: /tiktok is a draft in the TikTok inbox — post it from the TikTok app/, state: 'draft', junit: 'failure' },
  { id: 'code-e2e', code: 1, says: /failed +│ quota_exceeded/, state: 'failed', junit: 'failure' },
  { id: 'statusskip-e2e', code: 0, says: /⊘ skipped +│ profile_platform_not_configured/, state: 'skipped', junit: 'skipped' },
  { id: 'private-e2e', code: 0, says: /Post uploaded as Private\. No public URL available\./, state: 'published', junit: 'pass' },
  { id: 'stalled-e2e', code: 1, says: /stalled: no activity for over an hour/ },
  { id: 'missingrow-e2e', code: 1, says: /no result for 1 of \d platforms — check the upload history before posting again/ },
  { id: 'latelink-e2e', code: 0, says: /link not yet known/, state: 'published', junit: 'pass' },
];

describe.concurrent('real answer shapes, end to end', () => {
  it.each(SHAPES.map((s) => [s.id, s] as const))('%s', async (_id, shape) => {
    await withSimulator({ speed: 10, apiKey: KEY }, async (sim) => {
      const gh = fakeGithub();
      const dir = mkdtempSync(join(tmpdir(), 'shapes-'));
      const junit = join(dir, 'r.xml');
      const results = join(dir, 'r.json');
      const r = await runCli(['status', shape.id, '--watch', '--interval', '2', '--base-url', sim.url, '--junit', junit, '--results', results], {
        env: { UPLOAD_POST_API_KEY: KEY, ...gh.env },
      });
      expect(r.code, r.stderr).toBe(shape.code);
      expect(r.stdout).toMatch(shape.says);
      expect(r.stdout).not.toMatch(/failed: Queued/);
      const doc = JSON.parse(readFileSync(results, 'utf8'));
      expect(doc.exit_code).toBe(shape.code);
      const [upload] = doc.uploads;
      expect(upload).toMatchObject({ id: shape.id, kind: 'request', verdict: shape.code === 0 ? 'completed' : 'failed' });
      if (shape.code !== 0) expect(upload.next_steps.length).toBeGreaterThan(0);
      expect(await validateJunit(readFileSync(junit, 'utf8'))).toEqual([]);
      const output = readFileSync(gh.env.GITHUB_OUTPUT!, 'utf8');
      const urls = JSON.parse(/post-urls<<(\S+)\n([^\n]*)\n/.exec(output)![2]!);
      // post-urls and --results hold a link only for a published platform with one.
      for (const p of upload.platforms) {
        if (p.link !== null) expect(p.state).toBe('published');
        expect(urls[p.platform] ?? null).toBe(p.link);
      }
      if (shape.state) {
        const changed = upload.platforms.filter((p: { state: string; link: string | null; note: string | null }) => p.state === shape.state && (shape.state !== 'published' || p.link === null));
        expect(changed.length, JSON.stringify(upload.platforms)).toBeGreaterThan(0);
        const xml = parseXml(readFileSync(junit, 'utf8'));
        const cases = xml.children.flatMap((suite) => suite.children.filter((c) => c.name === 'testcase'));
        const c = cases.find((t) => t.attrs.name === changed[0].platform)!;
        const tags = c.children.map((k) => k.name);
        if (shape.junit === 'pass') expect(tags).not.toContain('failure');
        else expect(tags).toContain(shape.junit);
      }
    });
  });
});

describe.concurrent('--results however the command ends', () => {
  it('a --timeout: written, the verdict "timeout", the platform still in flight, exit 5', async () => {
    await withSimulator({ speed: 10, apiKey: KEY }, async (sim) => {
      const results = join(mkdtempSync(join(tmpdir(), 'shapes-')), 'r.json');
      const r = await runCli(['status', 'stuck-results', '--watch', '--timeout', '2s', '--base-url', sim.url, '--results', results], { env: { UPLOAD_POST_API_KEY: KEY } });
      expect(r.code, r.stderr).toBe(5);
      const doc = JSON.parse(readFileSync(results, 'utf8'));
      expect(doc).toMatchObject({ exit_code: 5, uploads: [{ id: 'stuck-results', verdict: 'timeout' }] });
      expect(doc.uploads[0].platforms.every((p: { state: string }) => p.state === 'in_flight')).toBe(true);
      expect(doc.uploads[0].next_steps.join('\n')).toMatch(/--timeout/);
    });
  });

  it('a path that cannot be written is a usage error before the first request', async () => {
    const r = await runCli(['status', 'ok-x', '--base-url', 'http://127.0.0.1:9/api', '--results', '/nonexistent-dir/r.json'], { env: { UPLOAD_POST_API_KEY: KEY } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--results: .*does not exist/);
  });
});
