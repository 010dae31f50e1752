// mkdir -p by hand (src/util/folders.ts): Node 20's recursive mkdir spins for
// ever under /proc; ours fails there at once, and otherwise makes every
// missing folder with the mode asked for.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolders } from '../../src/util/folders.js';

describe('makeFolders', () => {
  const root = mkdtempSync(join(tmpdir(), 'folders-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('makes each missing folder, 0700, and leaves existing ones alone', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeFolders(fs, deep, 0o700);
    for (const dir of [join(root, 'a'), join(root, 'a', 'b'), deep]) expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(() => makeFolders(fs, deep, 0o700)).not.toThrow();
  });

  it('under /proc: throws (ENOENT), it does not spin', () => {
    expect(() => makeFolders(fs, '/proc/upload-post-test/cache', 0o700)).toThrow(/ENOENT/);
  });

  it('a file where a folder should be: throws ENOTDIR or EEXIST', () => {
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    expect(() => makeFolders(fs, join(file, 'sub'), 0o700)).toThrow(/ENOTDIR|EEXIST/);
  });
});
