// `mkdir -p` by hand: Node 20's recursive mkdir (sync and async) spins at
// 100% CPU for ever under /proc — `HOME=/proc` once hung every command at its
// exit, writing the code cache (docs/ARCHITECTURE.md#stack-traps).

type Fs = Pick<typeof import('node:fs'), 'mkdirSync' | 'statSync'>;

/** Creates `folder` and any missing parents, each with `mode`; throws as mkdirSync does (ENOENT, EACCES, ENOTDIR …). */
export function makeFolders(fs: Fs, folder: string, mode: number): void {
  const { dirname } = process.getBuiltinModule('node:path');
  const missing: string[] = [];
  // A path holds a few dozen parts at most; the bound only guards the loop.
  for (let p = folder; missing.length < 256 && fs.statSync(p, { throwIfNoEntry: false }) === undefined; p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const dir of missing.reverse()) fs.mkdirSync(dir, { mode });
}
