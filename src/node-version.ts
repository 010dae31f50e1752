// The Node version check src/cli.ts runs before anything else: an older Node
// fails in ways that say nothing (a missing built-in, a syntax error), so it
// gets one sentence naming both versions and exit 2 (docs/CONTRACT.md#entry-point).
// Written for any Node: nothing here may need a newer one than it checks for.

/** "v18.20.4" or "20.19.0" → [18, 20, 4]; anything unreadable → zeros. */
function parts(version: string): [number, number, number] {
  const [a, b, c] = version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10));
  return [a || 0, b || 0, c || 0];
}

/** The sentence to print when `running` is older than `floor`; undefined when it is new enough. */
export function nodeTooOld(running: string, floor: string): string | undefined {
  const have = parts(running);
  const need = parts(floor);
  for (let i = 0; i < 3; i++) {
    if (have[i]! > need[i]!) return undefined;
    if (have[i]! < need[i]!) return `upload-post needs Node.js ${floor} or newer; this is Node.js ${running.replace(/^v/, '')}.`;
  }
  return undefined;
}
