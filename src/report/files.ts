// Writing report files: atomically (a reader never sees half a JUnit file),
// appending (step summaries and outputs from earlier steps are kept), and
// checked before the first request, so a typo in a path is a usage error
// rather than a lost report after a ten-minute watch.
import { randomBytes } from 'node:crypto';
import { access, appendFile, constants, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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

export async function appendText(path: string, text: string): Promise<void> {
  await appendFile(path, text);
}

/**
 * A usage error unless `path` can be written: an existing file we may write,
 * or a new file in a folder we may write. `what` names the flag or variable.
 */
export async function checkWritable(path: string, what: string): Promise<void> {
  if (path.trim() === '') throw new UsageError(`${what}: the path is empty`);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${what}: ${path} is a folder, not a file`);
  try {
    await access(existing ? path : dirname(path), constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : 'it cannot be written';
    throw new UsageError(`${what}: ${path}: ${why}`);
  }
}
