// Entry point. `--version` answers before anything heavy is loaded (issue 7:
// start-up); everything else goes through the commander program.
import { packageVersion } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(packageVersion() + '\n');
} else {
  const { main } = await import('./program.js');
  await main(args);
}
