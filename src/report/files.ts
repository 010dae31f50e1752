// Writing report files: atomically (a reader never sees half a JUnit file),
// appending (step summaries and outputs from earlier steps are kept, on a
// line of their own), and checked before the first request, so a typo in a
// path is a usage error rather than a lost report after a ten-minute watch.
// A report goes to a regular file: a device, a FIFO or a terminal could be
// replaced by the rename, or block the process for ever (docs/CONTRACT.md#links-and-reports).
import { access, chmod, constants, lstat, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../config/usage-error.js';
import { randomHex } from '../util/random-hex.js';

/**
 * A temporary file's name beside `path`: short and fixed in length (never
 * derived from the report's own name, which may already be as long as a
 * name can be), hidden, and unique to this process and call.
 */
function tempBeside(path: string): string {
  return join(dirname(path), `.upload-post-${process.pid}-${randomHex(4)}.tmp`);
}

/**
 * Write `text` to `path` through a temporary file in the same folder and a
 * rename. A file that was there keeps its permissions (a 0600 report stays private).
 */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = tempBeside(path);
  const before = await stat(path).catch(() => undefined);
  try {
    await writeFile(tmp, text, { flag: 'wx', mode: before ? before.mode & 0o777 : 0o666 });
    if (before) await chmod(tmp, before.mode & 0o777);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Why a write failed, in words, with the system's code. */
function writeFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'no space left on the device (ENOSPC)';
  if (code === 'EDQUOT') return 'the disk quota is used up (EDQUOT)';
  if (code === 'EIO') return 'an I/O error (EIO)';
  return code ?? (err as Error)?.message ?? String(err);
}

/**
 * Append `text`, on a new line if the file's last line was left open — whole
 * or not at all (docs/CONTRACT.md#links-and-reports): a runner that reads
 * GITHUB_OUTPUT cut inside a value fails the step, and a cut Markdown table
 * carries no marker. One write where the system allows it; if any part
 * fails (a full disk), the file is cut back to its length before, and the
 * error says how much was lost.
 */
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
    const bytes = Buffer.from(lead + text);
    try {
      // A short write (the disk filled mid-way) leaves the rest for another call, which then fails.
      for (let done = 0; done < bytes.length; ) done += (await file.write(bytes, done, bytes.length - done)).bytesWritten;
      await file.datasync();
    } catch (err) {
      const back = await file.truncate(size).then(
        () => `${path} is back as it was`,
        () => `${path} could not be cut back to its ${size} bytes and may end in a partial report`,
      );
      throw new Error(`${writeFailure(err)}: nothing of this run's ${bytes.length} bytes was kept; ${back}`);
    }
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

/** A report's file, as checked before the first request. */
export interface ReportFile {
  /** The absolute path to write, links followed. */
  path: string;
  /** The same for two names of one file (a hard link, `./x` and `x`): the inode when the file exists. */
  identity: string;
}

/**
 * Prove a report can be written where it goes, the way it will be: create
 * the temporary file a rename would use (atomic reports), or open the file
 * for appending. Permission bits alone can mislead (root, /proc, a
 * read-only mount, a name too long for the folder).
 */
async function probe(path: string, how: 'replace' | 'append', exists: boolean): Promise<void> {
  if (how === 'append') {
    await (await open(path, 'a')).close();
    return;
  }
  const tmp = tempBeside(path);
  await (await open(tmp, 'wx')).close();
  await rm(tmp, { force: true });
  // A new file's own name too (one too long for the folder fails here); 'wx' never clobbers one made meanwhile.
  if (!exists) {
    await (await open(path, 'wx')).close();
    await rm(path, { force: true });
  }
}

function unwritable(err: unknown, path: string): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `the folder ${dirname(path)} does not exist`;
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is used up';
    default:
      return `it cannot be written (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`;
  }
}

/**
 * The file a report path names — a symbolic link followed to its target — or
 * a usage error unless that is a regular file we can write, or a new file in
 * a folder we can write. `what` names the flag or variable; `how` is how the
 * report will write it.
 */
export async function reportTarget(path: string, what: string, how: 'replace' | 'append'): Promise<ReportFile> {
  if (path.trim() === '') throw new UsageError(`${what}: the path is empty`);
  let target = await realpath(path).catch(() => undefined);
  if (target === undefined) {
    if ((await lstat(path).catch(() => undefined))?.isSymbolicLink()) throw new UsageError(`${what}: ${path} is a link to nothing`);
    // A new file: where its folder really is.
    target = join(await realpath(dirname(path)).catch(() => resolve(dirname(path))), basename(path));
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isFile()) throw new UsageError(`${what}: ${path} is ${kindOf(existing)}, not a file; a report goes to a file`);
  try {
    await access(existing ? target : dirname(target), constants.W_OK);
    await probe(target, how, existing !== undefined);
  } catch (err) {
    throw new UsageError(`${what}: ${path}: ${unwritable(err, target)}`);
  }
  const after = existing ?? (await stat(target).catch(() => undefined));
  return { path: target, identity: after ? `${after.dev}:${after.ino}` : target };
}
