// The declarative side of `status` (Vercel's command.ts): flags, help, examples.
import { Command, Option } from 'commander';
import { type StatusFlags } from './status-options.js';

export const EXIT_CODE_HELP = `
Exit codes (with several IDs, the first that applies in the order 2, 4, 7, 1, 3, 5, 6, 0):
  0    every ID completed and every platform succeeded
  1    an ID failed (top-level failed, or a platform failed)
  2    usage error: bad flags or IDs, no API key, refused base URL
  3    an ID was not found
  4    authentication failed (401)
  5    --timeout ran out before every ID was final
  6    without --watch: an ID is not final yet
  7    the API could not be reached or answered unreadably, past the retries
  130  interrupted (SIGINT)    143  terminated (SIGTERM)`;

const EXAMPLES = `
Examples:
  $ upload-post status --request-id 7b2c2f5e-1234 --watch
  $ upload-post status --job-id job_abc123xyz
  $ upload-post status --request-id X --watch --json --timeout 15m > result.json
  $ upload-post status --ids-from uploads.txt --watch --fail-fast
  $ upload-post status --request-id ok-1 --watch --base-url http://127.0.0.1:4010/api   # the simulator

Environment:
  UPLOAD_POST_API_KEY   API key (instead of --api-key)
  UPLOAD_POST_BASE_URL  API base (instead of --base-url)
  NO_COLOR, FORCE_COLOR colour off / on
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY  proxy, as curl reads them`;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function defineStatusCommand(cmd: Command, action: (flags: StatusFlags) => Promise<void>): Command {
  return cmd
    .description('show, or --watch until final, the status of one or more uploads')
    .addOption(new Option('--request-id <id>', 'an async-upload request ID; may be repeated').argParser(collect))
    .addOption(new Option('--job-id <id>', 'a scheduled-post job ID; may be repeated').argParser(collect))
    .option('--ids-from <file>', 'read IDs one a line (- = stdin): <id>, request:<id> or job:<id>; # comments')
    .option('-w, --watch', 'poll until every ID is final (completed, failed or not found)')
    .option('--json', 'JSON Lines on stdout: one status body per ID, as received')
    .option('--timeout <duration>', 'give up watching after this long: 90, 90s, 5m, 1h')
    .option('--interval <seconds>', "override the base poll interval (never below the status's cache TTL)")
    .option('--not-found-grace <duration>', 'with --watch, keep polling a not-found ID this long (default 0)')
    .option('--fail-fast', 'with --watch, stop at the first ID that fails or is not found')
    .option('--concurrency <n>', 'requests in flight at once (default 16)')
    .option('--api-key <key>', 'API key (else UPLOAD_POST_API_KEY)')
    .option('--base-url <url>', 'API base (else UPLOAD_POST_BASE_URL; default https://api.upload-post.com/api)')
    .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)')
    .addOption(new Option('-q, --quiet', 'print nothing but errors; the exit code tells').conflicts(['verbose', 'json']))
    .option('--verbose', 'one stderr line per HTTP request, and retry/backoff decisions')
    .addHelpText('after', EXAMPLES + '\n' + EXIT_CODE_HELP)
    .action(action);
}
