// `upload-post demo`: no flags; watch a simulated upload end to end.
import { Command } from 'commander';
import { DOCS_POINTER } from '../docs.js';
import { type Factory } from '../factory.js';

export function createDemoCommand(f: Factory, runF: (f: Factory) => Promise<number> = async (f) => (await import('./run.js')).runDemo(f)): Command {
  return new Command('demo')
    .description('watch a simulated upload end to end: no account, no network')
    .addHelpText('after', DOCS_POINTER)
    .action(async () => f.setExitCode(await runF(f)));
}
