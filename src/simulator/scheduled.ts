// Scheduled posts: the job answers `pending` until its time, then runs like
// any upload. The ID spells the delay (`scheduled-90m-…`), so a script picks
// it the way it picks every other outcome. Pure.

export const SCHEDULED_PREFIX = 'scheduled-';

/** For `scheduled--…`, which names no delay, unless the simulator is told otherwise. */
export const DEFAULT_SCHEDULED_DELAY_MS = 60_000;

/**
 * Far beyond any wait worth simulating, and it keeps every timestamp the
 * scheduled timeline writes inside what a Date can hold.
 */
export const MAX_SCHEDULED_DELAY_MS = 9_999 * 3_600_000;

// Largest unit first, each at most once: `1h30m`, not `30m1h` or `1m1m`.
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** `8s`, `90m`, `2h`, `1h30m`, `0s` → milliseconds; null for anything else. */
export function parseScheduledDuration(s: string): number | null {
  const match = DURATION.exec(s);
  if (s === '' || match === null) return null;
  const [, h = '0', m = '0', sec = '0'] = match;
  const ms = ((Number(h) * 60 + Number(m)) * 60 + Number(sec)) * 1_000;
  return ms <= MAX_SCHEDULED_DELAY_MS ? ms : null;
}

/**
 * The delay a `scheduled-` ID asks for, in ms; 'default' when it names none
 * (`scheduled-` or `scheduled--…`); null when the part after the prefix, up to
 * the next `-`, is no duration, or the ID is not a scheduled- one.
 */
export function scheduledDelayOf(id: string): number | 'default' | null {
  if (!id.startsWith(SCHEDULED_PREFIX)) return null;
  const rest = id.slice(SCHEDULED_PREFIX.length);
  const dash = rest.indexOf('-');
  const part = dash < 0 ? rest : rest.slice(0, dash);
  return part === '' ? 'default' : parseScheduledDuration(part);
}

/** Milliseconds in the same grammar, for the banner: 5400000 → `1h30m`. */
export function formatScheduledDuration(ms: number): string {
  const total = Math.round(ms / 1_000);
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return text === '' ? '0s' : text;
}
