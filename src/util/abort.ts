// Waiting on something that an AbortSignal may make moot.

/**
 * `pending`, or undefined as soon as `signal` aborts. The listener goes as
 * soon as either comes: a source read a million times leaves nothing behind
 * (racing one long-lived promise would add a reaction to it per read).
 */
export function unlessAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  // Once the wait is over nobody hears what a read still waiting comes to.
  pending.catch(() => {});
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (err: unknown) => (signal.removeEventListener('abort', onAbort), reject(err)),
    );
  });
}
