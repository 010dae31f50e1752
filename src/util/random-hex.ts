// Random names (temp files, output delimiters). node:crypto is loaded at the
// first call, not at start: with it come a dozen modules a one-shot `status`
// that writes no report never needs (docs/ARCHITECTURE.md#start-up).

/** `bytes` random bytes as hex. */
export function randomHex(bytes: number): string {
  return process.getBuiltinModule('node:crypto').randomBytes(bytes).toString('hex');
}
