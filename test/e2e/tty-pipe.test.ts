// The other side of the terminal check: stdout a pipe (CI logs) gets no live
// view — one line per change, no escapes, no carriage returns — unless
// FORCE_COLOR asks for colour (docs/CONTRACT.md#output).
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { withSimulator } from '../helpers/sim.js';

test('a watch into a pipe: one line per change, no ESC, no \\r; FORCE_COLOR=1 brings colour back', async () => {
  await withSimulator({ speed: 4 }, async (sim) => {
    const args = (id: string): string[] => ['status', '--request-id', id, '--watch', '--interval', '2', '--base-url', sim.url, '--api-key', 'k'];
    const [plain, forced] = await Promise.all([runCli(args('ok-pipe')), runCli(args('ok-forced'), { env: { FORCE_COLOR: '1' } })]);

    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('\u001b');
    expect(plain.stdout).not.toContain('\r');
    const changes = plain.stdout.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ok-pipe /.test(l));
    expect(changes.length).toBeGreaterThanOrEqual(2);
    const said = changes.map((l) => l.slice(21));
    said.slice(1).forEach((line, i) => expect(line, 'the same line twice in a row').not.toBe(said[i]));
    expect(said.at(-1)).toMatch(/^ok-pipe completed (\d)\/\1 /);
    expect(plain.stdout.match(/│ platform/g)).toHaveLength(1);
    expect(plain.stdout).toMatch(/^1 upload: 1 completed$/m);

    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/\u001b\[\d+m/);
    expect(forced.stdout).not.toContain('\r');
    expect(forced.stdout).not.toContain('\u001b[?25l'); // colour, but still no live view
  });
});
