// One line per outcome, shared by the plain log, the terminal view and the
// error summary on stderr.
import { type Outcome } from '../poll/outcome.js';
import { sanitize } from '../util/sanitize.js';
import { countText, idLabel, statusLabel } from './rows.js';
import { type Theme } from './theme.js';

export function outcomeLine(o: Outcome, theme: Theme): string {
  const id = theme.bold(idLabel(o.upload));
  const counts = o.body ? ` ${countText(o.body)}` : '';
  const serverMsg = o.body?.message ? `: ${sanitize(o.body.message)}` : '';
  switch (o.kind) {
    case 'completed':
      return `${theme.ok('✔')} ${id} ${statusLabel('completed', theme)}${counts}`;
    case 'failed': {
      const why = o.body?.status === 'completed' ? ' (a platform failed)' : '';
      return `${theme.fail('✖')} ${id} ${theme.fail('failed')}${counts}${why}${serverMsg}`;
    }
    case 'not_found':
      return `${theme.fail('?')} ${id} ${theme.fail('not found')}${serverMsg}`;
    case 'pending':
      return `${theme.warn('…')} ${id} not final yet: ${statusLabel(o.body?.status, theme)}${counts}`;
    case 'timeout':
      return `${theme.warn('⏱')} ${id} timed out${o.body ? ` while ${sanitize(o.body.status)}${counts}` : ' before any answer'}`;
    case 'stopped':
      return `${theme.dim('■')} ${id} stopped by --fail-fast${o.body ? ` while ${sanitize(o.body.status)}${counts}` : ''}`;
    case 'interrupted':
      return `${theme.dim('■')} ${id} interrupted${o.body ? ` while ${sanitize(o.body.status)}${counts}` : ''}`;
    case 'auth_error':
    case 'api_error':
      return `${theme.fail('✖')} ${id} ${theme.fail('error')}: ${sanitize(o.error ?? 'unknown error')}`;
    default: {
      const never: never = o.kind;
      return String(never);
    }
  }
}
