// The one error type for input a user (or a library caller) got wrong: a bad
// flag, ID, file, key or URL. The CLI prints its message as one sentence and
// exits 2 before any request (docs/CONTRACT.md#exit-codes).
export class UsageError extends Error {
  override name = 'UsageError';
}
