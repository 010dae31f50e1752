// A tiny tmpfs, to fill a disk for real (mounting needs root; tests that use
// it are skipped where it cannot be had).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  unmount(): void;
}

/** A tmpfs of `kib` KiB, read-only if asked, or undefined when this process cannot mount one. */
export function mountTmpfs(kib: number, readOnly = false): Tmpfs | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether mounting works here (root, and a kernel that lets us). */
export const canMount: boolean = (() => {
  const t = mountTmpfs(4);
  t?.unmount();
  return t !== undefined;
})();
