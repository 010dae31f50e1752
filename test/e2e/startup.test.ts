// What runs before the command: the Node version check and the code cache
// of the CLI bundle (docs/ARCHITECTURE.md#start-up), on the built CLI.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';

/**
 * An older Node, honestly faked: a preload module that sets process.versions.node
 * before the CLI runs, as Node 18 would report it. Nothing in the CLI knows.
 */
const OLD_NODE = ['--import', `data:text/javascript,${encodeURIComponent("Object.defineProperty(process.versions, 'node', { value: '18.20.4' });")}`];

describe('an older Node than engines', () => {
  it.each([[['--version']], [['status', 'ok-1', '--api-key', 'k']], [['--help']]])('%j: one sentence naming both versions, exit 2', async (args) => {
    const r = await runCli(args, { nodeArgs: OLD_NODE });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('upload-post needs Node.js 20.19.0 or newer; this is Node.js 18.20.4.\n');
  });
});

describe('the code cache', () => {
  const home = mkdtempSync(join(tmpdir(), 'upload-post-cache-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('written at the first run, private to the user; later runs read it; a bad one is replaced', async () => {
    await withSimulator({}, async (sim) => {
      const cache = join(home, 'xdg');
      const env = { XDG_CACHE_HOME: cache };
      const run = (nodeArgs: string[] = []) => runCli(['status', 'ok-cache', '--json', '--base-url', sim.url, '--api-key', 'k'], { env, nodeArgs });
      // A cache of an older build is removed when this build's is written.
      mkdirSync(join(cache, 'upload-post'), { recursive: true, mode: 0o700 });
      writeFileSync(join(cache, 'upload-post', 'cli-main-status-0.0.1-v20.0.0-x64-1-1.bin'), 'old');
      const first = await run();
      expect(first.code, first.stderr).toBe(6);
      const folder = join(cache, 'upload-post');
      const files = readdirSync(folder);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^cli-main-status-\d+\.\d+\.\d+-v\d+\.\d+\.\d+-\w+-\d+-\d+\.bin$/);
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(join(folder, files[0]!)).mode & 0o777).toBe(0o600);
      const size = statSync(join(folder, files[0]!)).size;
      expect(size).toBeGreaterThan(10_000);

      const second = await run();
      expect(second.code).toBe(6);
      expect(second.stdout).toBe(first.stdout);

      // A cache V8 cannot use (truncated, foreign) is rejected and written anew.
      writeFileSync(join(folder, files[0]!), 'not a code cache');
      const third = await run();
      expect(third.code, third.stderr).toBe(6);
      expect(statSync(join(folder, files[0]!)).size).toBeGreaterThan(size / 2);

      // Node flags change V8's: such a run keeps a cache of its own, beside the plain one.
      const flagged = await run(['--max-old-space-size=200']);
      expect(flagged.code, flagged.stderr).toBe(6);
      const both = readdirSync(folder).sort();
      expect(both).toHaveLength(2);
      expect(both[0]!.replace(/-f[0-9a-f]+\.bin$/, '.bin')).toBe(files[0]);
    });
  });

  it('a cache folder under /proc (HOME=/proc): the run ends — Node 20\'s recursive mkdir spins there for ever', async () => {
    const r = await runCli(['--help'], { env: { XDG_CACHE_HOME: '/proc/upload-post-test' }, timeoutMs: 15_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: upload-post');
  });

  it('a cache folder that cannot be written costs nothing but time', async () => {
    const locked = join(home, 'locked');
    writeFileSync(locked, 'a file where the folder should be');
    chmodSync(locked, 0o400);
    const r = await runCli(['--help'], { env: { XDG_CACHE_HOME: locked } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: upload-post');
  });
});

/**
 * Start-up is mostly module loading (docs/ARCHITECTURE.md#start-up), and one
 * eager import undoes it unnoticed: a one-shot `--json` over http must not
 * load what only other runs need. Read from Node's own list of the built-in
 * modules a process loaded, written at exit by a preload; no timing involved.
 */
describe('what a one-shot status --json loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-modules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const preload = join(dir, 'modules.cjs');
  writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULES_OUT, process.moduleLoadList.join('\\n')));");

  it('neither the ESM loader, nor a terminal, colour, crypto, zlib, tls, perf_hooks, fs/promises or child_process', async () => {
    await withSimulator({}, async (sim) => {
      const out = join(dir, 'loaded.txt');
      const r = await runCli(['status', 'ok-modules', '--json', '--base-url', sim.url, '--api-key', 'k'], {
        env: { MODULES_OUT: out, XDG_CACHE_HOME: join(dir, 'cache') },
        nodeArgs: ['--require', preload],
      });
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr).toBe('');
      const loaded = readFileSync(out, 'utf8').split('\n');
      expect(loaded).toContain('NativeModule http'); // the list is real
      const unwanted = ['internal/modules/esm/loader', 'tty', 'os', 'crypto', 'zlib', 'tls', 'https', 'perf_hooks', 'fs/promises', 'child_process', 'module', 'internal/vm/module'];
      expect(unwanted.filter((m) => loaded.includes(`NativeModule ${m}`))).toEqual([]);
    });
  });
});
