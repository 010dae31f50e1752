// --json: stdout carries JSON Lines only, one per ID, written when that ID
// reaches its outcome (docs/CONTRACT.md#output).
import { idField, toJsonLine } from '../api/types.js';
import { type Outcome } from '../poll/outcome.js';
import { type OutStream, type Renderer } from './renderer.js';

/**
 * The line for one outcome: the body as received, else the contract's error
 * object, whose text is ours and passes through `scrub` (the key never shows).
 */
export function jsonLine(o: Outcome, scrub: (text: string) => string = (t) => t): string {
  if (o.raw !== undefined) return toJsonLine(o.raw);
  const obj: Record<string, unknown> = {
    [idField(o.upload.kind)]: o.upload.id,
    status: 'error',
    error: scrub(o.error ?? describeNoBody(o)),
  };
  if (o.httpStatus !== undefined) obj.http_status = o.httpStatus;
  return JSON.stringify(obj);
}

function describeNoBody(o: Outcome): string {
  switch (o.kind) {
    case 'timeout':
      return 'the --timeout ran out before any answer';
    case 'stopped':
      return 'stopped by --fail-fast before any answer';
    case 'interrupted':
      return 'interrupted before any answer';
    default:
      return 'no status was obtained';
  }
}

export function createJsonRenderer(out: OutStream, scrub?: (text: string) => string): Renderer {
  return {
    start() {},
    progress() {},
    outcome(o) {
      out.write(jsonLine(o, scrub) + '\n');
    },
    finish() {},
  };
}
