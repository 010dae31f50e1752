// Attack: a server's links made to run in a user's shell
// (docs/CONTRACT.md#links-and-reports). A workflow that pastes an output
// into its script (`${{ steps.watch.outputs.post-urls }}` inside `run:`)
// runs whatever the text closes its quotes to say; every link the CLI prints
// or exports holds no ' " ` $ or \, so quoted, it stays one word.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, why } from '../helpers/cli.js';
import { fakeGithub } from '../helpers/github-env.js';
import { statusBody, withHostileServer } from '../helpers/hostile-server.js';

const trap = mkdtempSync(join(tmpdir(), 'attack-shell-'));
afterAll(() => rmSync(trap, { recursive: true, force: true }));

/** Links that try every way out of a quoted shell word; each would touch a file in `trap`. */
const BAIT = [
  `https://x.com/a'$(touch+${trap}/single)'`,
  `https://x.com/b"$(touch+${trap}/double)"`,
  `https://x.com/c?\`touch+${trap}/backtick\``,
  `https://x.com/d#'\\''$(touch+${trap}/escaped)`,
  `https://x.com/e?u=$HOME&v=\${IFS}`,
];

describe('attack: links that would run in a shell', () => {
  it('outputs, summary, Markdown and the plain log hold the links encoded; pasted into bash, quoted, they run nothing', async () => {
    const results = BAIT.map((url, i) => ({ platform: `p${i}`, success: true, post_url: url }));
    await withHostileServer(
      (req) => ({ body: statusBody(req.id ?? '?', 'completed', results) }),
      async (s) => {
        const gh = fakeGithub();
        const markdown = join(gh.dir, 'report.md');
        const r = await runCli(['status', '--base-url', s.url, 'shell-1', '--markdown', markdown], { env: { UPLOAD_POST_API_KEY: 'k', ...gh.env } });
        expect(r.code, why(r)).toBe(0);
        const urls = JSON.parse(gh.outputs()['post-urls']!) as Record<string, string>;
        expect(Object.keys(urls)).toHaveLength(BAIT.length);
        for (const text of [gh.outputs()['post-urls']!.replaceAll('"p', '').replaceAll('":"', '').replaceAll('"', ''), ...Object.values(urls)]) {
          expect(text).not.toMatch(/['`$\\]/);
        }
        for (const link of Object.values(urls)) expect(r.stdout).toContain(link);
        for (const text of [r.stdout, readFileSync(markdown, 'utf8'), gh.summary()]) expect(text).not.toMatch(/'\$\(touch|"\$\(touch|`touch|\$HOME|\$\{IFS/);
        // What `${{ }}` inside `run:` does: the value becomes script text.
        const value = gh.outputs()['post-urls']!;
        for (const script of [`printf '%s\\n' '${value}'`, ...Object.values(urls).flatMap((u) => [`echo '${u}'`, `echo "${u}"`, `echo ${u}`])]) {
          spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: trap });
        }
        expect(readdirSync(trap)).toEqual([]);
      },
    );
  });
});
