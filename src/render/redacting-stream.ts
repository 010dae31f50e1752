// Human output passes through here on its way to stdout: whatever a server
// echoed (a message quoting the key, a redirect naming it in a host), the
// API key never reaches a screen or a log (docs/CONTRACT.md#security).
// Everything else about the stream — a terminal's size, its events — is the
// stream's own.
import { type OutStream } from './renderer.js';

export function redactingStream(out: OutStream, scrub: (text: string) => string): OutStream {
  return new Proxy(out, {
    get(target, prop, receiver) {
      if (prop === 'write') return (chunk: string, ...rest: unknown[]) => (target.write as (c: string, ...r: unknown[]) => unknown)(scrub(String(chunk)), ...rest);
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
