// `npm run build` (run by `prepare`) — the one place that builds
// (docs/ARCHITECTURE.md#build-and-package):
//
//   tsc                checks types; emits build/ (JS + .d.ts, for tests and
//                      bench only, never shipped)
//   dist/cli.cjs       tiny CommonJS entry with no require at the top: the Node
//                      version check, `--version` from an inlined constant,
//                      anything else require()s the bundle (CommonJS, not ESM:
//                      an ES entry starts Node's ESM loader, ~5 ms of a start)
//   dist/cli-main.cjs  src/main.ts and every runtime dependency in one
//                      CommonJS file: modules reached through import() are
//                      only evaluated when used, and so are their Node built-ins
//                      (an ESM bundle hoists those to the top: --help paid for
//                      http, tls and zlib)
//   dist/index.cjs     the library (src/index.ts) and what it needs, bundled
//                      the same way: `require('upload-post-cli')`; its HTTP
//                      stack (src/api/connect.ts, got) in dist/index-http.cjs,
//                      loaded at the first call, so importing parses little
//   dist/index.js      `import`: an ESM face over that same CommonJS file, so
//                      both module systems share one copy of the library
//   dist/types/        the library's declarations, only those index.d.ts reaches
//   dist/mcp.cjs       `upload-post mcp` (src/mcp/serve.ts) with the MCP SDK,
//                      zod, ajv and hono: ~1 MB that every other command
//                      would parse, so a bundle of its own, required by
//                      cli-main.cjs only when `mcp` runs
//
// With no dev dependencies installed (`npm ci --omit=dev` in a clone), there
// is nothing to build with: `--if-tools` (what `prepare` passes) says so and
// leaves dist/ as it is instead of failing the install.
//
//   --action [dir]   also (or, with a dir, only) write the GitHub Action's
//                    bundle, action/index.cjs, committed to the repository
//   --analyze        print what the bundles are made of
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = `${root}dist`;
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

if (args.includes('--if-tools') && !['typescript', 'esbuild'].every(resolvable)) {
  console.error('upload-post build: dev dependencies not installed; dist/ left as it is');
  process.exit(0);
}

const { inlineVersion, lazyChildProcess, lazyGotTls, lazyListFormat, moduleUrls, nodeFloor, stubGotExtras } = await import('./bundle-plugins.mjs');
const esbuild = await import('esbuild');
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const floor = nodeFloor(pkg.engines.node);

const MARK = `// upload-post CLI bundle, built by scripts/build.mjs from src/ (see src/cli.ts, src/main.ts)`;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  absWorkingDir: root,
  // Whitespace and syntax only: names stay, so a --verbose stack trace still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
};
/** Our modules find files (completions) as if they sat at dist/<path>.js. */
const cjsModuleUrl = (toDist) => `const __moduleUrl = (p) => new URL(p, require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(toDist)}))).href;`;
const cjs = (entry, outfile, toDist, plugins = []) =>
  esbuild.build({
    ...common,
    entryPoints: [entry],
    outfile,
    format: 'cjs',
    banner: { js: `${MARK}\n${cjsModuleUrl(toDist)}` },
    plugins: [inlineVersion(pkg.version, floor), stubGotExtras, lazyListFormat, lazyChildProcess, lazyGotTls, moduleUrls(root), ...plugins],
  });

const actionAt = args.indexOf('--action');
const actionDir = actionAt >= 0 ? (args[actionAt + 1] && !args[actionAt + 1].startsWith('--') ? args[actionAt + 1] : `${root}action`) : undefined;
// `--action <dir>` builds the Action's bundle alone (test/e2e/action.test.ts compares it with the committed one).
if (actionDir === undefined || actionDir === `${root}action`) await buildPackage();
if (actionDir !== undefined) await buildAction(actionDir);

async function buildPackage() {
  // A fresh dist/: a module removed from src/ must not linger in the package.
  rmSync(dist, { recursive: true, force: true });
  rmSync(`${root}build`, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);

  const tmp = `${dist}/.bundle-tmp`;
  mkdirSync(tmp, { recursive: true });
  const main = await cjs('src/main.ts', `${tmp}/cli-main.cjs`, 'x', [requiredBesideMe('../../mcp/serve.js', './mcp.cjs')]);
  const mcp = await cjs('src/mcp/serve.ts', `${tmp}/mcp.cjs`, 'x');
  const commands = commandNames(`${tmp}/cli-main.cjs`);
  const entry = await esbuild.build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: `${tmp}/cli.cjs`,
    format: 'cjs',
    banner: { js: MARK },
    plugins: [inlineVersion(pkg.version, floor), moduleUrls(root), requireBesideMe('main', 'cli-main.cjs', ['main'], commands)],
  });
  const lib = await cjs('src/index.ts', `${tmp}/index.cjs`, 'x', [besideMe('./api/connect.js', './index-http.cjs')]);
  const libHttp = await cjs('src/api/connect.ts', `${tmp}/index-http.cjs`, 'x');
  const { default: _default, ...exported } = require(`${tmp}/index.cjs`);
  writeFileSync(`${tmp}/index.js`, libraryFace(Object.keys(exported)));

  // The bundle goes in before the entry that loads it, each by rename, so a CLI
  // started meanwhile (tests run in parallel) sees a whole file, old or new.
  for (const f of ['mcp.cjs', 'cli-main.cjs', 'cli.cjs', 'index-http.cjs', 'index.cjs', 'index.js']) renameSync(`${tmp}/${f}`, `${dist}/${f}`);
  rmSync(tmp, { recursive: true, force: true });
  copyDeclarations(`${root}build`, `${dist}/types`, 'index.d.ts');

  if (args.includes('--analyze')) for (const r of [main, entry, lib, libHttp, mcp]) console.log(await esbuild.analyzeMetafile(r.metafile));
}

/** The Action's one file: src/action/main.ts with the whole CLI inside, run by the runner's own Node. */
async function buildAction(dir) {
  mkdirSync(dir, { recursive: true });
  // The action sits in action/, the completions it never prints in ../completions: dist/x stands in for both.
  // Nor does it ever serve MCP: the server's bundle stays out of it (a require no run reaches).
  await cjs('src/action/main.ts', join(dir, 'index.cjs'), '../dist/x', [requiredBesideMe('../../mcp/serve.js', './mcp.cjs')]);
}

/**
 * `import` of the library: the CommonJS bundle, required, its names exported
 * one by one. (Importing the .cjs directly would also work, but runs
 * cjs-module-lexer over the whole bundle first, and a second, ESM build
 * would give two copies of every class — `instanceof UsageError` would lie.)
 */
function libraryFace(names) {
  const lines = names.sort().map((n) => `export const ${n} = lib.${n};`);
  // getBuiltinModule, not an import of node:module: one module fewer to link.
  return `${MARK.replace('CLI bundle', 'library')}\nconst lib = process.getBuiltinModule('node:module').createRequire(import.meta.url)('./index.cjs');\n${lines.join('\n')}\n`;
}

/**
 * `import './main.js'` in the entry becomes the bundle beside it, required at
 * call time through the code cache (src/code-cache.ts). Not import(): that
 * first runs cjs-module-lexer over the whole bundle to find its export names.
 * No static import of a built-in either: each costs `--version` a module (~1 ms).
 */
function requireBesideMe(name, file, exports, commands) {
  const loader = JSON.stringify(`${root}src/code-cache.ts`);
  return {
    name: `${name}-bundle`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^\\./${name}\\.js$`) }, () => ({ path: name, namespace: `${name}-bundle` }));
      build.onLoad({ filter: /.*/, namespace: `${name}-bundle` }, () => ({
        contents: `import { cacheFolder, requireWithCodeCache } from ${loader};
const here = \`\${__dirname}/${file}\`;
const COMMANDS = ${JSON.stringify(commands)};
const load = (argv) => requireWithCodeCache(here, cacheFolder(process.env), ${JSON.stringify(pkg.version)}, COMMANDS.find((c) => c === argv[0]) ?? 'other', require);
${exports.map((e) => `export async function ${e}(argv) { return load(argv).${e}(argv); }`).join('\n')}`,
        resolveDir: `${root}src`,
        loader: 'js',
      }));
    },
  };
}

/** `import(specifier)` of one module becomes a require of `file`, a bundle of its own beside this one. */
function besideMe(specifier, file) {
  return {
    name: `beside-me:${file}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }, () => ({ path: file, external: true }));
    },
  };
}

/**
 * `import(specifier)` of one module becomes a plain require of `file` beside
 * the bundle. For cli-main.cjs, which runs in a vm.Script (the code cache),
 * where an import() of a file fails without --experimental-vm-modules.
 */
function requiredBesideMe(specifier, file) {
  const namespace = `required-beside-me:${file}`;
  return {
    name: namespace,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }, () => ({ path: file, namespace }));
      build.onLoad({ filter: /.*/, namespace }, () => ({ contents: `module.exports = require(${JSON.stringify(file)});`, loader: 'js' }));
      build.onResolve({ filter: new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }, (args) => (args.namespace === namespace ? { path: file, external: true } : undefined));
    },
  };
}

/**
 * The command names the bundle's --help lists: each command gets its own code
 * cache (a run caches what it compiled; `--help`'s would serve `status` badly).
 */
function commandNames(bundle) {
  const help = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(bundle)}).main(['--help'])`], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  const section = /^Commands:\n([\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(help.stdout)?.[1] ?? '';
  const names = [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]).filter((n) => n !== 'help');
  if (!names.includes('status')) throw new Error(`build: no command list in the bundle's --help:\n${help.stdout}${help.stderr}`);
  return names;
}

/** Copy `start` and every declaration it reaches by relative import: the library's types, nothing else. */
function copyDeclarations(from, to, start) {
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = readFileSync(join(from, rel), 'utf8');
    for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'|import\('(\.{1,2}\/[^']+)\.js'\)/g)) visit(join(dirname(rel), `${m[1] ?? m[2]}.d.ts`));
  };
  visit(start);
  for (const rel of seen) {
    mkdirSync(dirname(join(to, rel)), { recursive: true });
    cpSync(join(from, rel), join(to, rel));
  }
  if (!existsSync(join(to, start))) throw new Error(`build: ${start} is missing`);
}

function resolvable(name) {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}
