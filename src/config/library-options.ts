// The library's options, checked before any request (docs/CONTRACT.md#library):
// a caller's NaN, a "10s" where milliseconds were meant or a misspelt key is
// a UsageError naming the option, never a watch that hammers the API, opens
// hundreds of sockets or silently ignores what it was told.
import { MAX_CONCURRENCY } from './defaults.js';
import { UsageError } from './usage-error.js';
import { quote } from '../util/sanitize.js';

type Check = (value: unknown) => string | undefined;

/** What a bad value was, for the sentence: never a secret's text. */
function shown(value: unknown, secret: boolean): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return secret ? 'a string' : quote(value, 40);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

const text: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const func: Check = (v) => (typeof v === 'function' ? undefined : 'a function');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const signal: Check = (v) => (v instanceof AbortSignal ? undefined : 'an AbortSignal');
const positiveMs: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'a finite number of milliseconds above 0');
const nonNegativeMs: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'a finite number of milliseconds, 0 or more');
const concurrency: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_CONCURRENCY ? undefined : `a whole number from 1 to ${MAX_CONCURRENCY}`);

const TIMEOUTS: Record<string, Check> = { request: positiveMs, connect: positiveMs };
const timeouts: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return '{ request, connect } in milliseconds';
  for (const [key, value] of Object.entries(v)) {
    const check = TIMEOUTS[key];
    if (!check) return `{ request, connect } in milliseconds, with no "${key}"`;
    const want = check(value);
    if (want) return `{ request, connect } with ${key} ${want}`;
  }
  const missing = Object.keys(TIMEOUTS).find((key) => (v as Record<string, unknown>)[key] === undefined);
  return missing ? `{ request, connect } in milliseconds, both given (no ${missing})` : undefined;
};

/** Every option `getStatus` takes. */
export const CLIENT_OPTIONS: Record<string, Check> = { apiKey: text, baseUrl: text, timeouts, userAgent: text, signal, timeoutMs: positiveMs };

/** Every option `watch` takes. */
export const WATCH_OPTIONS: Record<string, Check> = {
  ...CLIENT_OPTIONS,
  intervalMs: positiveMs,
  notFoundGraceMs: nonNegativeMs,
  concurrency,
  failFast: bool,
  onChange: func,
  onOutcome: func,
  onError: func,
};

/** Throws a UsageError naming the first option that is unknown or of the wrong kind. `undefined` counts as absent. */
export function checkOptions(fn: string, options: unknown, known: Record<string, Check>): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new UsageError(`${fn}: options must be an object, got ${shown(options, false)}`);
  for (const [key, value] of Object.entries(options)) {
    const check = Object.hasOwn(known, key) ? known[key] : undefined;
    if (!check) throw new UsageError(`${fn}: unknown option ${quote(key, 40)} (known: ${Object.keys(known).join(', ')})`);
    if (value === undefined) continue;
    const want = check(value);
    if (want) throw new UsageError(`${fn}: ${key} must be ${want}, got ${shown(value, key === 'apiKey')}`);
  }
}

const ID_KEYS = new Set(['kind', 'id', 'notBefore']);

/** An ID as the library takes it: a string, or { kind, id, notBefore? }. Its text is checked later, by checkId. */
export function checkIdInput(fn: string, input: unknown): void {
  if (typeof input === 'string') return;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new UsageError(`${fn}: an ID must be a string or { kind, id }, got ${shown(input, false)}`);
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!ID_KEYS.has(key)) throw new UsageError(`${fn}: unknown ID field ${quote(key, 40)} (known: kind, id, notBefore)`);
  if (o.kind !== 'request' && o.kind !== 'job') throw new UsageError(`${fn}: an ID's kind must be "request" or "job", got ${shown(o.kind, false)}`);
  if (typeof o.id !== 'string') throw new UsageError(`${fn}: an ID's id must be a string, got ${shown(o.id, false)}`);
}

/** The list `watch` takes: an array, never one string (whose characters would each be an ID). */
export function checkIdList(fn: string, ids: unknown): asserts ids is readonly unknown[] {
  if (typeof ids === 'string') throw new UsageError(`${fn}: ids must be an array; for one ID write ${fn.replace('()', '')}([${quote(ids, 40)}])`);
  if (!Array.isArray(ids)) throw new UsageError(`${fn}: ids must be an array of IDs, got ${shown(ids, false)}`);
  for (const id of ids) checkIdInput(fn, id);
}
