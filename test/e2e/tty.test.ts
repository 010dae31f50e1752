// The built CLI in a real pseudo-terminal (node-pty), its screen read back
// through a terminal emulator (@xterm/headless), against the embedded simulator.
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { BIN, ROOT } from '../helpers/cli.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { withSimulator } from '../helpers/sim.js';

const SPINNER = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /;
const SHOW_CURSOR = '\u001b[?25h';
const HIDE_CURSOR = '\u001b[?25l';

function watch(url: string, id: string, opts: Parameters<typeof spawnPty>[2] = {}): PtySession {
  return spawnPty(process.execPath, [BIN, 'status', '--request-id', id, '--watch', '--interval', '2', '--base-url', url, '--api-key', 'k'], { cols: 100, rows: 30, ...opts });
}

/** Count lines holding a platform table's header row. */
const tableHeads = (lines: string[]): number => lines.filter((l) => /│ platform +│ state +│ message +│ time \(UTC\) +│/.test(l)).length;

describe('a watch in a 100×30 terminal', () => {
  test('live: spinner line and platform table; then exactly one final table and the summary; exit 0', async () => {
    // speed 2: ok- is processing from 1 s and completed at 4 s, so the 2 s poll shows a table.
    await withSimulator({ speed: 2 }, async (sim) => {
      const s = watch(sim.url, 'ok-readme', { holdOpenMs: 300 });
      try {
        const mid = await s.waitForScreen((t) => t.includes('│ platform'), 8_000);
        const lines = mid.split('\n');
        expect(lines[0]).toMatch(SPINNER);
        expect(lines[0]).toMatch(/ ok-readme {2}(processing|in_progress) \d\/\d · \d+s elapsed · (next check in \d+s|checking…)$/);
        expect(tableHeads(lines)).toBe(1);
        expect(lines.every((l) => l.length <= 100)).toBe(true);

        const exit = await s.exited;
        expect(exit.exitCode).toBe(0);
        const screen = (await s.screen()).join('\n').replace(/\n+$/, '');
        expect(screen).toMatch(/^✔ ok-readme completed (\d)\/\1$/m);
        expect(screen).toMatch(/│ \w+ +│ ✔ published │ Published │ \d\d:\d\d:\d\d +│/);
        expect(screen).toMatch(/^1 upload: 1 completed$/m);
        expect(screen).not.toMatch(SPINNER);
        const all = await s.buffer(); // scrollback included: no table per poll
        expect(tableHeads(all)).toBe(1);
        expect(all.filter((l) => l === '1 upload: 1 completed')).toHaveLength(1);
        expect(s.raw.endsWith(SHOW_CURSOR)).toBe(true);
      } finally {
        s.dispose();
      }
    });
  });

  test('Ctrl-C during a stuck watch exits 130 within a second, last state on screen, cursor shown', async () => {
    await withSimulator({ speed: 4 }, async (sim) => {
      const s = watch(sim.url, 'stuck-ctrlc');
      try {
        await s.waitForScreen((t) => /stuck-ctrlc {2}processing/.test(t), 8_000);
        const sent = Date.now();
        s.write('\u0003');
        const exit = await s.exited;
        expect(exit.exitCode).toBe(130);
        expect(Date.now() - sent).toBeLessThan(1_500);
        const screen = (await s.screen()).join('\n');
        expect(screen).toContain('■ stuck-ctrlc interrupted while processing');
        expect(screen).toMatch(/^1 upload: 1 interrupted$/m);
        expect(s.raw.endsWith(SHOW_CURSOR)).toBe(true);
      } finally {
        s.dispose();
      }
    });
  });

  test('SIGTERM during a watch exits 143 with the cursor shown', async () => {
    await withSimulator({ speed: 4 }, async (sim) => {
      const s = watch(sim.url, 'stuck-term');
      try {
        await s.waitForScreen((t) => /stuck-term {2}processing/.test(t), 8_000);
        s.kill('SIGTERM');
        expect((await s.exited).exitCode).toBe(143);
        expect((await s.screen()).join('\n')).toMatch(/^1 upload: 1 interrupted$/m);
        expect(s.raw.endsWith(SHOW_CURSOR)).toBe(true);
      } finally {
        s.dispose();
      }
    });
  });

  test('a terminal that reports 0 columns still draws, finishes and exits', async () => {
    await withSimulator({ speed: 4 }, async (sim) => {
      const cmd = `stty cols 0 rows 0 && exec "${process.execPath}" "${BIN}" status --request-id ok-zero --watch --interval 2 --base-url ${sim.url} --api-key k`;
      const s = spawnPty('/bin/bash', ['-c', cmd], { cols: 100, rows: 30, screenCols: 80 });
      try {
        const exit = await Promise.race([s.exited, new Promise<never>((_, no) => setTimeout(() => no(new Error(`hung:\n${s.raw}`)), 12_000))]);
        expect(exit.exitCode).toBe(0);
        expect(s.raw).toContain(HIDE_CURSOR); // the live view ran
        const screen = (await s.screen()).join('\n');
        expect(screen).toMatch(/^1 upload: 1 completed$/m);
        expect(s.raw.endsWith(SHOW_CURSOR)).toBe(true);
      } finally {
        s.dispose();
      }
    });
  });

  test('hostile server text never reaches the terminal (and CI=1 does not turn the live view off)', async () => {
    await withSimulator({ speed: 4 }, async (sim) => {
      const s = watch(sim.url, 'hostile-e2e', { env: { CI: '1' } });
      try {
        const exit = await s.exited;
        expect(exit.exitCode).toBe(0);
        for (const bad of ['\u001b]0;pwned', '\u001b[2J', '\u001b[H', '\u0007', '\u009b', '\u202e']) expect(s.raw).not.toContain(bad);
        expect(s.raw).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/); // the spinner ran despite CI
        expect((await s.screen()).join('\n')).toMatch(/^1 upload: 1 completed$/m);
      } finally {
        s.dispose();
      }
    });
  });
});

describe('the cursor comes back when the process dies', () => {
  test('an uncaught error while the spinner runs (cli-cursor, via signal-exit)', async () => {
    const script = join(tmpdir(), `tty-crash-${process.pid}.mjs`);
    const tty = pathToFileURL(join(ROOT, 'build/render/tty.js')).href;
    const theme = pathToFileURL(join(ROOT, 'build/render/color-theme.js')).href;
    await writeFile(
      script,
      `import { createTtyRenderer } from '${tty}';
       import { makeTheme } from '${theme}';
       const r = createTtyRenderer(process.stdout, makeTheme(0));
       r.start([{ kind: 'request', id: 'ok-crash' }], { watch: true, now: () => performance.now(), wall: Date.now });
       setTimeout(() => { throw new Error('boom'); }, 300);`,
    );
    const s = spawnPty(process.execPath, [script], { cols: 80, rows: 24 });
    try {
      const exit = await s.exited;
      expect(exit.exitCode).toBe(1);
      expect(s.raw).toContain(HIDE_CURSOR);
      expect(s.raw).toContain('Error: boom');
      // Node emits 'exit' before it prints the error, so the cursor comes back first.
      expect(s.raw.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(s.raw.lastIndexOf(HIDE_CURSOR));
    } finally {
      s.dispose();
      await rm(script, { force: true });
    }
  });
});

describe('colour in a real terminal follows the conventions', () => {
  // SGR colour codes (30–37, 90–97, 38;…): not cursor movement, which a live view always needs.
  const COLOUR = /\u001b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m/;
  test.each([
    ['default', {}, [], true],
    ['NO_COLOR=1', { NO_COLOR: '1' }, [], false],
    ['--no-color', {}, ['--no-color'], false],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, [], false],
  ] as const)('%s', async (_name, env, flags, coloured) => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const s = spawnPty(process.execPath, [BIN, 'status', '--request-id', 'partial-colour', '--base-url', sim.url, '--api-key', 'k', ...flags], {
        cols: 100,
        rows: 30,
        env: { TERM: 'xterm-256color', ...env },
        holdOpenMs: 300,
      });
      try {
        const exit = await s.exited;
        expect(exit.exitCode).toBe(6); // one-shot: still pending
        expect(COLOUR.test(s.raw)).toBe(coloured);
        expect((await s.screen()).join('\n')).toMatch(/pending/);
      } finally {
        s.dispose();
      }
    });
  });
});
