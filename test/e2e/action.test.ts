// The composite GitHub Action, run locally: action.yml read as the runner
// reads it, and its step's script run with a faked GITHUB_* environment
// against the simulator.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, ROOT } from '../helpers/cli.js';
import { EARLIER_SUMMARY, fakeGithub } from '../helpers/github-env.js';
import { validateJunit } from '../helpers/junit.js';
import { withSimulator } from '../helpers/sim.js';

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id: string; shell: string; env: Record<string, string>; run: string }[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const step = action.runs.steps[0]!;

/** The step's script as the runner would run it: its env with the inputs substituted. */
function runStep(inputs: Record<string, string>, extraEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [name, expr] of Object.entries(step.env)) {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expr)?.[1];
    env[name] = input ? (inputs[input] ?? action.inputs[input]?.default ?? '') : expr;
  }
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', step.run], { env: cleanEnv({ ...env, ...extraEnv, GITHUB_ACTION_PATH: ROOT }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('action.yml', () => {
  it('declares the inputs and outputs it promises, and one composite bash step', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['api-key', 'base-url', 'ids', 'junit', 'timeout']);
    expect(action.inputs.ids!.required).toBe(true);
    expect(action.inputs['api-key']!.required).toBe(true);
    expect(action.outputs).toEqual({
      status: expect.objectContaining({ value: '${{ steps.watch.outputs.status }}' }),
      'exit-code': expect.objectContaining({ value: '${{ steps.watch.outputs.exit-code }}' }),
      'post-urls': expect.objectContaining({ value: '${{ steps.watch.outputs.post-urls }}' }),
    });
    expect(action.runs.using).toBe('composite');
    expect(step).toMatchObject({ id: 'watch', shell: 'bash', run: 'bash "$GITHUB_ACTION_PATH/action/run.sh"' });
    // the key reaches the CLI through the environment, never on a command line
    expect(step.env.UPLOAD_POST_API_KEY).toBe('${{ inputs.api-key }}');
  });

  it('its step, with a faked GitHub environment: outputs, summary, annotations and JUnit, and the exit code as the step result', async () => {
    await withSimulator({ speed: 10, apiKey: 'action-key' }, async (sim) => {
      const gh = fakeGithub();
      const junit = join(gh.dir, 'junit.xml');
      const r = await runStep({ ids: 'partial-act\n# a comment\njob:ok-act\n', 'api-key': 'action-key', timeout: '30s', junit, 'base-url': sim.url }, gh.env);
      expect(r.code, r.stderr).toBe(1);
      const out = gh.outputs();
      expect(out['exit-code']).toBe('1');
      expect(out.status).toBe('failed');
      expect(Object.keys(JSON.parse(out['post-urls']!) as object).sort()).toEqual(['job:ok-act', 'partial-act']);
      expect(gh.summary().startsWith(EARLIER_SUMMARY)).toBe(true);
      expect(gh.summary()).toContain('partial-act');
      expect(r.stderr.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(1);
      expect(await validateJunit(readFileSync(junit, 'utf8'))).toEqual([]);
      expect(r.stdout).toMatch(/2 uploads: 1 completed, 1 failed/);
      expect(r.stdout + r.stderr).not.toContain('action-key');
    });
  }, 30_000);

  it('a wrong key: the step fails with exit 4 and says why', async () => {
    await withSimulator({ speed: 10, apiKey: 'right-key' }, async (sim) => {
      const gh = fakeGithub();
      const r = await runStep({ ids: 'ok-1', 'api-key': 'wrong-key', 'base-url': sim.url }, gh.env);
      expect(r.code).toBe(4);
      expect(gh.outputs()).toMatchObject({ 'exit-code': '4', status: 'error' });
      expect(r.stderr).toMatch(/authentication failed/);
    });
  });
});
