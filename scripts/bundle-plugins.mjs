// esbuild plugins shared by the build (scripts/build.mjs) and the check that
// the bundled HTTP stack still works (scripts/check-bundle.mjs).
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

/**
 * src/version.ts reads package.json at run time (right for tsc's output); the
 * bundle has the version and the Node floor inlined, so `--version` opens no
 * file and imports no module (src/cli.ts answers it before anything else loads).
 */
export const inlineVersion = (version, floor) => ({
  name: 'inline-version',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(\.\.\/)*version\.js$/ }, (args) =>
      /[\\/]src[\\/]/.test(args.importer) ? { path: 'version', namespace: 'inline-version' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'inline-version' }, () => ({
      contents: `export function packageVersion() { return ${JSON.stringify(version)}; }
export function nodeFloor() { return ${JSON.stringify(floor)}; }`,
      loader: 'js',
    }));
  },
});

/** `engines.node` as the one version it allows from: ">=20.19" → "20.19.0". Only that form is written. */
export function nodeFloor(range) {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!m) throw new Error(`build: engines.node "${range}" is not of the form ">=MAJOR.MINOR"`);
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
}

/**
 * got loads four packages for features we keep off (`http2: false`, no
 * `cache`, no `dnsCache`, `decompress: false` — src/api/client.ts):
 * http2-wrapper, cacheable-request, cacheable-lookup and decompress-response. Stubbed, a one-shot `status` starts ~35 ms sooner.
 * Each stub throws if its feature is ever asked for, instead of misbehaving.
 */
export const GOT_EXTRAS = {
  'http2-wrapper': `const off = () => { throw new Error('upload-post: got http2 support is not bundled'); };
export default { auto: off, globalAgent: undefined };`,
  // got tests every request error with \`instanceof CacheError\`: it must stay a class.
  'cacheable-request': `export class CacheError extends Error {}
export default class CacheableRequest { constructor() { throw new Error('upload-post: got cache support is not bundled'); } }`,
  'cacheable-lookup': `export default class CacheableLookup { constructor() { throw new Error('upload-post: got dnsCache support is not bundled'); } }`,
  // We decompress ourselves, with a ceiling (src/api/body.ts; got runs with
  // \`decompress: false\`): got's own decompressor would only load zlib.
  'decompress-response': `export default function decompressResponse() { throw new Error('upload-post: got decompression is not bundled'); }`,
};
export const stubGotExtras = {
  name: 'stub-got-extras',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(GOT_EXTRAS).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'got-extra-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'got-extra-stub' }, (args) => ({ contents: GOT_EXTRAS[args.path], loader: 'js' }));
  },
};

/**
 * got's @sindresorhus/is builds two Intl.ListFormat objects at load time, for
 * its error messages only; the first Intl object loads ICU data (~20 ms of a
 * one-shot `status`). Build them on first use instead.
 */
export const lazyListFormat = {
  name: 'lazy-intl-listformat',
  setup(build) {
    build.onLoad({ filter: /[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const out = src.replace(
        /const (\w+) = new Intl\.ListFormat\(('en', \{[^}]*\})\);/g,
        (_, name, opts) => `let ${name}$; const ${name} = { format: (l) => (${name}$ ??= new Intl.ListFormat(${opts})).format(l) };`,
      );
      const warnings = out === src ? [{ text: 'lazy-intl-listformat: pattern not found; Intl.ListFormat stays eager (slower start-up)' }] : [];
      return { contents: out, loader: 'js', warnings };
    });
  },
};

/**
 * Our sources find files beside them with `new URL(…, import.meta.url)`
 * (completion scripts, package.json), written for tsc's layout: dist/<path>.js.
 * In the bundle each module keeps that URL, computed from the bundle's place.
 */
export const moduleUrls = (root) => ({
  name: 'module-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      if (!args.path.startsWith(`${root}src`)) return undefined;
      const src = await readFile(args.path, 'utf8');
      if (!src.includes('import.meta.url')) return undefined;
      const asEmitted = relative(`${root}src`, args.path).replaceAll('\\', '/').replace(/\.ts$/, '.js');
      return { contents: src.replaceAll('import.meta.url', `__moduleUrl(${JSON.stringify(`./${asEmitted}`)})`), loader: 'ts' };
    });
  },
});

/**
 * commander requires node:child_process at load time, for executable
 * subcommands (`program.command('x', 'desc')` run as a separate file), which
 * we never declare; child_process brings net, dgram and their bindings, ~3 ms
 * of every start. Required on first use instead.
 */
export const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    replaceIn(build, 'lazy-child-process', /[\\/]commander[\\/]lib[\\/]command\.js$/, [
      ["const childProcess = require('node:child_process');", "let childProcess$; const childProcess = { spawn: (...a) => (childProcess$ ??= require('node:child_process')).spawn(...a) };"],
    ]);
  },
};

/**
 * got's options module imports node:https and node:tls at load time, for an
 * https request function and a default checkServerIdentity. Loading them
 * brings tls and crypto, ~20 modules; an http base URL (the simulator on
 * loopback) never needs them, and an https one loads them at its first
 * request. Both are read at call time, so nock's patching still applies.
 * (scripts/check-bundle.mjs checks https, a wrong name and an untrusted
 * certificate through exactly these plugins.)
 */
export const lazyGotTls = {
  name: 'lazy-got-tls',
  setup(build) {
    replaceIn(build, 'lazy-got-tls', /[\\/]got[\\/]dist[\\/]source[\\/]core[\\/]options\.js$/, [
      ["import { checkServerIdentity } from 'node:tls';", "const checkServerIdentity = (...a) => require('node:tls').checkServerIdentity(...a);"],
      ["import https from 'node:https';", "const https = { get request() { return require('node:https').request; } };"],
    ]);
    // Each request gets an ID for got's diagnostics_channel messages, which
    // nothing here subscribes to; a UUID for it loads node:crypto (~15 modules).
    replaceIn(build, 'lazy-got-tls', /[\\/]got[\\/]dist[\\/]source[\\/]core[\\/]diagnostics-channel\.js$/, [
      ["import { randomUUID } from 'node:crypto';", "let requests$ = 0; const randomUUID = () => `upload-post-${process.pid}-${++requests$}`;"],
    ]);
  },
};

/** Replace exact source text in the files `filter` matches; a warning for any text no longer there. */
function replaceIn(build, plugin, filter, replacements) {
  build.onLoad({ filter }, async (args) => {
    const src = await readFile(args.path, 'utf8');
    let out = src;
    for (const [from, to] of replacements) out = out.replace(from, to);
    const missing = replacements.filter(([from]) => !src.includes(from));
    const warnings = missing.map(([from]) => ({ text: `${plugin}: "${from}" not found; it stays eager (slower start-up)` }));
    return { contents: out, loader: 'js', warnings };
  });
}
