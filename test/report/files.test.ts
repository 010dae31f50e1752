// Appends are whole or nothing, on a disk that really fills; a report path
// that cannot be written says why.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendText, reportTarget } from '../../src/report/files.js';
import { canMount, mountTmpfs } from '../helpers/tmpfs.js';

describe.skipIf(!canMount)('appendText on a full disk (a 64 KiB tmpfs)', () => {
  it('a write that fills the disk part-way is cut back: the file is as it was, and the error says what was lost', async () => {
    const fs = mountTmpfs(64)!;
    try {
      const path = join(fs.dir, 'GITHUB_OUTPUT');
      writeFileSync(path, 'earlier=step\n');
      const err = await appendText(path, 'x'.repeat(200_000)).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^no space left on the device \(ENOSPC\): nothing of this run's 200000 bytes was kept; .*GITHUB_OUTPUT is back as it was$/);
      expect(readFileSync(path, 'utf8')).toBe('earlier=step\n');
    } finally {
      fs.unmount();
    }
  });

  it('a write that fits is whole, on a line of its own', async () => {
    const fs = mountTmpfs(64)!;
    try {
      const path = join(fs.dir, 'summary.md');
      writeFileSync(path, 'open line');
      await appendText(path, '# report\n');
      expect(readFileSync(path, 'utf8')).toBe('open line\n# report\n');
    } finally {
      fs.unmount();
    }
  });
});

describe.skipIf(!canMount)('a report folder that cannot be written says why', () => {
  it('read-only', async () => {
    const fs = mountTmpfs(64, true)!;
    try {
      await expect(reportTarget(join(fs.dir, 'r.xml'), '--junit', 'replace')).rejects.toThrow(/^--junit: .*r\.xml: the file system is read-only$/);
    } finally {
      fs.unmount();
    }
  });
});
