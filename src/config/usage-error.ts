// The one error type for input a user (or a library caller) got wrong: a bad
// flag, ID, file, key or URL. The CLI prints its message as one sentence and
// exits 2 before any request (docs/CONTRACT.md#exit-codes).
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A signal came while the input (--ids-from) was still being read: there is
 * no list of IDs to check or report on. main() says so and lets the signal
 * end the process, since a read blocked on a pipe nobody writes to would keep
 * an ordinary exit waiting for ever.
 */
export class InputInterrupted extends Error {
  override name = 'InputInterrupted';
}
