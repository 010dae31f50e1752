// Fault injection: what real proxies and flaky networks do to a client
// (docs/API.md#http-answers: 502/503/504, HTML pages,
// truncated bodies, dropped connections). Pure: parsing and the seeded draw.
import { seededRandom } from './random.js';

export const FAULT_KINDS = [
  '500',
  '502',
  '503',
  '504',
  'html',
  'truncate',
  'reset',
  'hang',
  'slow',
  '429',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Probability per kind; kinds left out never happen. */
export type FaultSpec = Partial<Record<FaultKind, number>>;

export const FAULT_DESCRIPTIONS: Record<FaultKind, string> = {
  '500': 'HTTP 500 with the API\'s JSON error body',
  '502': 'HTTP 502 with a proxy\'s HTML page',
  '503': 'HTTP 503 with a load balancer\'s JSON body',
  '504': 'HTTP 504 with a proxy\'s HTML page',
  html: 'HTTP 200 with an HTML page instead of JSON',
  truncate: 'HTTP 200 with the JSON body cut in half',
  reset: 'connection dropped without an answer',
  hang: 'no answer until the client gives up',
  slow: 'the right answer, ~1.5 s late',
  '429': 'a spurious 429 with Retry-After: 1',
};

export const DEFAULT_FAULT_SEED = 20250101;

function isFaultKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}

/** Parses `503:0.3,reset:0.2,html:0.1`; throws an Error naming the bad part. */
export function parseFaults(spec: string): FaultSpec {
  const parts = spec.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) {
    throw new Error('fault spec is empty; expected kind:probability pairs like "503:0.3,reset:0.1"');
  }
  const faults: FaultSpec = {};
  let sum = 0;
  for (const part of parts) {
    const match = /^([^:\s]+)\s*:\s*(\S+)$/.exec(part);
    if (match === null) {
      throw new Error(`fault "${part}" is not kind:probability, e.g. "503:0.3"`);
    }
    const [, kind = '', p = ''] = match;
    if (!isFaultKind(kind)) {
      throw new Error(`unknown fault kind "${kind}"; known kinds: ${FAULT_KINDS.join(', ')}`);
    }
    const probability = Number(p);
    if (!/^\d*\.?\d+(e-?\d+)?$/i.test(p) || !(probability >= 0 && probability <= 1)) {
      throw new Error(`fault "${kind}" has probability "${p}"; it must be a number from 0 to 1`);
    }
    if (faults[kind] !== undefined) {
      throw new Error(`fault "${kind}" is given twice`);
    }
    faults[kind] = probability;
    sum += probability;
  }
  // One draw per request picks at most one fault, so the shares must fit in 1.
  if (sum > 1 + 1e-9) {
    throw new Error(`fault probabilities add up to ${+sum.toFixed(6)}; they must add up to 1 or less`);
  }
  return faults;
}

/** A reproducible stream of fault decisions, one per request. */
export function faultDrawer(spec: FaultSpec, seed = DEFAULT_FAULT_SEED): () => FaultKind | null {
  const random = seededRandom(seed);
  // Canonical order, so the same spec gives the same faults however it was written.
  const weights = FAULT_KINDS.flatMap((k) => (spec[k] ? [[k, spec[k]] as const] : []));
  return () => {
    if (weights.length === 0) return null;
    const r = random();
    let acc = 0;
    for (const [kind, p] of weights) {
      acc += p;
      if (r < acc) return kind;
    }
    return null;
  };
}

export function formatFaults(spec: FaultSpec): string {
  return FAULT_KINDS.flatMap((k) => (spec[k] !== undefined ? [`${k}:${spec[k]}`] : [])).join(',');
}
