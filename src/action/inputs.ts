// The GitHub Action's inputs (action.yml) turned into a `status --watch` run:
// pure, so tests read the plan without a runner. The runner hands each input
// as INPUT_<NAME>, the name upper-cased with its hyphens kept (INPUT_API-KEY);
// values are trimmed, as the runner's own toolkit does (docs/ACTION.md).
import { UsageError } from '../config/usage-error.js';

export interface ActionPlan {
  /** The CLI's arguments: never the key. */
  argv: string[];
  /** The `ids` input as an --ids-from text, written to `idsFile` before the run; undefined when empty. */
  idsText?: string;
  idsFile: string;
  /** The results document the `results` output is read from after the run (when the CLI writes one). */
  resultsFile?: string;
  /** Goes to the CLI through UPLOAD_POST_API_KEY; empty when the input is. */
  apiKey: string;
}

/** The CLI writes --results (docs/CONTRACT.md#links-and-reports): the `results` output is read from it. */
export const CLI_WRITES_RESULTS = true;

/** Every input action.yml declares, with its default there (the runner fills defaults; tests may not). */
export const ACTION_INPUTS = {
  ids: '',
  'request-id': '',
  'job-id': '',
  timeout: '15m',
  'not-found-grace': '2m',
  'not-before': '',
  'fail-fast': 'false',
  junit: '',
  markdown: '',
  results: '',
  'base-url': '',
  'api-key': '',
} as const;

export type ActionInput = keyof typeof ACTION_INPUTS;

export function input(env: NodeJS.ProcessEnv, name: ActionInput): string {
  return (env[`INPUT_${name.toUpperCase()}`] ?? ACTION_INPUTS[name]).trim();
}

/** YAML 1.2's booleans, as the runner's toolkit reads a boolean input; anything else is a mistake worth a sentence. */
function booleanInput(env: NodeJS.ProcessEnv, name: ActionInput): boolean {
  const value = input(env, name);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE', ''].includes(value)) return false;
  throw new UsageError(`the ${name} input must be true or false, not "${value.slice(0, 40)}"`);
}

/** `tmp` holds the files the action writes for itself (the runner's RUNNER_TEMP). */
export function planAction(env: NodeJS.ProcessEnv, tmp: string, unique: string): ActionPlan {
  const argv = ['status', '--watch'];
  const lines = (name: ActionInput): string[] => input(env, name).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (const id of lines('request-id')) argv.push('--request-id', id);
  for (const id of lines('job-id')) argv.push('--job-id', id);
  const ids = input(env, 'ids');
  const idsFile = `${tmp}/upload-post-ids-${unique}.txt`;
  if (ids !== '') argv.push('--ids-from', idsFile);
  const flags: [ActionInput, string][] = [
    ['timeout', '--timeout'],
    ['not-found-grace', '--not-found-grace'],
    ['not-before', '--not-before'],
    ['junit', '--junit'],
    ['markdown', '--markdown'],
    ['base-url', '--base-url'],
  ];
  for (const [name, flag] of flags) if (input(env, name) !== '') argv.push(flag, input(env, name));
  if (booleanInput(env, 'fail-fast')) argv.push('--fail-fast');
  const resultsFile = input(env, 'results') || `${tmp}/upload-post-results-${unique}.json`;
  if (CLI_WRITES_RESULTS) argv.push('--results', resultsFile);
  return { argv, ...(ids === '' ? {} : { idsText: `${ids}\n` }), idsFile, ...(CLI_WRITES_RESULTS ? { resultsFile } : {}), apiKey: input(env, 'api-key') };
}
