// Run the built CLI as users do: `node bin/upload-post.js …`, as a child process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/upload-post.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** An absolute folder that is never created. */
export const NO_CONFIG = '/nonexistent/upload-post-test-config';

/** A clean environment: no colour hints, no CI, no proxies, no key unless given. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // A config folder that does not exist: a key stored by `auth login` on this machine must not change a test.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', XDG_CONFIG_HOME: NO_CONFIG };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  onSpawn?: (pid: number) => void;
  /** Node flags before the script, e.g. `--import <preload>`. */
  nodeArgs?: string[];
  /**
   * Give the child this file descriptor instead of a pipe (e.g. one opened on
   * /dev/full or /dev/zero); what it writes there is then not captured.
   */
  stdinFd?: number;
  stdoutFd?: number;
  stderrFd?: number;
  /** The folder the CLI runs in (relative paths are read from there). */
  cwd?: string;
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
      env: cleanEnv(opts.env),
      stdio: [opts.stdinFd ?? 'pipe', opts.stdoutFd ?? 'pipe', opts.stderrFd ?? 'pipe'],
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('spawn', () => child.pid && opts.onSpawn?.(child.pid));
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    // A child that exits before reading its input closes the pipe: not our error.
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}

/** The non-empty lines of an output. */
export const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

/** A run in one line for an assertion's message: exit, signal, time and the start of both outputs. */
export function why(r: CliResult): string {
  return `code=${r.code} signal=${r.signal} ms=${r.ms} stdout=${JSON.stringify(r.stdout.slice(0, 300))} stderr=${JSON.stringify(r.stderr.slice(0, 500))}`;
}

const STACK_FRAME = /\n\s+at /;
/** No stack trace on stderr (asserted without printing a stderr that may hold a whole bundle line). */
export function expectNoStack(r: CliResult): void {
  expect(STACK_FRAME.test(r.stderr), `a stack trace on stderr: ${JSON.stringify(r.stderr.slice(0, 300))}`).toBe(false);
}
