// A faked GitHub Actions environment: output and summary files (with what
// earlier steps left in them), and a reader for the runner's output format.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeGithub {
  dir: string;
  env: Record<string, string>;
  outputFile: string;
  summaryFile: string;
  /** The outputs as the runner reads them: `name=value` and `name<<DELIM … DELIM`. */
  outputs(): Record<string, string>;
  summary(): string;
}

export const EARLIER_OUTPUT = 'earlier=from a previous step\n';
export const EARLIER_SUMMARY = '# An earlier step\n\nits own summary\n';

export function fakeGithub(): FakeGithub {
  const dir = mkdtempSync(join(tmpdir(), 'fake-github-'));
  const outputFile = join(dir, 'output.txt');
  const summaryFile = join(dir, 'summary.md');
  writeFileSync(outputFile, EARLIER_OUTPUT);
  writeFileSync(summaryFile, EARLIER_SUMMARY);
  return {
    dir,
    env: { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile },
    outputFile,
    summaryFile,
    outputs: () => parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: () => readFileSync(summaryFile, 'utf8'),
  };
}

/** The runner's reading of a GITHUB_OUTPUT file; a malformed one throws, as the runner fails the step. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const multi = /^([^=<]+)<<(.+)$/.exec(line);
    if (multi) {
      const [, name, delimiter] = multi;
      const end = lines.indexOf(delimiter!, i + 1);
      if (end === -1) throw new Error(`output ${name}: no closing delimiter ${delimiter}`);
      out[name!] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not an output line: ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
