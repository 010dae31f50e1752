// The GitHub Action's entry (action.yml: runs.using node24, main
// action/index.cjs, this file bundled with the whole CLI by
// `npm run build:action`): nothing to install, the CLI run in-process.
// The CLI writes the step summary, the annotations and the exit-code, status
// and post-urls outputs itself (GITHUB_ACTIONS=true); this adds the `results`
// output from the --results document (docs/ACTION.md).
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { UsageError } from '../config/usage-error.js';
import { main } from '../main.js';
import { EXIT_INTERNAL } from '../poll/exit-codes.js';
import { escapeData, outputLines } from '../report/github.js';
import { appendText } from '../report/files.js';
import { randomHex } from '../util/random-hex.js';
import { input, planAction } from './inputs.js';

// Before anything else can print: the runner hides the key in every later log line.
const apiKey = input(process.env, 'api-key');
for (const line of apiKey.split('\n')) if (line.trim() !== '') process.stdout.write(`::add-mask::${escapeData(line.trim())}\n`);

run().catch((err: unknown) => {
  // A bug of ours, not a verdict on the uploads: one line, as main() says it.
  process.stdout.write(`::error title=upload-post::${escapeData(`unexpected error: ${(err as Error)?.message ?? String(err)}`)}\n`);
  process.exitCode = EXIT_INTERNAL;
});

async function run(): Promise<void> {
  const unique = `${process.pid}-${randomHex(4)}`;
  let plan;
  try {
    plan = planAction(process.env, process.env.RUNNER_TEMP || tmpdir(), unique);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stdout.write(`::error title=upload-post::${escapeData(err.message)}\n`);
    process.exitCode = 2;
    return;
  }
  // The key reaches the CLI as the environment would hand it, never on a command line.
  if (plan.apiKey !== '') process.env.UPLOAD_POST_API_KEY = plan.apiKey;
  if (plan.idsText !== undefined) await writeFile(plan.idsFile, plan.idsText, { mode: 0o600 });
  try {
    await main(plan.argv);
  } finally {
    if (plan.idsText !== undefined) await rm(plan.idsFile, { force: true });
  }
  if (plan.resultsFile === undefined) return;
  const results = await readFile(plan.resultsFile, 'utf8').catch(() => undefined);
  // Our own temporary document goes once read; one the workflow named stays for its later steps.
  if (input(process.env, 'results') === '') await rm(plan.resultsFile, { force: true });
  const outputPath = process.env.GITHUB_OUTPUT;
  if (results !== undefined && outputPath) await appendText(outputPath, outputLines([['results', results.trim()]]));
}
