// Ctrl-Z and fg in a real shell with job control, in a real pseudo-terminal:
// the stopped watch leaves the shell a clean line with its cursor shown, and
// fg draws the frame afresh below the shell's own lines
// (docs/CONTRACT.md#output).
import { describe, expect, test } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { spawnPty } from '../helpers/pty.js';
import { withSimulator } from '../helpers/sim.js';

const SHOW_CURSOR = '\u001b[?25h';
const HIDE_CURSOR = '\u001b[?25l';
const SPINNER = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /;

describe('job control', () => {
  test('Ctrl-Z: cursor shown, frame lifted, the shell has its line; fg: one frame, below "fg"; Ctrl-C still ends it with 130', async () => {
    await withSimulator({ speed: 4 }, async (sim) => {
      const s = spawnPty('bash', ['--norc', '--noprofile', '-i'], { cols: 100, rows: 30, env: { PS1: '$ ', SHELL: '/bin/bash' } });
      try {
        await s.waitForScreen((t) => t.includes('$'), 8_000);
        s.write(`${process.execPath} ${BIN} status stuck-tstp --watch --base-url ${sim.url} --api-key k\r`);
        await s.waitForScreen((t) => /stuck-tstp {2}processing/.test(t), 10_000);

        const before = s.raw.length;
        s.write('\u001a'); // Ctrl-Z
        const stopped = await s.waitForScreen((t) => /Stopped/.test(t), 8_000);
        const sinceStop = s.raw.slice(before);
        // The cursor comes back before the shell prints, and nothing hides it again.
        expect(sinceStop).toContain(SHOW_CURSOR);
        expect(sinceStop.lastIndexOf(HIDE_CURSOR)).toBeLessThan(sinceStop.lastIndexOf(SHOW_CURSOR));
        // The frame is gone: no spinner line left above the shell's "Stopped".
        expect(stopped.split('\n').some((l) => SPINNER.test(l)), `${stopped}\n---- bytes since Ctrl-Z:\n${JSON.stringify(sinceStop)}`).toBe(false);

        s.write('fg\r');
        const back = await s.waitForScreen((t) => t.split('\n').some((l) => SPINNER.test(l) && l.includes('stuck-tstp')), 8_000);
        const lines = back.split('\n');
        const fgLine = lines.findIndex((l) => /^\$ fg$/.test(l));
        const frameLine = lines.findIndex((l) => SPINNER.test(l));
        // The shell's own "fg" line is still there, and the one live frame is below it.
        expect(fgLine, back).toBeGreaterThanOrEqual(0);
        expect(frameLine, back).toBeGreaterThan(fgLine);
        expect(lines.filter((l) => SPINNER.test(l))).toHaveLength(1);

        s.write('\u0003');
        await s.waitForScreen((t) => /stuck-tstp interrupted/.test(t), 8_000);
        s.write('echo "exit=$?"\r');
        await s.waitForScreen((t) => /exit=130/.test(t), 8_000);
      } finally {
        s.dispose();
      }
    });
  });
});
