// Loading the CLI bundle with V8's code cache: the first run compiles it and,
// at exit, saves what V8 compiled (the bundle's functions that ran) under the
// user's cache folder; later runs hand that back to V8 and skip most of the
// compiling — about a quarter of a one-shot `status` (docs/ARCHITECTURE.md#start-up).
// Node 20 has no module.enableCompileCache(), so this is vm.Script's cachedData.
// Every failure (no HOME, a read-only disk, a cache V8 rejects) falls back to
// compiling as usual: the cache only ever saves time. Built-ins come through
// getBuiltinModule so that `--version` (src/cli.ts) requires nothing.

/** Where the cache lives: $XDG_CACHE_HOME/upload-post, else ~/.cache/upload-post; undefined without either. */
export function cacheFolder(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative path is invalid and must be ignored.
  if (xdg && xdg.startsWith('/')) return `${xdg}/upload-post`;
  return env.HOME && env.HOME.startsWith('/') ? `${env.HOME}/.cache/upload-post` : undefined;
}

import { makeFolders } from './util/folders.js';

const PREFIX = 'cli-main-';

/**
 * require() `file` (a CommonJS bundle) through a code cache in `folder`. The
 * cache file's name holds what V8 does not check itself: V8 checks its own
 * version and flags, but knows the source only by its length — so the
 * package version and the bundle's size and time are in the name. Each
 * command (`command`: one of the bundle's command names, never a user's
 * argument) has its own: a run caches what it compiled, and `--help`'s cache
 * would leave `status` compiling. `req` is the require of a module beside
 * `file` (the entry's own: node:module's createRequire loads source maps too).
 */
export function requireWithCodeCache(file: string, folder: string | undefined, version: string, command: string, req: NodeJS.Require): unknown {
  const fs = process.getBuiltinModule('node:fs');
  const vm = process.getBuiltinModule('node:vm');
  const source = fs.readFileSync(file, 'utf8');
  const stat = fs.statSync(file);
  const build = `${version}-${process.version}-${process.arch}-${stat.size}-${Math.trunc(stat.mtimeMs)}`;
  const name = `${PREFIX}${command}-${build}${flagsTag()}.bin`;
  const cacheFile = folder === undefined ? undefined : `${folder}/${name}`;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile !== undefined) cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
  // No importModuleDynamically: it loads vm's module machinery, and the bundle
  // holds no import() (scripts/check-bundle.mjs checks; what one command alone
  // needs is a bundle of its own, required).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  if (folder !== undefined && cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // At exit, so the cache holds every function this run compiled, not just the top level.
    process.once('exit', () => saveCache(fs, script, folder, name, build));
  }
  const mod = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  wrapper.call(mod.exports, mod.exports, req, mod, file, file.slice(0, file.lastIndexOf('/')));
  return mod.exports;
}

/**
 * Node flags change V8's flags, and V8 rejects a cache made under others: a
 * run with, say, --max-old-space-size keeps a cache of its own instead of
 * rewriting the one every plain run uses. A short hash, not the flags (paths).
 */
function flagsTag(): string {
  const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`.trim();
  if (flags === '') return '';
  let h = 5381;
  for (let i = 0; i < flags.length; i++) h = ((h * 33) ^ flags.charCodeAt(i)) >>> 0;
  return `-f${h.toString(16)}`;
}

/** Written whole (a temp file, then rename), private to the user; caches of other builds removed. Never throws. */
function saveCache(fs: typeof import('node:fs'), script: import('node:vm').Script, folder: string, name: string, build: string): void {
  const tmp = `${folder}/.${name}.${process.pid}.tmp`;
  try {
    makeFolders(fs, folder, 0o700);
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, `${folder}/${name}`);
    for (const old of fs.readdirSync(folder)) if (old.startsWith(PREFIX) && !old.includes(`-${build}`)) fs.rmSync(`${folder}/${old}`, { force: true });
  } catch {
    // A cache we cannot write costs the next run its compile time, nothing else
    // (and leaves nothing behind: a folder where the file should be fails the rename).
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to remove
    }
  }
}
