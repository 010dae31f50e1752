// The declarative side of `simulate`: flags and help (magic IDs, fault kinds).
import { Command, Option } from 'commander';
import { faultTable, magicIdTable } from '../../simulator/help.js';
import { DEFAULT_RATE_LIMIT } from '../../simulator/rate-limit.js';
import { DEFAULT_SCHEDULED_DELAY_MS, formatScheduledDuration } from '../../simulator/scheduled.js';
import { DOCS_POINTER } from '../docs.js';
import { type Factory } from '../factory.js';
import { DEFAULT_SIMULATE_HOST, DEFAULT_SIMULATE_PORT, planSimulate, type SimulateFlags, type SimulatePlan } from './options.js';
import { runSimulate, type SimulateDeps } from './run.js';

export type RunSimulateF = (plan: SimulatePlan) => Promise<number>;

export function createSimulateCommand(f: SimulateDeps & Pick<Factory, 'setExitCode'>, runF: RunSimulateF = (plan) => runSimulate(plan, f)): Command {
  const port = String(DEFAULT_SIMULATE_PORT);
  const rate = `${DEFAULT_RATE_LIMIT.limit}/${DEFAULT_RATE_LIMIT.windowMs / 1000}s`;
  const delay = formatScheduledDuration(DEFAULT_SCHEDULED_DELAY_MS);
  return new Command('simulate')
    .description('serve a local copy of the Upload-Post status API with scripted uploads (no account needed)')
    .addOption(new Option('--port <n>', 'port to listen on; 0 = any free port').default(port, port))
    .addOption(new Option('--host <addr>', 'address to listen on').default(DEFAULT_SIMULATE_HOST, DEFAULT_SIMULATE_HOST))
    .addOption(new Option('--api-key <key>', 'accept only this API key (default: any key)'))
    .addOption(new Option('--rate-limit <limit/window>', 'requests per key per window, e.g. 40/10s or 1000/1m').default(rate, rate))
    .addOption(new Option('--speed <factor>', 'run timelines and cache TTLs this many times faster').default('1', '1'))
    .addOption(new Option('--faults <spec>', 'inject faults, kind:probability pairs, e.g. 503:0.3,reset:0.1'))
    .addOption(new Option('--fault-seed <n>', 'seed for fault draws, so runs repeat'))
    .addOption(new Option('--clock-skew <seconds>', 'run the server clock this far ahead (negative: behind)'))
    .addOption(new Option('--scheduled-delay <duration>', 'how long scheduled--… IDs stay pending, e.g. 90s, 5m, 1h30m').default(delay, delay))
    .addOption(new Option('--quiet', 'print only the listening line'))
    .addHelpText('after', `\nMagic IDs:\n${magicIdTable('  ')}\n\nFault kinds:\n${faultTable('  ')}\n${DOCS_POINTER}`)
    .action(async (flags: SimulateFlags) => f.setExitCode(await runF(planSimulate(flags))));
}
