// The package version and the oldest Node it runs on, read from package.json
// beside dist/ (the bundles have both inlined by scripts/build.mjs).
import { readFileSync } from 'node:fs';

interface PackageJson {
  version: string;
  engines: { node: string };
}

function packageJson(): PackageJson {
  return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;
}

export function packageVersion(): string {
  return packageJson().version;
}

/** `engines.node` (">=20.19") as a version: "20.19.0". */
export function nodeFloor(): string {
  const [major = '0', minor = '0', patch = '0'] = packageJson().engines.node.replace(/^>=\s*/, '').split('.');
  return `${major}.${minor}.${patch}`;
}
