// The package as users get it: `npm pack`, then a global install of the
// tarball into a temp prefix with --omit=dev (it depends on nothing, so
// nothing is fetched or compiled), then the installed `upload-post` run for
// real, and the library loaded by an ESM, a CommonJS and a strict TypeScript
// consumer (docs/ARCHITECTURE.md#build-and-package).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
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

function run(file: string, args: string[], opts: { cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: opts.cwd ?? ROOT, env: env(), timeout: opts.timeoutMs ?? 20_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

function expectOk(r: Run, what: string): void {
  expect(r.code, `${what} failed:\n${r.stderr}`).toBe(0);
}

describe('the npm package', () => {
  let tmp: string;
  let tarball: string | undefined;
  let installed: string | undefined; // <prefix>/bin/upload-post once the install worked
  const version: Promise<string> = readFile(join(ROOT, 'package.json'), 'utf8').then((t) => (JSON.parse(t) as { version: string }).version);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'upload-post-pack-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('packs only what runs, depends on nothing, and installs globally with --omit=dev', async () => {
    // --ignore-scripts: `prepare` would rebuild dist/ while other e2e files
    // run the built CLI from it; `npm test` built dist/ already (pretest).
    const packed = await run(NPM, ['pack', '--pack-destination', tmp, '--json', '--ignore-scripts'], { timeoutMs: 60_000 });
    expectOk(packed, 'npm pack');
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
    tarball = join(tmp, info!.filename);
    expect((await stat(tarball)).size).toBeLessThan(MAX_TARBALL_BYTES);

    const files = info!.files.map((f) => f.path).sort();
    const declarations = files.filter((f) => f.startsWith('dist/types/'));
    expect(files.filter((f) => !f.startsWith('dist/types/'))).toEqual(
      [
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'bin/package.json',
        'bin/upload-post.js',
        'completions/_upload-post',
        'completions/upload-post.bash',
        'completions/upload-post.fish',
        'dist/cli-main.cjs',
        'dist/cli.cjs',
        'dist/index-http.cjs',
        'dist/index.cjs',
        'dist/index.js',
        'dist/mcp.cjs',
        'package.json',
      ].sort(),
    );
    expect(declarations).toContain('dist/types/index.d.ts');
    expect(declarations.every((f) => f.endsWith('.d.ts'))).toBe(true);
    // Only the library's declarations: nothing of the CLI's commands, views or simulator.
    expect(declarations.filter((f) => /\/(commands|render|report|simulator|action)\//.test(f))).toEqual([]);

    const manifest = JSON.parse((await run('tar', ['-xzOf', tarball, 'package/package.json'])).stdout) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();

    const prefix = join(tmp, 'prefix');
    const r = await run(NPM, ['install', '-g', '--prefix', prefix, tarball, '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: tmp, timeoutMs: 90_000 });
    expectOk(r, 'npm install -g --omit=dev');
    installed = join(prefix, 'bin/upload-post');
    expect((await stat(installed)).isFile()).toBe(true);
    // Nothing came along: the package is all there is.
    expect(await readdir(join(prefix, 'lib/node_modules'))).toEqual(['upload-post-cli']);
    expect(await readdir(join(prefix, 'lib/node_modules/upload-post-cli')).then((d) => d.includes('node_modules'))).toBe(false);
  }, 120_000);

  it('the installed upload-post prints its version and its bash completion', async () => {
    expect(installed, 'the install above failed').toBeDefined();
    const r = await run(installed!, ['--version']);
    expectOk(r, 'upload-post --version');
    expect(r.stdout).toBe(`${await version}\n`);
    const c = await run(installed!, ['completion', 'bash']);
    expectOk(c, 'upload-post completion bash');
    expect(c.stdout).toBe(await readFile(join(ROOT, 'completions/upload-post.bash'), 'utf8'));
    // The MCP server is a bundle of its own (dist/mcp.cjs): it loads, and ends when its client does.
    const m = await run(installed!, ['mcp'], { input: '' });
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toMatch(/^upload-post mcp: no API key/);
  });

  it('the installed upload-post watches an upload to the end, and an unknown ID exits 3', async () => {
    expect(installed, 'the install above failed').toBeDefined();
    await withSimulator({ speed: 10 }, async (sim) => {
      const watched = await run(installed!, ['status', '--watch', '--base-url', sim.url, '--api-key', 'k', 'ok-pkg']);
      expect(watched.code, watched.stderr).toBe(0);
      expect(watched.stdout).toMatch(/1 upload: 1 completed/);
      const r = await run(installed!, ['status', '--base-url', sim.url, '--api-key', 'k', '--request-id', 'nope-1']);
      expect(r.code, r.stderr).toBe(3);
    });
  }, 60_000);

  it('a clone installed with `npm ci --omit=dev` gets through prepare: no build tools, so no build, and no failure', async () => {
    const clone = join(tmp, 'clone');
    await mkdir(join(clone, 'scripts'), { recursive: true });
    for (const f of ['package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/bundle-plugins.mjs']) await writeFile(join(clone, f), await readFile(join(ROOT, f)));
    const r = await run(NPM, ['ci', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: clone, timeoutMs: 90_000 });
    expectOk(r, 'npm ci --omit=dev');
    expect(r.stderr).toContain('dev dependencies not installed; dist/ left as it is');
  }, 120_000);

  describe('the library from the packed tarball', () => {
    let consumer: string | undefined;

    beforeAll(async () => {
      if (tarball === undefined) return;
      consumer = join(tmp, 'consumer');
      await mkdir(consumer, { recursive: true });
      await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
      const r = await run(NPM, ['install', tarball, '--omit=dev', '--offline', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: consumer, timeoutMs: 90_000 });
      expectOk(r, 'npm install <tarball>');
    }, 120_000);

    const consume = async (file: string, code: string, url: string): Promise<Run> => {
      expect(consumer, 'the install above failed').toBeDefined();
      await writeFile(join(consumer!, file), code);
      return run(process.execPath, [file, url], { cwd: consumer! });
    };

    it('an ES module imports it: one answer, and the same classes require() gives', async () => {
      await withSimulator({}, async (sim) => {
        const r = await consume(
          'esm.mjs',
          `import { getStatus, UsageError, EXIT } from 'upload-post-cli';
import { createRequire } from 'node:module';
const o = await getStatus('stuck-esm', { apiKey: 'k', baseUrl: process.argv[2] });
const same = createRequire(import.meta.url)('upload-post-cli').UsageError === UsageError;
console.log(JSON.stringify({ kind: o.kind, id: o.upload.id, timeout: EXIT.timeout, same }));`,
          sim.url,
        );
        expectOk(r, 'the ESM consumer');
        expect(JSON.parse(r.stdout)).toEqual({ kind: 'pending', id: 'stuck-esm', timeout: 5, same: true });
      });
    });

    it('a CommonJS module requires it', async () => {
      await withSimulator({}, async (sim) => {
        const r = await consume(
          'cjs.cjs',
          `const { getStatus, UsageError } = require('upload-post-cli');
getStatus('a b', { apiKey: 'k', baseUrl: process.argv[2] }).catch((err) => {
  console.log(JSON.stringify({ usage: err instanceof UsageError }));
  return getStatus({ kind: 'job', id: 'nothing-here' }, { apiKey: 'k', baseUrl: process.argv[2] });
}).then((o) => console.log(JSON.stringify({ kind: o.kind })));`,
          sim.url,
        );
        expectOk(r, 'the CommonJS consumer');
        expect(r.stdout).toBe('{"usage":true}\n{"kind":"not_found"}\n');
        expect(r.stderr).toBe('');
      });
    });

    it('a strict TypeScript consumer (exactOptionalPropertyTypes) type-checks against its declarations', async () => {
      expect(consumer, 'the install above failed').toBeDefined();
      await writeFile(
        join(consumer!, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
          files: ['consumer.ts'],
        }),
      );
      await writeFile(
        join(consumer!, 'consumer.ts'),
        `import { watch, getStatus, type Outcome, type WatchConfig, type IdInput } from 'upload-post-cli';
const maybeKey: string | undefined = process.env.UPLOAD_POST_API_KEY;
const cfg: WatchConfig = { apiKey: maybeKey, baseUrl: undefined, timeoutMs: 1000, onOutcome: (o: Outcome) => void o.kind };
const ids: IdInput[] = ['ok-1', { kind: 'job', id: 'j', notBefore: new Date() }];
export const run = async (): Promise<number> => (await watch(ids, cfg)).exitCode + (await getStatus('x')).upload.id.length;
// @ts-expect-error a kind that does not exist
export const bad: IdInput = { kind: 'nope', id: 'x' };
`,
      );
      const r = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: consumer!, timeoutMs: 60_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }, 60_000);
  });
});
