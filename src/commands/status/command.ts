// The declarative side of `status`: flags, help, examples. The action only
// turns flags into StatusOptions and hands them to `runF` — a test can check
// parsing alone (gh's NewCmdX(f, runF)).
import { Command, Option } from 'commander';
import { DEFAULT_BASE_URL, DEFAULT_CONCURRENCY } from '../../config/defaults.js';
import { exitCodeHelp } from '../../poll/exit-codes.js';
import { type Factory } from '../factory.js';
import { openIdsFrom } from './ids-input.js';
import { resolveStatusOptions, type StatusFlags, type StatusOptions } from './options.js';

const EXAMPLES = `
Examples:
  $ upload-post status 7b2c2f5e-1234 --watch
  $ upload-post status --job-id job_abc123xyz --watch --not-before 2026-12-01T14:00:00Z
  $ upload-post status --request-id X --watch --json --timeout 15m > result.json
  $ upload-post status --ids-from uploads.txt --watch --fail-fast
  $ upload-post status --request-id ok-1 --watch --base-url http://127.0.0.1:4010/api   # the simulator

Environment:
  UPLOAD_POST_API_KEY   API key (instead of --api-key)
  UPLOAD_POST_BASE_URL  API base (instead of --base-url)
  NO_COLOR, FORCE_COLOR colour off / on
  FORCE_HYPERLINK       1 / 0: terminal hyperlinks to the posts on / off
  GITHUB_ACTIONS=true   write the step summary, outputs and annotations (see --no-github)
  HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY  proxy, as curl reads them`;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export type StatusCommandDeps = Pick<Factory, 'stdin' | 'env' | 'setExitCode' | 'clock' | 'interruptSignal'> & Partial<Pick<Factory, 'stderr' | 'redact'>>;
export type RunStatusF = (opts: StatusOptions) => Promise<number>;

export function createStatusCommand(f: StatusCommandDeps, runF: RunStatusF): Command {
  return new Command('status')
    .description('show, or --watch until final, the status of one or more uploads')
    .argument('[id...]', 'request IDs (the same as --request-id)')
    .addOption(new Option('--request-id <id>', 'an async-upload request ID; may be repeated').argParser(collect))
    .addOption(new Option('--job-id <id>', 'a scheduled-post job ID; may be repeated').argParser(collect))
    .option('--ids-from <file>', 'read IDs one a line (- = stdin; a pipe is watched as it is read): <id>, request:<id>, job:<id> or an upload call\'s JSON answer; # comments')
    .option('-w, --watch', 'poll until every ID is final (completed, failed or not found)')
    .option('--json', 'JSON Lines on stdout: one status body per ID, as received')
    .option('--timeout <duration>', 'give up watching after this long: 90, 90s, 5m, 1h')
    .option('--interval <seconds>', "override the base poll interval (never below the status's cache TTL)")
    .option('--not-found-grace <duration>', 'with --watch, keep polling a not-found ID this long (default 0)')
    .option('--not-before <when>', 'scheduled posts: one check now, then at most every 5 minutes until this time (2026-12-01T14:00:00Z, or 2h)')
    .option('--fail-fast', 'with --watch, stop at the first ID that fails, is not found or ends in error')
    .option('--concurrency <n>', `requests in flight at once (default ${DEFAULT_CONCURRENCY})`)
    .option('--api-key <key>', 'API key (else UPLOAD_POST_API_KEY)')
    .option('--base-url <url>', `API base (else UPLOAD_POST_BASE_URL; default ${DEFAULT_BASE_URL})`)
    .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)')
    .addOption(new Option('-q, --quiet', 'print nothing but errors; the exit code tells').conflicts(['verbose', 'json']))
    .option('--verbose', 'one stderr line per HTTP request, and retry/backoff decisions')
    .option('--junit <file>', 'write a JUnit XML report there when the command ends (GitLab, Jenkins, Azure DevOps, CircleCI)')
    .option('--markdown <file>', 'append a Markdown report there when the command ends')
    .option('--no-github', 'inside GitHub Actions, no step summary, outputs or annotations')
    .addHelpText('after', EXAMPLES + '\n' + exitCodeHelp())
    .action(async (ids: string[], flags: StatusFlags) => {
      // --not-before times and durations from now are instants of the wall clock (an --ids-from line's, from when it is read).
      const now = f.clock.wall();
      // Signals count from here: one that comes once a file is read, or while a stream is, still gets a line and the reports for every ID read.
      const input = flags.idsFrom !== undefined ? await openIdsFrom(flags.idsFrom, f.stdin, f.clock.wall, f.interruptSignal()) : undefined;
      const opts = resolveStatusOptions({ ...flags, ids }, f.env, input, now);
      const scrub = f.redact ?? ((t: string) => t);
      for (const note of opts.notes) f.stderr?.write(scrub(`upload-post: note: ${note}\n`));
      f.setExitCode(await runF(opts));
    });
}
