// `--not-before <when>` and the time after an ID in --ids-from
// (docs/CONTRACT.md#scheduled-posts): an ISO 8601 time with a zone, or a
// duration from now. A time without a zone would mean whatever zone the
// machine is in — a CI runner's is UTC, a laptop's is not — so it is refused,
// and so is a date the calendar does not have (Date.parse would roll
// 2026-02-30 into March).
import { parseDuration } from '../util/duration.js';
import { quote } from '../util/sanitize.js';
import { UsageError } from './usage-error.js';

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/i;

/** The latest instant a Date can hold. */
const MAX_DATE_MS = 8.64e15;

/** Days in `month` (1–12) of `year`, by the Gregorian rule (Date.UTC would read years 0–99 as 1900–1999). */
function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Every field within its calendar range: no 30 February, no 25 o'clock, no +24:00 zone. */
function onTheCalendar(m: RegExpExecArray): boolean {
  // The groups: year, month, day, hour, minute, second?, zone, zone hours?, zone minutes?
  const [y, mo, d, h, mi, s, , oh, om] = m.slice(1).map((x) => Number(x ?? 0));
  return mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysIn(y!, mo!) && h! <= 23 && mi! <= 59 && s! <= 59 && oh! <= 23 && om! <= 59;
}

/** Epoch ms, or undefined when `text` is neither an ISO time with a zone nor a duration, or is past what a date can hold. */
export function parseWhen(text: string, now: number): number | undefined {
  const s = text.trim();
  const iso = ISO_WITH_ZONE.exec(s);
  let at: number | undefined;
  if (iso) at = onTheCalendar(iso) ? Date.parse(s.toUpperCase()) : undefined;
  else {
    const ms = parseDuration(s);
    at = ms === undefined ? undefined : now + ms;
  }
  return at !== undefined && Number.isFinite(at) && Math.abs(at) <= MAX_DATE_MS ? at : undefined;
}

export const WHEN_HINT = 'an ISO 8601 time with a zone (2026-12-01T14:00:00Z, 2026-12-01T15:00+01:00) or a duration from now (90s, 5m, 2h)';

/** `text` as epoch ms, or a usage error naming `where` it was given (a flag, an --ids-from line). */
export function requireWhen(text: string, now: number, where: string): number {
  const at = parseWhen(text, now);
  if (at === undefined) throw new UsageError(`${where}: ${quote(text)} is not a time: give ${WHEN_HINT}`);
  return at;
}
