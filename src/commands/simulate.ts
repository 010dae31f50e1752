// `upload-post simulate`: flags → SimulatorOptions (pure, validated up front),
// then a thin shell that starts the server and stops it on SIGINT/SIGTERM.
import { Command, Option } from 'commander';
import { formatFaults, parseFaults } from '../simulator/faults.js';
import { faultTable, magicIdTable } from '../simulator/help.js';
import { DEFAULT_RATE_LIMIT } from '../simulator/rate-limit.js';
import { DEFAULT_SCHEDULED_DELAY_MS, formatScheduledDuration, parseScheduledDuration } from '../simulator/scheduled.js';
import { type Simulator, type SimulatorOptions } from '../simulator/server.js';

export const DEFAULT_SIMULATE_PORT = 4010;

export interface SimulateFlags {
  port?: string;
  host?: string;
  apiKey?: string;
  rateLimit?: string;
  speed?: string;
  faults?: string;
  faultSeed?: string;
  clockSkew?: string;
  scheduledDelay?: string;
  quiet?: boolean;
}

export interface SimulatePlan {
  readonly options: SimulatorOptions & { port: number; host: string };
  readonly quiet: boolean;
}

/** A bad flag; the message is one sentence naming the flag and the value. */
export class SimulateUsageError extends Error {}

const usage = (msg: string) => new SimulateUsageError(msg);

export function parsePort(s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n > 65_535) throw usage(`--port must be a whole number from 0 to 65535, got "${s}"`);
  return n;
}

/** `120/60s`, `40/10s`, `1000/1m`; a bare window is seconds. */
export function parseRateLimit(s: string): { limit: number; windowMs: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(s|m)?\s*$/i.exec(s);
  const limit = Number(m?.[1]);
  const window = Number(m?.[2]) * (m?.[3]?.toLowerCase() === 'm' ? 60_000 : 1_000);
  if (m === null || !(limit >= 1) || !(window >= 1)) {
    throw usage(`--rate-limit must look like 120/60s (requests per window, window in s or m), got "${s}"`);
  }
  return { limit, windowMs: window };
}

export function parseSpeed(s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || n <= 0) throw usage(`--speed must be a number above 0, got "${s}"`);
  return n;
}

export function parseFaultSeed(s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n > 0xffffffff) throw usage(`--fault-seed must be a whole number from 0 to 4294967295, got "${s}"`);
  return n;
}

export function parseClockSkew(s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw usage(`--clock-skew must be a number of seconds (may be negative), got "${s}"`);
  return Math.round(n * 1000);
}

/** The grammar of the delay in a `scheduled-<d>-` ID: `90s`, `5m`, `1h30m`. */
export function parseScheduledDelay(s: string): number {
  const ms = parseScheduledDuration(s.trim());
  if (ms === null) throw usage(`--scheduled-delay must be a duration like 90s, 5m or 1h30m (up to 9999h), got "${s}"`);
  return ms;
}

/** Flags → what to start. Throws SimulateUsageError on the first bad flag. */
export function planSimulate(flags: SimulateFlags): SimulatePlan {
  const host = flags.host ?? '127.0.0.1';
  if (host.trim() === '') throw usage('--host must not be empty');
  if (flags.apiKey !== undefined && !/^\S+$/.test(flags.apiKey)) {
    throw usage('--api-key must be non-empty and hold no whitespace');
  }
  let faults;
  if (flags.faults !== undefined) {
    try {
      faults = parseFaults(flags.faults);
    } catch (err) {
      throw usage(`--faults: ${(err as Error).message}`);
    }
  }
  const options: SimulatePlan['options'] = {
    port: parsePort(flags.port ?? String(DEFAULT_SIMULATE_PORT)),
    host,
    ...(flags.apiKey !== undefined ? { apiKey: flags.apiKey } : {}),
    ...(flags.rateLimit !== undefined ? { rateLimit: parseRateLimit(flags.rateLimit) } : {}),
    ...(flags.speed !== undefined ? { speed: parseSpeed(flags.speed) } : {}),
    ...(faults !== undefined ? { faults } : {}),
    ...(flags.faultSeed !== undefined ? { faultSeed: parseFaultSeed(flags.faultSeed) } : {}),
    ...(flags.clockSkew !== undefined ? { clockSkewMs: parseClockSkew(flags.clockSkew) } : {}),
    ...(flags.scheduledDelay !== undefined ? { scheduledDelayMs: parseScheduledDelay(flags.scheduledDelay) } : {}),
  };
  return { options, quiet: flags.quiet === true };
}

export interface SimulateDeps {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  start: (opts: SimulatorOptions) => Promise<Simulator>;
  /** Resolves when the user asks the server to stop. */
  untilStopped: () => Promise<void>;
}

/** SIGINT/SIGTERM is how a user ends the server, so both mean a clean exit. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

const defaultDeps: SimulateDeps = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  // node:http loads only when a server starts, not for `--help` (issue 7).
  start: async (opts) => (await import('../simulator/server.js')).startSimulator(opts),
  untilStopped: untilSignal,
};

function banner(sim: Simulator, opts: SimulatorOptions): string {
  const rate = opts.rateLimit ?? DEFAULT_RATE_LIMIT;
  const base = sim.url.replace(/\/api$/, '');
  return [
    'Upload-Post status API simulator',
    `  keys: ${opts.apiKey !== undefined ? 'only the --api-key value is accepted' : 'any API key is accepted'}` +
      ` · rate limit: ${rate.limit} per ${rate.windowMs / 1000} s per key · speed: ${opts.speed ?? 1}×` +
      ` · faults: ${opts.faults ? formatFaults(opts.faults) || 'none' : 'none'}` +
      ` · scheduled-- delay: ${formatScheduledDuration(opts.scheduledDelayMs ?? DEFAULT_SCHEDULED_DELAY_MS)}`,
    'Magic IDs (request_id or job_id; each clock starts at the first request; times at speed 1):',
    magicIdTable('  '),
    `Try: curl -H 'Authorization: Apikey ${opts.apiKey ?? 'test'}' '${sim.url}/uploadposts/status?request_id=ok-1'`,
    `Counters: ${base}/__sim/stats · Ctrl-C stops`,
    '',
  ].join('\n');
}

function listenFailure({ host, port }: { host: string; port: number }, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${host} port ${port}`;
  if (code === 'EADDRINUSE') return `${where} is already in use; pick another --port (0 = any free port)`;
  if (code === 'EACCES') return `no permission to listen on ${where}; try a port above 1023`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on ${where}: no such local address`;
  return `cannot listen on ${where}: ${(err as Error).message}`;
}

const DEFAULT_DELAY_TEXT = `${DEFAULT_SCHEDULED_DELAY_MS / 1_000}s`;

export function createSimulateCommand(deps: Partial<SimulateDeps> = {}): Command {
  const io: SimulateDeps = { ...defaultDeps, ...deps };
  const command = new Command('simulate')
    .description('serve a local copy of the Upload-Post status API with scripted uploads (no account needed)')
    .addOption(new Option('--port <n>', 'port to listen on; 0 = any free port').default(String(DEFAULT_SIMULATE_PORT), String(DEFAULT_SIMULATE_PORT)))
    .addOption(new Option('--host <addr>', 'address to listen on').default('127.0.0.1', '127.0.0.1'))
    .addOption(new Option('--api-key <key>', 'accept only this API key (default: any key)'))
    .addOption(new Option('--rate-limit <limit/window>', 'requests per key per window, e.g. 40/10s or 1000/1m').default('120/60s', '120/60s'))
    .addOption(new Option('--speed <factor>', 'run timelines and cache TTLs this many times faster').default('1', '1'))
    .addOption(new Option('--faults <spec>', 'inject faults, kind:probability pairs, e.g. 503:0.3,reset:0.1'))
    .addOption(new Option('--fault-seed <n>', 'seed for fault draws, so runs repeat'))
    .addOption(new Option('--clock-skew <seconds>', 'run the server clock this far ahead (negative: behind)'))
    .addOption(
      new Option('--scheduled-delay <duration>', 'how long scheduled--… IDs stay pending, e.g. 90s, 5m, 1h30m').default(DEFAULT_DELAY_TEXT, DEFAULT_DELAY_TEXT),
    )
    .addOption(new Option('--quiet', 'print only the listening line'))
    .addHelpText('after', `\nMagic IDs:\n${magicIdTable('  ')}\n\nFault kinds:\n${faultTable('  ')}\n`)
    .action(async (flags: SimulateFlags) => {
      let plan: SimulatePlan;
      try {
        plan = planSimulate(flags);
      } catch (err) {
        if (!(err instanceof SimulateUsageError)) throw err;
        return command.error(`error: ${err.message}.`, { exitCode: 2, code: 'upload-post.usage' });
      }
      const log = plan.quiet ? undefined : (line: string) => io.stderr(`${line}\n`);
      let sim: Simulator;
      try {
        sim = await io.start({ ...plan.options, ...(log ? { log } : {}) });
      } catch (err) {
        // Reported through commander, so the entry point sets the exit code (STYLE.md 2).
        return command.error(`error: ${listenFailure(plan.options, err)}.`, { exitCode: 1, code: 'upload-post.unavailable' });
      }
      io.stdout(`listening on ${sim.url}\n`);
      if (!plan.quiet) io.stderr(banner(sim, plan.options));
      await io.untilStopped();
      await sim.close();
    });
  return command;
}
