// The magic-ID table, shared by `simulate --help` and the start-up banner, so
// the two never disagree (docs/SIMULATOR.md's table is written by hand from it).
import { FAULT_DESCRIPTIONS, FAULT_KINDS } from './faults.js';
import { SCENARIOS, UNKNOWN_ID_DESCRIPTION } from './scenarios.js';

function rows(pairs: ReadonlyArray<readonly [string, string]>, indent: string): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`).join('\n');
}

export function magicIdTable(indent = '  '): string {
  return rows(
    [...SCENARIOS.map((s) => [s.label ?? `${s.prefix}…`, s.description] as const), ['anything else', UNKNOWN_ID_DESCRIPTION]],
    indent,
  );
}

export function faultTable(indent = '  '): string {
  return rows(
    FAULT_KINDS.map((k) => [k, FAULT_DESCRIPTIONS[k]] as const),
    indent,
  );
}
