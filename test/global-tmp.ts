// One temporary folder for the whole run, removed at its end: every test,
// worker and CLI it spawns inherits TMPDIR (os.tmpdir() reads it at each
// call), so whatever a test leaves behind — a report, a fake GitHub file, a
// FIFO — goes with the run instead of piling up in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'upload-post-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
