// Which platforms an upload posts to, and the hostile spellings the `hostile-`
// scenario uses. Chosen from a hash of the ID so the same ID always shows the
// same platforms, across runs and across simulator restarts.
import { hashString, seededRandom } from './random.js';

/** Platform names the vendor documents (docs/API.md#platform-results). */
export const PLATFORMS = [
  'x',
  'linkedin',
  'tiktok',
  'instagram',
  'youtube',
  'facebook',
  'threads',
  'bluesky',
] as const;

export type Platform = (typeof PLATFORMS)[number];

/** 2–4 distinct platforms for this ID, in a stable order. */
export function platformsFor(id: string): Platform[] {
  const random = seededRandom(hashString(id));
  const count = 2 + Math.floor(random() * 3);
  const pool: Platform[] = [...PLATFORMS];
  const picked: Platform[] = [];
  for (let i = 0; i < count; i++) {
    const [name] = pool.splice(Math.floor(random() * pool.length), 1);
    if (name !== undefined) picked.push(name);
  }
  return picked;
}

/** A stable index in [0, n) for one role ("which platform fails") of an ID. */
export function pickIndex(id: string, role: string, n: number): number {
  return hashString(`${role}:${id}`) % n;
}

// Each one targets a different sanitiser gap: OSC (retitles the terminal and is
// terminated by BEL, not by a letter), CSI clear/home, a lone bell, the 8-bit C1
// CSI that some strippers miss, and a bidi override that reverses what follows.
const HOSTILE_NAME_SUFFIXES = [
  '\u001b]0;pwned\u0007',
  '\u001b[2J\u001b[H',
  '\u009b31m',
  '\u0007\u202e',
] as const;

export function hostileName(platform: string, index: number): string {
  return platform + HOSTILE_NAME_SUFFIXES[index % HOSTILE_NAME_SUFFIXES.length];
}

export const HOSTILE_MESSAGES = {
  processing: 'Processing\u001b[2J\u001b[H\u0007',
  completed:
    'Published \u001b]0;pwned\u0007\u001b[31mred\u001b[0m \u009b6n \u202eexe.gnp',
} as const;
