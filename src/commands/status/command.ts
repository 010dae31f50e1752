// The declarative side of `status`: flags, help, examples. The action only
// turns flags into StatusOptions and hands them to `runF` — a test can check
// parsing alone (gh's NewCmdX(f, runF)).
import { Command, Option } from 'commander';
import { findApiKey } from '../../config/api-key.js';
import { DEFAULT_BASE_URL, DEFAULT_CONCURRENCY } from '../../config/defaults.js';
import { exitCodeHelp } from '../../poll/exit-codes.js';
import { DOCS_POINTER } from '../docs.js';
import { type Factory } from '../factory.js';
import { openIdsFrom } from './ids-input.js';
import { resolveStatusOptions, type StatusFlags, type StatusOptions } from './options.js';

const EXAMPLES = `
Examples:
  # watch one upload until it is final (the request_id of an async_upload=true call)
  $ upload-post status 7b2c2f5e-1234 --watch
  # a scheduled post: one check now, then at most every 5 minutes until it is due
  $ upload-post status --job-id job_abc123xyz --watch --not-before 2026-12-01T14:00:00Z
  # a script's view: one JSON line per upload, give up after 15 minutes
  $ upload-post status --request-id X --watch --json --timeout 15m > result.json
  # many uploads from a file, stop at the first failure
  $ upload-post status --ids-from uploads.txt --watch --fail-fast
  # the key from a mounted secret, a JUnit report for the CI
  $ upload-post status X --watch --api-key-file /run/secrets/upload-post --junit up.xml
  # against the local simulator (upload-post simulate)
  $ upload-post status --request-id ok-1 --watch --base-url http://127.0.0.1:4010/api

Environment:
  UPLOAD_POST_API_KEY   API key (after --api-key and --api-key-file; before the stored key)
  UPLOAD_POST_BASE_URL  API base (instead of --base-url)
  XDG_CONFIG_HOME       where \`auth login\` keeps the key (default ~/.config)
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
    .optionsGroup('What to watch:')
    .addOption(new Option('--request-id <id>', 'an async-upload request ID; may be repeated').argParser(collect))
    .addOption(new Option('--job-id <id>', 'a scheduled-post job ID; may be repeated').argParser(collect))
    .option('--ids-from <file>', 'read IDs one a line (- = stdin; a pipe is watched as it is read): <id>, request:<id>, job:<id> or an upload call\'s JSON answer; # comments')
    .optionsGroup('How long:')
    .option('-w, --watch', 'poll until every ID is final (completed, failed or not found)')
    .option('--timeout <duration>', 'give up watching after this long: 90, 90s, 5m, 1h')
    .option('--interval <seconds>', "one fixed poll interval in place of the pacing table (5-10 s); never below the status's cache TTL")
    .option('--not-found-grace <duration>', 'with --watch, keep polling a not-found ID this long (default 0)')
    .option('--not-before <when>', 'scheduled posts: one check now, then at most every 5 minutes until this time (2026-12-01T14:00:00Z, or 2h)')
    .option('--fail-fast', 'with --watch, stop at the first ID that fails, is not found or ends in error')
    .optionsGroup('Output:')
    .option('--json', 'JSON Lines on stdout: one status body per ID, as received')
    .addOption(new Option('-q, --quiet', 'print nothing but errors; the exit code tells').conflicts(['verbose', 'json']))
    .option('--verbose', 'one stderr line per HTTP request, and retry/backoff decisions')
    .option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)')
    .optionsGroup('Reports:')
    .option('--junit <file>', 'write a JUnit XML report there when the command ends (GitLab, Jenkins, Azure DevOps, CircleCI)')
    .option('--markdown <file>', 'append a Markdown report there when the command ends')
    .option('--results <file>', 'write the verdicts as one JSON document there when the command ends (platforms, links, reasons, next steps)')
    .option('--no-github', 'inside GitHub Actions, no step summary, outputs or annotations')
    .optionsGroup('Connection:')
    .option('--api-key <key>', 'API key (visible to ps: prefer --api-key-file, UPLOAD_POST_API_KEY or auth login)')
    .option('--api-key-file <path>', 'read the API key from this file (a mounted secret); trimmed')
    .option('--base-url <url>', `API base (else UPLOAD_POST_BASE_URL; default ${DEFAULT_BASE_URL})`)
    .option('--concurrency <n>', `requests in flight at once (default ${DEFAULT_CONCURRENCY})`)
    .addHelpText('after', EXAMPLES + '\n' + exitCodeHelp() + '\n' + DOCS_POINTER)
    .action(async (ids: string[], flags: StatusFlags) => {
      // --not-before times and durations from now are instants of the wall clock (an --ids-from line's, from when it is read).
      const now = f.clock.wall();
      // The key before the input: a bad key file is a usage error before a stream is opened.
      const key = await findApiKey({ flag: flags.apiKey, file: flags.apiKeyFile }, f.env);
      const scrub = f.redact ?? ((t: string) => t);
      if (key.refused !== undefined) f.stderr?.write(`upload-post: ${key.refused}\n`);
      // Signals count from here: one that comes once a file is read, or while a stream is, still gets a line and the reports for every ID read.
      const input = flags.idsFrom !== undefined ? await openIdsFrom(flags.idsFrom, f.stdin, f.clock.wall, f.interruptSignal()) : undefined;
      const opts = resolveStatusOptions({ ...flags, ids, apiKey: key.found?.key }, f.env, input, now);
      for (const note of opts.notes) f.stderr?.write(scrub(`upload-post: note: ${note}\n`));
      f.setExitCode(await runF(opts));
    });
}
