// The GitHub Action as the runner runs it: action.yml read as the runner
// reads it, its committed bundle checked against a fresh build (as GitHub's
// typescript-action template checks its dist/), and the bundle run from a
// folder holding nothing but action.yml and action/ — no node_modules, no
// install — with INPUT_* variables and faked GITHUB_* files, against the simulator.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_INPUTS, CLI_WRITES_RESULTS } from '../../src/action/inputs.js';
import { cleanEnv, ROOT } from '../helpers/cli.js';
import { EARLIER_SUMMARY, fakeGithub } from '../helpers/github-env.js';
import { validateJunit } from '../helpers/junit.js';
import { withSimulator } from '../helpers/sim.js';

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const scratch = mkdtempSync(join(tmpdir(), 'upload-post-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A checkout of the action as the runner makes one: action.yml and action/, nothing else. */
function checkout(): string {
  const dir = mkdtempSync(join(scratch, 'checkout-'));
  cpSync(join(ROOT, 'action.yml'), join(dir, 'action.yml'));
  cpSync(join(ROOT, 'action'), join(dir, 'action'), { recursive: true });
  return dir;
}

/** The runner's way: INPUT_<NAME> upper-cased with hyphens kept, each declared default filled in. */
function runAction(dir: string, inputs: Record<string, string>, extraEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  const runnerTemp = join(dir, '..', `${dir.split('/').pop()}-temp`);
  mkdirSync(runnerTemp, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, action.runs.main)], {
      cwd: dir,
      env: cleanEnv({ ...env, ...extraEnv, RUNNER_TEMP: runnerTemp, HOME: dir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('action.yml', () => {
  it('is a JavaScript action on node24 running the committed bundle, with the inputs and outputs it promises', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'action/index.cjs' });
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(ACTION_INPUTS).sort());
    for (const [name, spec] of Object.entries(action.inputs)) if (name !== 'api-key') expect(spec.default, name).toBe(ACTION_INPUTS[name as keyof typeof ACTION_INPUTS]);
    expect(action.inputs['api-key']!.required).toBe(true);
    expect(action.inputs['not-found-grace']!.default).toBe('2m');
    expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'post-urls', 'results', 'status']);
    expect(readdirSync(join(ROOT, 'action'))).toEqual(['index.cjs']);
  });

  it('its committed bundle is what the sources build today (run `npm run build:action` and commit)', () => {
    const out = mkdtempSync(join(scratch, 'dist-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--action', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const fresh = readFileSync(join(out, 'index.cjs'), 'utf8');
    const committed = readFileSync(join(ROOT, 'action/index.cjs'), 'utf8');
    // Not toBe: a 460 KB diff helps nobody; the sentence says what to do.
    expect(fresh === committed, 'action/index.cjs differs from a fresh build of src/: run `npm run build:action` and commit it').toBe(true);
  }, 60_000);
});

describe('the action, run from a bare checkout', () => {
  it('masks the key first, watches the IDs, writes outputs, summary, annotations and JUnit, and installs nothing', async () => {
    await withSimulator({ speed: 10, apiKey: 'action-key-1234' }, async (sim) => {
      const dir = checkout();
      const gh = fakeGithub();
      const junit = join(gh.dir, 'junit.xml');
      const r = await runAction(
        dir,
        { ids: 'partial-act\n# a comment\njob:ok-act\n', 'request-id': 'ok-act2', 'api-key': 'action-key-1234', timeout: '30s', junit, 'base-url': sim.url },
        gh.env,
      );
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout.split('\n')[0]).toBe('::add-mask::action-key-1234');
      expect(r.stdout.split('\n').slice(1).join('\n') + r.stderr).not.toContain('action-key-1234');
      const out = gh.outputs();
      expect(out['exit-code']).toBe('1');
      expect(out.status).toBe('failed');
      expect(Object.keys(JSON.parse(out['post-urls']!) as object).sort()).toEqual(['job:ok-act', 'ok-act2', 'partial-act']);
      if (CLI_WRITES_RESULTS) {
        const results = JSON.parse(out.results!) as { exit_code: number; uploads: { id: string; verdict: string }[] };
        expect(results.exit_code).toBe(1);
        expect(results.uploads.map((u) => u.id).sort()).toEqual(['ok-act', 'ok-act2', 'partial-act']);
      } else {
        expect(out.results).toBeUndefined();
      }
      expect(gh.summary().startsWith(EARLIER_SUMMARY)).toBe(true);
      expect(gh.summary()).toContain('partial-act');
      expect(r.stderr.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(1);
      expect(await validateJunit(readFileSync(junit, 'utf8'))).toEqual([]);
      expect(r.stdout).toMatch(/3 uploads: 2 completed, 1 failed/);
      // Nothing installed, nothing left behind: the checkout is as it came, the ids file is gone.
      expect(readdirSync(dir).sort()).toEqual(['action', 'action.yml']);
      expect(readdirSync(join(dir, 'action'))).toEqual(['index.cjs']);
      expect(readdirSync(`${dir}-temp`)).toEqual([]);
      expect(sim.stats().requestsById['partial-act']).toBeGreaterThan(0);
    });
  }, 60_000);

  it('a wrong key: the step fails with exit 4 and says why', async () => {
    await withSimulator({ speed: 10, apiKey: 'right-key' }, async (sim) => {
      const gh = fakeGithub();
      const r = await runAction(checkout(), { ids: 'ok-1', 'api-key': 'wrong-key', 'base-url': sim.url }, gh.env);
      expect(r.code).toBe(4);
      expect(gh.outputs()).toMatchObject({ 'exit-code': '4', status: 'error' });
      expect(r.stderr).toMatch(/authentication failed/);
    });
  });

  it('a fresh upload not found yet is waited for (not-found-grace defaults to 2m), not failed at once', async () => {
    await withSimulator({ speed: 10 }, async (sim) => {
      const gh = fakeGithub();
      const r = await runAction(checkout(), { 'request-id': 'unknown-yet', 'api-key': 'k', timeout: '4s', 'base-url': sim.url }, gh.env);
      // Still not found when the 4 s timeout ran out: a timeout (5), not "not found" (3).
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).not.toMatch(/not found/);
    });
  }, 30_000);

  it('a bad boolean input is one sentence and exit 2, before any request', async () => {
    const gh = fakeGithub();
    const r = await runAction(checkout(), { ids: 'ok-1', 'api-key': 'k', 'fail-fast': 'yes please', 'base-url': 'http://127.0.0.1:9/api' }, gh.env);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('::error title=upload-post::the fail-fast input must be true or false, not "yes please"');
  });
});
