// `npm run build` (run by `prepare`): tsc emits dist/ — the library API
// (dist/index.js + .d.ts) and an unbundled CLI — then esbuild replaces the CLI
// entry with a bundle, because start-up is mostly module loading
// (docs/ARCHITECTURE.md#start-up):
//
//   dist/cli.js        tiny ESM entry with no static import: `--version`
//                      from an inlined constant, anything else require()s
//                      the bundle
//   dist/cli-main.cjs  src/main.ts and every runtime dependency in one
//                      CommonJS file: modules reached through import() are
//                      only evaluated when used, and so are their Node built-ins
//                      (an ESM bundle hoists those to the top: --help paid for
//                      http, tls and zlib)
//
// A later plain `tsc` puts the unbundled entry back: slower start, never stale.
// `node scripts/build.mjs --analyze` prints what the bundle is made of.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { inlineVersion, lazyListFormat, moduleUrls, stubGotExtras } from './bundle-plugins.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = `${root}dist`;
const require = createRequire(import.meta.url);

// A fresh dist/: a module removed from src/ must not linger in the package.
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const esbuild = await import('esbuild');
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

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

const tmp = `${dist}/.bundle-tmp`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

const main = await esbuild.build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: `${tmp}/cli-main.cjs`,
  format: 'cjs',
  banner: { js: `${MARK}\nconst __moduleUrl = (p) => new URL(p, require('node:url').pathToFileURL(__filename)).href;` },
  plugins: [inlineVersion(version), stubGotExtras, lazyListFormat, moduleUrls(root)],
});

const entry = await esbuild.build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: `${tmp}/cli.js`,
  format: 'esm',
  banner: { js: `${MARK}\nconst __moduleUrl = (p) => new URL(p, import.meta.url).href;` },
  plugins: [
    inlineVersion(version),
    moduleUrls(root),
    {
      // require(), not import(): importing CommonJS from ESM first runs
      // cjs-module-lexer over the whole bundle to find its export names.
      // No static import either: each one costs `--version` a module (~1 ms).
      name: 'main-bundle',
      setup(build) {
        build.onResolve({ filter: /^\.\/main\.js$/ }, () => ({ path: 'main', namespace: 'main-bundle' }));
        build.onLoad({ filter: /.*/, namespace: 'main-bundle' }, () => ({
          contents: `export async function main(argv) {
  const { createRequire } = await import('node:module');
  return createRequire(import.meta.url)('./cli-main.cjs').main(argv);
}`,
          loader: 'js',
        }));
      },
    },
  ],
});

// The bundle goes in before the entry that loads it, each by rename, so a CLI
// started meanwhile (tests run in parallel) sees a whole file, old or new.
renameSync(`${tmp}/cli-main.cjs`, `${dist}/cli-main.cjs`);
renameSync(`${tmp}/cli.js`, `${dist}/cli.js`);
rmSync(tmp, { recursive: true, force: true });

if (process.argv.includes('--analyze')) {
  console.log(await esbuild.analyzeMetafile(main.metafile));
  console.log(await esbuild.analyzeMetafile(entry.metafile));
}
if (!existsSync(`${dist}/index.d.ts`)) throw new Error('build: dist/index.d.ts is missing');
