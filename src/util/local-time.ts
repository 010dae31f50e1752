// Times shown to a person are local and carry their zone: "18:05 CET",
// "2026-12-08 18:05 UTC". A bare "18:05" read in a CI log (UTC) and on a
// laptop (local) names two instants.

const PARTS = new Map<boolean, Intl.DateTimeFormat>();

function formatter(date: boolean): Intl.DateTimeFormat {
  let f = PARTS.get(date);
  if (!f) {
    const day: Intl.DateTimeFormatOptions = date ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {};
    f = new Intl.DateTimeFormat('en-US', { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    PARTS.set(date, f);
  }
  return f;
}

/** An instant (ms since the epoch) as local "HH:MM zone", or "YYYY-MM-DD HH:MM zone" with `date`. */
export function localTime(ms: number, opts: { date?: boolean } = {}): string {
  // Past what a Date holds (±8.64e15 ms) formatting throws; no caller should get there.
  if (!Number.isFinite(new Date(ms).getTime())) return 'a time past any calendar';
  const date = opts.date === true;
  const parts = new Map(formatter(date).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const time = `${parts.get('hour')}:${parts.get('minute')} ${parts.get('timeZoneName')}`;
  return date ? `${parts.get('year')}-${parts.get('month')}-${parts.get('day')} ${time}` : time;
}
