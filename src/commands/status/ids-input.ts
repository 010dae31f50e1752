// Reading --ids-from: a file, or `-` for stdin (docs/CONTRACT.md#ids).
import { readFile } from 'node:fs/promises';
import { type UploadId } from '../../api/types.js';
import { parseIdList } from '../../config/ids.js';
import { UsageError } from '../../config/usage-error.js';

async function readAll(stream: AsyncIterable<string | Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
}

async function readPath(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--ids-from: cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
}

export async function loadIdsFrom(path: string, stdin: AsyncIterable<string | Buffer>): Promise<UploadId[]> {
  const text = path === '-' ? await readAll(stdin) : await readPath(path);
  return parseIdList(text, path === '-' ? 'stdin' : path);
}
