// Attack: hostile values in every field the facts read (docs/CONTRACT.md#links-and-reports):
// error_code, skip_reason, fallback_to_inbox, the platform's ids, a post_url
// that is a sentence — through the built CLI, into the view, the GitHub
// annotations and outputs, JUnit and --results.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoStack, runCli, why } from '../helpers/cli.js';
import { fakeGithub } from '../helpers/github-env.js';
import { statusBody, withHostileServer } from '../helpers/hostile-server.js';
import { validateJunit } from '../helpers/junit.js';

const KEY = 'attack-facts-key';

async function run(rows: object[], status = 'completed', extra: string[] = []) {
  let result: Awaited<ReturnType<typeof runCli>> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'attack-facts-'));
  const files = { junit: join(dir, 'r.xml'), results: join(dir, 'r.json') };
  const gh = fakeGithub();
  await withHostileServer(
    (req) => ({ body: statusBody(req.id ?? '?', status, rows) }),
    async (s) => {
      result = await runCli(['status', '--base-url', s.url, 'hostile-facts', '--junit', files.junit, '--results', files.results, ...extra], { env: { UPLOAD_POST_API_KEY: KEY, ...gh.env } });
    },
  );
  const r = result!;
  return { r, junit: readFileSync(files.junit, 'utf8'), results: JSON.parse(readFileSync(files.results, 'utf8')), output: readFileSync(gh.env.GITHUB_OUTPUT!, 'utf8') };
}

describe.concurrent('attack: hostile values in the fields the facts read', () => {
  it('an error_code with controls and `##[`: one safe line everywhere, never a workflow command', async () => {
    const { r, junit, results } = await run([{ platform: 'youtube', success: false, error_code: 'quota\u001b]0;pwned\u0007\n##[error]forged\r\n::error::x' }]);
    expect(r.code, why(r)).toBe(1);
    expectNoStack(r);
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toMatch(/[\u001b\u0007\r]/);
      expect(text).not.toContain('##[');
      for (const line of text.split('\n')) expect(line.startsWith('::error::x')).toBe(false);
    }
    expect(await validateJunit(junit)).toEqual([]);
    expect(junit).not.toContain('##[');
    const [p] = results.uploads[0].platforms;
    expect(p).toMatchObject({ platform: 'youtube', state: 'failed', reason: null, link: null });
    expect(p.error_code).not.toMatch(/[\u0000-\u001f]/);
    expect(p.error_code.length).toBeLessThanOrEqual(100);
  });

  it('a 7 MB skip_reason: bounded in every output, the upload still completed', async () => {
    const { r, results } = await run([
      { platform: 'x', success: true, post_url: 'https://x.com/u/status/1' },
      { platform: 'threads', status: 'skipped', skip_reason: 'r'.repeat(7_000_000) },
    ]);
    expect(r.code, why(r)).toBe(0);
    expectNoStack(r);
    expect(r.stdout.length).toBeLessThan(20_000);
    expect(results.uploads[0].platforms[1].state).toBe('skipped');
    expect(results.uploads[0].platforms[1].reason.length).toBeLessThanOrEqual(1_000);
  });

  it('fallback_to_inbox: "yes" is mistyped and dropped; a v_inbox id still makes a draft; a draft is never a link', async () => {
    const { r, results, output } = await run([
      { platform: 'x', success: true, fallback_to_inbox: 'yes', post_url: 'https://x.com/u/status/2' },
      { platform: 'tiktok', success: true, publish_id: 'v_inbox_file~v2.1', post_url: 'https://www.tiktok.com/@u/video/3' },
    ]);
    expect(r.code, why(r)).toBe(1);
    const [x, tiktok] = results.uploads[0].platforms;
    expect(x).toMatchObject({ state: 'published', link: 'https://x.com/u/status/2' });
    expect(tiktok).toMatchObject({ state: 'draft', link: null });
    expect(output).toContain('{"x":"https://x.com/u/status/2"}');
    expect(output).not.toContain('tiktok.com');
    expect(r.stderr).toMatch(/::error title=upload-post%3A hostile-facts on tiktok::tiktok: draft in the TikTok inbox — post it from the app/);
  });

  it('ids and codes of every type: numbers, objects, arrays, nulls — never a crash', async () => {
    const { r, results } = await run([
      { platform: 'a', success: true, publish_id: { deep: [1, 2] }, post_id: 123, error_code: { x: 1 }, fallback_to_inbox: null, skip_reason: ['x'] },
      { platform: 'b', success: false, error_code: 42, error: { message: 'nested' } },
    ]);
    expect(r.code, why(r)).toBe(1);
    expectNoStack(r);
    expect(results.uploads[0].platforms[1]).toMatchObject({ state: 'failed', error_code: '42' });
    expect(results.uploads[0].platforms[0]).toMatchObject({ state: 'published', error_code: null, note: null });
  });

  it('a stalled upload whose only row is "Queued" never reads "failed: Queued"', async () => {
    const { r, results } = await run([{ platform: 'x', success: false, message: 'Queued' }], 'failed');
    expect(r.code, why(r)).toBe(1);
    expect(r.stdout).toMatch(/stalled: no activity for over an hour/);
    expect(r.stdout).not.toMatch(/failed: Queued/);
    expect(results.uploads[0].platforms[0]).toMatchObject({ state: 'no_result', reason: null });
    expect(results.uploads[0].next_steps.join('\n')).toMatch(/check the upload history before posting again/);
  });
});
