// Peak memory and CPU time of the CLI under test, without system tools: the
// child is started with `--import rss-probe.mjs`, which writes
// process.resourceUsage().maxRSS and process.cpuUsage() to a file on exit.
// A watchdog also samples /proc/<pid>/status and kills a child whose RSS runs
// past a limit, so a test of unbounded memory cannot take the machine down.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli, type CliResult, type RunOptions } from './cli.js';

export const PROBE_PRELOAD = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));
/** The node flag that loads the probe: `--import=file:///…/rss-probe.mjs`. */
export const PROBE_IMPORT = `--import=${pathToFileURL(PROBE_PRELOAD).href}`;
export const PROBE_ENV = 'UPLOAD_POST_TEST_PROBE';

export interface Probe {
  code: number;
  maxRssKiB: number;
  userUs: number;
  systemUs: number;
  wallMs: number;
}

export interface ProbedResult extends CliResult {
  /** What the probe wrote (null: the process died without running its exit handlers). */
  probe: Probe | null;
  /** Peak RSS in MB: the probe's figure, else the highest the watchdog sampled. */
  peakRssMb: number;
  /** The watchdog killed the child for passing `rssLimitMb`. */
  killedForRss: boolean;
}

const probeDir = mkdtempSync(join(tmpdir(), 'up-probe-'));
let probeSeq = 0;

/** A fresh file for one probe to write; read it with readProbe(). */
export function probeFile(): string {
  return join(probeDir, `probe-${process.pid}-${++probeSeq}.json`);
}

export function readProbe(file: string): Probe | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Probe;
  } catch {
    return null;
  } finally {
    rmSync(file, { force: true });
  }
}

/** VmRSS of a live process in MB (Linux), or null once it is gone. */
export async function vmRssMb(pid: number): Promise<number | null> {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** runCli with the probe preloaded and an RSS watchdog (default: kill past 1500 MB). */
export async function runCliProbed(args: string[], opts: RunOptions & { rssLimitMb?: number } = {}): Promise<ProbedResult> {
  const file = probeFile();
  const limit = opts.rssLimitMb ?? 1500;
  let sampled = 0;
  let killedForRss = false;
  let timer: NodeJS.Timeout | undefined;
  const result = await runCli(args, {
    ...opts,
    nodeArgs: [PROBE_IMPORT, ...(opts.nodeArgs ?? [])],
    env: { ...opts.env, [PROBE_ENV]: file },
    onSpawn: (pid) => {
      opts.onSpawn?.(pid);
      timer = setInterval(() => {
        void vmRssMb(pid).then((mb) => {
          if (mb === null) return;
          sampled = Math.max(sampled, mb);
          if (mb > limit && !killedForRss) {
            killedForRss = true;
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        });
      }, 25);
    },
  });
  clearInterval(timer);
  const probe = readProbe(file);
  return { ...result, probe, peakRssMb: probe ? probe.maxRssKiB / 1024 : sampled, killedForRss };
}

/** One line for assertion messages: what happened to the child. */
export function describeRun(r: ProbedResult | CliResult): string {
  const p = r as Partial<ProbedResult>;
  const rss = p.peakRssMb !== undefined ? ` rss=${Math.round(p.peakRssMb)}MB${p.killedForRss ? ' (killed by the watchdog)' : ''}` : '';
  return `code=${r.code} signal=${r.signal} ms=${r.ms}${rss} stderr=${JSON.stringify(r.stderr.slice(0, 600))}`;
}
