// The package as users get it: `npm pack`, then a global install of the
// tarball into a temp prefix (dependencies from the npm cache `npm ci`
// filled), then the installed `upload-post` run for real.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';

const MAX_TARBALL_BYTES = 500 * 1024;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment for npm and the installed CLI: ours, minus what `npm test`
 * exports for its own run (npm_config_prefix and friends would redirect the
 * install), with this Node first on PATH for the bin's `#!/usr/bin/env node`.
 */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) e[k] = v;
  e.PATH = [dirname(process.execPath), process.env.PATH].join(delimiter);
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'UPLOAD_POST_API_KEY', 'UPLOAD_POST_BASE_URL', 'HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) delete e[k];
  return e;
}

function run(file: string, args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: opts.cwd ?? ROOT, env: env(), timeout: opts.timeoutMs ?? 20_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr });
    });
  });
}

function expectOk(r: Run, what: string): void {
  expect(r.code, `${what} failed:\n${r.stderr}`).toBe(0);
}

describe('the npm package', () => {
  let tmp: string;
  let installed: string | undefined; // <prefix>/bin/upload-post once the install worked
  const version: Promise<string> = readFile(join(ROOT, 'package.json'), 'utf8').then((t) => (JSON.parse(t) as { version: string }).version);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'upload-post-pack-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('packs small and clean, and installs globally from the npm cache', async () => {
    // --ignore-scripts: `prepare` would rerun tsc and rewrite dist/ while other
    // e2e files run the built CLI from it; `npm test` built dist/ already (pretest).
    const packed = await run(NPM, ['pack', '--pack-destination', tmp, '--json', '--ignore-scripts'], { timeoutMs: 60_000 });
    expectOk(packed, 'npm pack');
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; unpackedSize: number }>;
    const tarball = join(tmp, info!.filename);

    expect((await stat(tarball)).size).toBeLessThan(MAX_TARBALL_BYTES);
    const listed = await run('tar', ['-tzf', tarball]);
    expectOk(listed, 'tar -t');
    const files = listed.stdout.split('\n').filter(Boolean).map((p) => p.replace(/^package\//, ''));
    expect(files.filter((f) => /^(test|src)\//.test(f) || f.endsWith('.map') || f.endsWith('.tgz'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/upload-post.js',
        'dist/cli.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/commands/completion/run.js',
        'completions/upload-post.bash',
        'completions/_upload-post',
        'completions/upload-post.fish',
      ]),
    );

    const prefix = join(tmp, 'prefix');
    const install = (mode: string) => run(NPM, ['install', '-g', '--prefix', prefix, tarball, mode, '--no-audit', '--no-fund'], { cwd: tmp, timeoutMs: 90_000 });
    let r = await install('--offline');
    // A cache that misses a package (ENOTCACHED) may still fill it from the registry.
    if (r.code !== 0 && /ENOTCACHED/.test(r.stderr)) r = await install('--prefer-offline');
    expectOk(r, 'npm install -g');
    installed = join(prefix, process.platform === 'win32' ? 'upload-post.cmd' : 'bin/upload-post');
    expect((await stat(installed)).isFile()).toBe(true);
  }, 120_000);

  it('the installed upload-post prints its version', async () => {
    expect(installed, 'the install above failed').toBeDefined();
    const r = await run(installed!, ['--version']);
    expectOk(r, 'upload-post --version');
    expect(r.stdout).toBe(`${await version}\n`);
  });

  it('the installed upload-post prints its bash completion', async () => {
    expect(installed, 'the install above failed').toBeDefined();
    const r = await run(installed!, ['completion', 'bash']);
    expectOk(r, 'upload-post completion bash');
    expect(r.stdout).toBe(await readFile(join(ROOT, 'completions/upload-post.bash'), 'utf8'));
  });

  it('the installed upload-post runs status against the simulator: unknown ID → exit 3', async () => {
    expect(installed, 'the install above failed').toBeDefined();
    await withSimulator({}, async (sim) => {
      const r = await run(installed!, ['status', '--base-url', sim.url, '--api-key', 'k', '--request-id', 'nope-1']);
      expect(r.code, r.stderr).toBe(3);
    });
  });
});
