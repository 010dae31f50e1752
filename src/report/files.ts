// Writing report files: atomically (a reader never sees half a JUnit file),
// appending (step summaries and outputs from earlier steps are kept, on a
// line of their own), and checked before the first request, so a typo in a
// path is a usage error rather than a lost report after a ten-minute watch.
// A report goes to a regular file: a device, a FIFO or a terminal could be
// replaced by the rename, or block the process for ever (docs/CONTRACT.md#links-and-reports).
import { randomBytes } from 'node:crypto';
import { access, constants, lstat, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../config/usage-error.js';

/** Write `text` to `path` through a temporary file in the same folder and a rename. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o644 });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Append `text`, on a new line if the file's last line was left open. */
export async function appendText(path: string, text: string): Promise<void> {
  const file = await open(path, 'a+');
  try {
    const { size } = await file.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    await file.appendFile(lead + text);
  } finally {
    await file.close();
  }
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The file a report path names — a symbolic link followed to its target — or
 * a usage error unless that is a regular file we may write or a new file in a
 * folder we may write. `what` names the flag or variable.
 */
export async function reportTarget(path: string, what: string): Promise<string> {
  if (path.trim() === '') throw new UsageError(`${what}: the path is empty`);
  const link = await lstat(path).catch(() => undefined);
  let target = path;
  if (link?.isSymbolicLink()) {
    target = await realpath(path).catch(() => {
      throw new UsageError(`${what}: ${path} is a link to nothing`);
    });
  } else if (!link) {
    // A new file: where its folder really is.
    target = join(await realpath(dirname(path)).catch(() => dirname(path)), basename(path));
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isFile()) throw new UsageError(`${what}: ${path} is ${kindOf(existing)}, not a file; a report goes to a file`);
  try {
    await access(existing ? target : dirname(target), constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : 'it cannot be written';
    throw new UsageError(`${what}: ${path}: ${why}`);
  }
  return target;
}
