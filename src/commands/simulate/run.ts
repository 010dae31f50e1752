// `upload-post simulate`: start the server, print where it listens, serve
// until SIGINT/SIGTERM (a clean stop, exit 0).
import { formatFaults } from '../../simulator/faults.js';
import { magicIdTable } from '../../simulator/help.js';
import { DEFAULT_RATE_LIMIT } from '../../simulator/rate-limit.js';
import { DEFAULT_SCHEDULED_DELAY_MS, formatScheduledDuration } from '../../simulator/scheduled.js';
import { type Simulator, type SimulatorOptions } from '../../simulator/server.js';
import { type Factory } from '../factory.js';
import { type SimulatePlan } from './options.js';

export type SimulateDeps = Pick<Factory, 'stdout' | 'stderr' | 'startSimulator' | 'untilStopped'>;

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

/** Serves until stopped; exit 1 when the address cannot be had. */
export async function runSimulate(plan: SimulatePlan, f: SimulateDeps): Promise<number> {
  const log = plan.quiet ? undefined : (line: string) => void f.stderr.write(`${line}\n`);
  let sim: Simulator;
  try {
    sim = await f.startSimulator({ ...plan.options, ...(log ? { log } : {}) });
  } catch (err) {
    f.stderr.write(`upload-post: ${listenFailure(plan.options, err)}.\n`);
    return 1;
  }
  f.stdout.write(`listening on ${sim.url}\n`);
  if (!plan.quiet) f.stderr.write(banner(sim, plan.options));
  await f.untilStopped();
  await sim.close();
  return 0;
}
