// Where each post went live, in a real pseudo-terminal and in a pipe: links
// on the platforms' rows; OSC 8 hyperlinks built from validated URLs when the
// terminal supports them (or FORCE_HYPERLINK=1), never otherwise.
import { describe, expect, test } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { spawnPty } from '../helpers/pty.js';
import { withSimulator } from '../helpers/sim.js';

const OSC8 = /\u001b\]8;;(https:\/\/[^\u0007\u001b]+)\u001b\\/g;
const SIM = { speed: 10, apiKey: 'k' };

async function inPty(url: string, env: Record<string, string>): Promise<{ raw: string; screen: string; code: number }> {
  const s = spawnPty(process.execPath, [BIN, 'status', '--request-id', 'partial-links', '--watch', '--interval', '2', '--base-url', url, '--api-key', 'k'], { cols: 160, rows: 30, env, holdOpenMs: 300 });
  try {
    const exit = await s.exited;
    return { raw: s.raw, screen: (await s.screen()).join('\n'), code: exit.exitCode };
  } finally {
    s.dispose();
  }
}

describe.concurrent('links in the final view', () => {
  test('FORCE_HYPERLINK=1: every published platform is an OSC 8 hyperlink to its validated URL, shown whole on screen', async () => {
    await withSimulator(SIM, async (sim) => {
      const r = await inPty(sim.url, { FORCE_HYPERLINK: '1' });
      expect(r.code).toBe(1);
      const targets = [...r.raw.matchAll(OSC8)].map((m) => m[1]!);
      expect(targets.length).toBeGreaterThanOrEqual(1);
      for (const url of targets) expect(r.screen).toContain(url); // the text of the link is the URL itself
      expect(r.screen).toMatch(/│ link +│/);
      expect(r.screen).toMatch(/already published on .+ — don't re-run for those; retry only \w+/);
    });
  });

  test.each([
    ['FORCE_HYPERLINK=0', { FORCE_HYPERLINK: '0' }],
    ['a terminal the detection does not know (plain xterm)', {}],
    ['NO_COLOR, even where hyperlinks would work', { NO_COLOR: '1', VTE_VERSION: '7000' }],
  ])('%s: the URLs as text, no OSC 8', async (_name, env) => {
    await withSimulator(SIM, async (sim) => {
      const r = await inPty(sim.url, env);
      expect(r.code).toBe(1);
      expect(r.raw).not.toContain('\u001b]8;');
      expect(r.screen).toMatch(/https:\/\/\S+/);
    });
  });

  test('a terminal the detection knows (VTE 0.70): hyperlinks without being forced', async () => {
    await withSimulator(SIM, async (sim) => {
      const r = await inPty(sim.url, { VTE_VERSION: '7000' });
      expect([...r.raw.matchAll(OSC8)].length).toBeGreaterThanOrEqual(1);
    });
  });

  test('a pipe: every link whole on its row, so grep finds each; no escape codes', async () => {
    await withSimulator(SIM, async (sim) => {
      const r = await runCli(['status', '--base-url', sim.url, '--api-key', 'k', '--request-id', 'partial-pipe', '--job-id', 'skipped-pipe', '--watch', '--interval', '2']);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('\u001b');
      const found = r.stdout.match(/https:\/\/[^ ]*/g) ?? [];
      expect(found.length).toBeGreaterThanOrEqual(3);
      for (const url of found) expect(() => new URL(url)).not.toThrow();
      expect(r.stdout).toMatch(/│ \w+ +│ ⊘ skipped +│ No account connected for \w+/);
    });
  });
});
