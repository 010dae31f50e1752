// One line per outcome, shared by the plain log, the terminal view and the
// error summary on stderr. Symbol, label and tone come from the outcome table.
import { OUTCOME_TABLE, type Outcome, type OutcomeKind } from '../poll/outcome.js';
import { sanitize } from '../util/sanitize.js';
import { countText, idLabel, statusLabel, statusWord } from './rows.js';
import { type Theme } from './theme.js';

/** "✔", "✖", "⏱" … in the outcome's tone. */
export function outcomeSymbol(kind: OutcomeKind, theme: Theme): string {
  const info = OUTCOME_TABLE[kind];
  return theme.paint(info.tone, info.symbol);
}

/** "failed", "timed out" … in the outcome's tone. */
function outcomeLabel(kind: OutcomeKind, theme: Theme): string {
  const info = OUTCOME_TABLE[kind];
  return theme.paint(info.tone, info.label);
}

export function outcomeLine(o: Outcome, theme: Theme): string {
  const head = `${outcomeSymbol(o.kind, theme)} ${theme.bold(idLabel(o.upload))}`;
  const f = o.facts;
  const counts = f ? ` ${countText(f)}` : '';
  const serverMsg = f?.message ? `: ${f.message}` : '';
  const whileStatus = f ? ` while ${f.statusText}${counts}` : '';
  switch (o.kind) {
    case 'completed':
      return `${head} ${statusWord('completed', theme)}${counts}`;
    case 'failed': {
      const why = f?.sentence;
      return `${head} ${outcomeLabel('failed', theme)}${counts}${why ? ` — ${why}` : serverMsg}`;
    }
    case 'not_found':
      return `${head} ${outcomeLabel('not_found', theme)}${serverMsg}`;
    case 'pending':
      return `${head} not final yet: ${statusLabel(f, theme)}${counts}`;
    case 'timeout':
      return `${head} timed out${f ? whileStatus : ' before any answer'}`;
    case 'stopped':
      return `${head} stopped by --fail-fast${whileStatus}`;
    case 'interrupted':
      return `${head} interrupted${whileStatus}`;
    case 'auth_error':
    case 'api_error':
      return `${head} ${theme.fail('error')}: ${sanitize(o.error ?? 'unknown error')}`;
    default: {
      const never: never = o.kind;
      return String(never);
    }
  }
}
