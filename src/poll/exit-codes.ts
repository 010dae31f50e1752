// The exit-code table of docs/CONTRACT.md#exit-codes, once: the codes, what
// each means (the help text is generated from it), and the precedence that
// folds many IDs' codes into one.

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  timeout: 5,
  pending: 6,
  unreachable: 7,
  /** stdout could not be written (a full disk): the results are lost, whatever they were. */
  output: 74,
  sighup: 129,
  sigint: 130,
  sigterm: 143,
} as const;

/** What a run that exits EXIT.output says on stderr: `reason` is the error code, or why the reader is gone. */
export function outputLostLine(reason: string): string {
  return `upload-post: could not write to stdout (${reason}); what it should have shown is lost\n`;
}

/** Exit code for a bug: outside the table, so never mistaken for a verdict. */
export const EXIT_INTERNAL = 70;

export interface ExitCodeRow {
  readonly code: number;
  readonly meaning: string;
}

/** The table in precedence order: with several IDs, the first that applies wins. */
export const EXIT_CODE_TABLE: readonly ExitCodeRow[] = [
  { code: EXIT.usage, meaning: 'usage error: bad flags or IDs, no API key, refused base URL' },
  { code: EXIT.auth, meaning: 'authentication failed (401 or 403)' },
  { code: EXIT.unreachable, meaning: 'the API could not be reached or answered unreadably, past the retries' },
  { code: EXIT.failed, meaning: 'an ID failed (top-level failed or stalled, or a platform failed, left a draft or without a result)' },
  { code: EXIT.notFound, meaning: 'an ID was not found' },
  { code: EXIT.timeout, meaning: '--timeout ran out before every ID was final' },
  { code: EXIT.pending, meaning: 'without --watch: an ID is not final yet' },
  { code: EXIT.ok, meaning: 'every ID completed and every platform succeeded' },
];

/** Codes outside the table outrank it; the highest of those wins. */
export const OUTSIDE_EXIT_CODES: readonly ExitCodeRow[] = [
  { code: EXIT.output, meaning: 'stdout could not be written' },
  { code: EXIT.sighup, meaning: 'hung up (SIGHUP)' },
  { code: EXIT.sigint, meaning: 'interrupted (SIGINT)' },
  { code: EXIT.sigterm, meaning: 'terminated (SIGTERM)' },
];

const PRECEDENCE = EXIT_CODE_TABLE.map((r) => r.code);

export function combineExitCodes(codes: Iterable<number>): number {
  let outside: number | undefined;
  let best = PRECEDENCE.length;
  for (const c of codes) {
    const rank = PRECEDENCE.indexOf(c);
    if (rank === -1) outside = Math.max(outside ?? c, c);
    else best = Math.min(best, rank);
  }
  if (outside !== undefined) return outside;
  return PRECEDENCE[best] ?? EXIT.ok;
}

/** The help text, generated from the table so the two can never disagree. */
export function exitCodeHelp(): string {
  const rows = [...EXIT_CODE_TABLE].sort((a, b) => a.code - b.code);
  const lines = rows.map((r) => `  ${String(r.code).padEnd(5)}${r.meaning}`);
  const outside = OUTSIDE_EXIT_CODES.map((r) => `${String(r.code).padEnd(5)}${r.meaning}`);
  return `\nExit codes (with several IDs, the first that applies in the order ${PRECEDENCE.join(', ')}):\n${lines.join('\n')}\n  ${outside.slice(0, 2).join('    ')}\n  ${outside.slice(2).join('    ')}`;
}

/** Why a run was interrupted, as the abort signal's reason: the signal's exit code. */
export interface Interruption {
  readonly exitCode: number;
}

/** The exit code an abort signal carries (SIGTERM: 143, SIGHUP: 129 …), if it is one of ours. */
export function interruptionCode(signal: AbortSignal | undefined): number | undefined {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  const code = typeof reason === 'object' && reason !== null ? (reason as Partial<Interruption>).exitCode : undefined;
  return typeof code === 'number' && OUTSIDE_EXIT_CODES.some((r) => r.code === code) ? code : undefined;
}
