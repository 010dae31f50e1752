// `upload-post simulate` as a process: the listening line, a clean stop, and a
// busy port reported with a non-zero exit code.
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';

describe.concurrent('simulate', () => {
  it('prints the listening line first and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', '--quiet'], { env: cleanEnv() });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    while (!out.includes('\n')) await new Promise((r) => setTimeout(r, 10));
    expect(out).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/api\n$/);
    const url = out.trim().replace('listening on ', '');
    expect((await fetch(`${url}/uploadposts/status?request_id=ok-1`, { headers: { authorization: 'Apikey k' } })).status).toBe(200);
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
  });

  it('a busy port → exit 1 and one sentence', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await runCli(['simulate', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`upload-post: 127.0.0.1 port ${port} is already in use; pick another --port (0 = any free port).\n`);
    } finally {
      busy.close();
    }
  });

  it('a bad flag → exit 2', async () => {
    const r = await runCli(['simulate', '--speed', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
