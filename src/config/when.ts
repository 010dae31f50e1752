// `--not-before <when>` and the time after an ID in --ids-from
// (docs/CONTRACT.md#scheduled-posts): an ISO 8601 time with a zone, or a
// duration from now. A time without a zone would mean whatever zone the
// machine is in — a CI runner's is UTC, a laptop's is not — so it is refused.
import { parseDuration } from '../util/duration.js';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms, or undefined when `text` is neither an ISO time with a zone nor a duration. */
export function parseWhen(text: string, now: number): number | undefined {
  const s = text.trim();
  if (ISO_WITH_ZONE.test(s)) {
    const at = Date.parse(s.toUpperCase());
    return Number.isFinite(at) ? at : undefined;
  }
  const ms = parseDuration(s);
  return ms === undefined ? undefined : now + ms;
}

export const WHEN_HINT = 'an ISO 8601 time with a zone (2026-12-01T14:00:00Z, 2026-12-01T15:00+01:00) or a duration from now (90s, 5m, 2h)';
