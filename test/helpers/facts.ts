// Outcomes, progress events and live-view entries as the poll loop hands
// them over: with the facts of their body read once (api/facts.ts).
import { readUpload } from '../../src/api/facts.js';
import { narrowStatusBody, type StatusBody } from '../../src/api/types.js';

/** `o` with `facts` read from its `body`, as the state machine does when an answer arrives. */
export function withFacts<T extends { body?: StatusBody }>(o: T): T & { facts?: ReturnType<typeof readUpload> } {
  if (!o.body) return o;
  // Fixtures are written loosely (no `results`, numbers as text): narrowed as an answer would be.
  const body = narrowStatusBody(o.body) ?? o.body;
  return { ...o, body, facts: readUpload(body) };
}
