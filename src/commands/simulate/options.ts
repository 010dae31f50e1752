// `upload-post simulate` flags → what to start. Pure, validated up front:
// the first bad flag is a UsageError naming the flag and the value.
import { UsageError } from '../../config/usage-error.js';
import { parseFaults } from '../../simulator/faults.js';
import { parseScheduledDuration } from '../../simulator/scheduled.js';
import { type SimulatorOptions } from '../../simulator/server.js';

export const DEFAULT_SIMULATE_PORT = 4010;
export const DEFAULT_SIMULATE_HOST = '127.0.0.1';

export interface SimulateFlags {
  port?: string;
  host?: string;
  apiKey?: string;
  rateLimit?: string;
  speed?: string;
  faults?: string;
  faultSeed?: string;
  clockSkew?: string;
  scheduledDelay?: string;
  quiet?: boolean;
}

export interface SimulatePlan {
  readonly options: SimulatorOptions & { port: number; host: string };
  readonly quiet: boolean;
}

// The simulator's own sentences end with a full stop.
const usage = (msg: string) => new UsageError(`${msg}.`);

export function parsePort(s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n > 65_535) throw usage(`--port must be a whole number from 0 to 65535, got "${s}"`);
  return n;
}

/** `120/60s`, `40/10s`, `1000/1m`; a bare window is seconds. */
export function parseRateLimit(s: string): { limit: number; windowMs: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(s|m)?\s*$/i.exec(s);
  const limit = Number(m?.[1]);
  const window = Number(m?.[2]) * (m?.[3]?.toLowerCase() === 'm' ? 60_000 : 1_000);
  if (m === null || !(limit >= 1) || !(window >= 1)) {
    throw usage(`--rate-limit must look like 120/60s (requests per window, window in s or m), got "${s}"`);
  }
  return { limit, windowMs: window };
}

export function parseSpeed(s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || n <= 0) throw usage(`--speed must be a number above 0, got "${s}"`);
  return n;
}

export function parseFaultSeed(s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || n > 0xffffffff) throw usage(`--fault-seed must be a whole number from 0 to 4294967295, got "${s}"`);
  return n;
}

export function parseClockSkew(s: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw usage(`--clock-skew must be a number of seconds (may be negative), got "${s}"`);
  return Math.round(n * 1000);
}

/** The grammar of the delay in a `scheduled-<d>-` ID: `90s`, `5m`, `1h30m`. */
export function parseScheduledDelay(s: string): number {
  const ms = parseScheduledDuration(s.trim());
  if (ms === null) throw usage(`--scheduled-delay must be a duration like 90s, 5m or 1h30m (up to 9999h), got "${s}"`);
  return ms;
}

function faultsOf(spec: string): SimulatorOptions['faults'] {
  try {
    return parseFaults(spec);
  } catch (err) {
    throw usage(`--faults: ${(err as Error).message}`);
  }
}

/** Flags → what to start. Throws a UsageError on the first bad flag. */
export function planSimulate(flags: SimulateFlags): SimulatePlan {
  const host = flags.host ?? DEFAULT_SIMULATE_HOST;
  if (host.trim() === '') throw usage('--host must not be empty');
  if (flags.apiKey !== undefined && !/^\S+$/.test(flags.apiKey)) {
    throw usage('--api-key must be non-empty and hold no whitespace');
  }
  const faults = flags.faults !== undefined ? faultsOf(flags.faults) : undefined;
  const options: SimulatePlan['options'] = {
    port: parsePort(flags.port ?? String(DEFAULT_SIMULATE_PORT)),
    host,
    ...(flags.apiKey !== undefined ? { apiKey: flags.apiKey } : {}),
    ...(flags.rateLimit !== undefined ? { rateLimit: parseRateLimit(flags.rateLimit) } : {}),
    ...(flags.speed !== undefined ? { speed: parseSpeed(flags.speed) } : {}),
    ...(faults !== undefined ? { faults } : {}),
    ...(flags.faultSeed !== undefined ? { faultSeed: parseFaultSeed(flags.faultSeed) } : {}),
    ...(flags.clockSkew !== undefined ? { clockSkewMs: parseClockSkew(flags.clockSkew) } : {}),
    ...(flags.scheduledDelay !== undefined ? { scheduledDelayMs: parseScheduledDelay(flags.scheduledDelay) } : {}),
  };
  return { options, quiet: flags.quiet === true };
}
