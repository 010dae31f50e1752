import { describe, it, expect } from 'vitest';
import { CommanderError } from 'commander';
import { createSimulateCommand } from '../../../src/commands/simulate/command.js';
import { parseRateLimit, parseScheduledDelay, planSimulate, type SimulateFlags } from '../../../src/commands/simulate/options.js';
import { UsageError } from '../../../src/config/usage-error.js';
import { startSimulator } from '../../../src/simulator/server.js';

describe('parseRateLimit', () => {
  it.each([
    ['120/60s', 120, 60_000],
    ['40/10s', 40, 10_000],
    ['1000/1m', 1000, 60_000],
    ['5/30', 5, 30_000],
    [' 7 / 1.5s ', 7, 1_500],
  ])('%j → %i per %i ms', (s, limit, windowMs) => {
    expect(parseRateLimit(s)).toEqual({ limit, windowMs });
  });

  it.each(['120', '0/60s', '10/0s', 'a/b', '10/5h', '-1/60s', '/60s', ''])('rejects %j', (s) => {
    expect(() => parseRateLimit(s)).toThrow(/--rate-limit must look like 120\/60s/);
  });
});

describe('parseScheduledDelay', () => {
  it.each([
    ['60s', 60_000],
    ['0s', 0],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    [' 90s ', 90_000],
  ])('%j → %i ms', (s, ms) => {
    expect(parseScheduledDelay(s)).toBe(ms);
  });

  it.each(['', '60', 'soon', '1.5h', '-5s', '30m1h', '5M', '10000h'])('rejects %j', (s) => {
    expect(() => parseScheduledDelay(s)).toThrow(`--scheduled-delay must be a duration like 90s, 5m or 1h30m (up to 9999h), got "${s}"`);
  });
});

describe('planSimulate', () => {
  it('defaults: port 4010 on 127.0.0.1, nothing else set', () => {
    expect(planSimulate({})).toEqual({ options: { port: 4010, host: '127.0.0.1' }, quiet: false });
  });

  it('maps every flag', () => {
    const plan = planSimulate({
      port: '0',
      host: '::1',
      apiKey: 'k',
      rateLimit: '40/10s',
      speed: '2.5',
      faults: '503:0.3,reset:0.1',
      faultSeed: '7',
      clockSkew: '-90.5',
      scheduledDelay: '1h30m',
      quiet: true,
    });
    expect(plan).toEqual({
      options: {
        port: 0,
        host: '::1',
        apiKey: 'k',
        rateLimit: { limit: 40, windowMs: 10_000 },
        speed: 2.5,
        faults: { '503': 0.3, reset: 0.1 },
        faultSeed: 7,
        clockSkewMs: -90_500,
        scheduledDelayMs: 5_400_000,
      },
      quiet: true,
    });
  });

  it.each<[SimulateFlags, RegExp]>([
    [{ port: 'abc' }, /--port must be a whole number from 0 to 65535, got "abc"/],
    [{ port: '70000' }, /--port/],
    [{ port: '-1' }, /--port/],
    [{ host: ' ' }, /--host must not be empty/],
    [{ apiKey: 'a b' }, /--api-key/],
    [{ apiKey: '' }, /--api-key/],
    [{ speed: '0' }, /--speed must be a number above 0, got "0"/],
    [{ speed: 'fast' }, /--speed/],
    [{ faults: '503:2' }, /--faults: fault "503" has probability "2"/],
    [{ faultSeed: '1.5' }, /--fault-seed/],
    [{ clockSkew: 'soon' }, /--clock-skew/],
    [{ scheduledDelay: 'abc' }, /--scheduled-delay must be a duration like 90s, 5m or 1h30m \(up to 9999h\), got "abc"/],
  ])('rejects %j', (flags, message) => {
    expect(() => planSimulate(flags)).toThrow(message);
  });
});

describe('createSimulateCommand', () => {
  function harness() {
    const out: string[] = [];
    const err: string[] = [];
    const codes: number[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const command = createSimulateCommand({
      stdout: { write: (t: string) => void out.push(t) },
      stderr: { write: (t: string) => void err.push(t) },
      startSimulator,
      untilStopped: () => stopped,
      setExitCode: (c) => void codes.push(c),
    })
      .exitOverride()
      .configureOutput({ writeErr: (t) => void err.push(t), writeOut: (t) => void out.push(t) });
    const listening = async () => {
      while (out.length === 0) await new Promise((r) => setTimeout(r, 5));
      return out[0] ?? '';
    };
    return { out, err, codes, stop, command, listening };
  }

  it('prints the listening line first, serves, and stops cleanly', async () => {
    const h = harness();
    const run = h.command.parseAsync(['--port', '0', '--api-key', 'k'], { from: 'user' });
    const line = await h.listening();
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/api\n$/);
    const url = line.trim().replace('listening on ', '');
    const res = await fetch(`${url}/uploadposts/status?request_id=ok-1`, { headers: { Authorization: 'Apikey k' } });
    expect(res.status).toBe(200);
    h.stop();
    await expect(run).resolves.toBe(h.command);
    expect(h.codes).toEqual([0]); // a clean stop: the entry point exits 0
    const stderr = h.err.join('');
    expect(stderr).toContain('partial-…');
    expect(stderr).toMatch(/GET \/api\/uploadposts\/status\?request_id=ok-1 200 \d+ms/);
    await expect(fetch(`${url}/uploadposts/status?request_id=ok-1`)).rejects.toThrow();
  });

  it('--quiet prints the listening line only', async () => {
    const h = harness();
    const run = h.command.parseAsync(['--port', '0', '--quiet'], { from: 'user' });
    const url = (await h.listening()).trim().replace('listening on ', '');
    await fetch(`${url}/uploadposts/status?request_id=ok-1`, { headers: { Authorization: 'Apikey k' } });
    h.stop();
    await run;
    expect(h.out).toHaveLength(1);
    expect(h.err).toEqual([]);
  });

  it('brackets an IPv6 host', async () => {
    const h = harness();
    const run = h.command.parseAsync(['--port', '0', '--host', '::1', '--quiet'], { from: 'user' });
    expect(await h.listening()).toMatch(/^listening on http:\/\/\[::1\]:\d+\/api\n$/);
    h.stop();
    await run;
  });

  it('a bad flag is a usage error: one sentence', async () => {
    const h = harness();
    const error = await h.command.parseAsync(['--rate-limit', 'lots'], { from: 'user' }).catch((e: unknown) => e);
    // The entry point prints a UsageError as one sentence and exits 2.
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('--rate-limit must look like 120/60s (requests per window, window in s or m), got "lots".');
    expect(h.err).toEqual([]);
    expect(h.out).toEqual([]);
  });

  it('a bad --scheduled-delay is a usage error: one sentence', async () => {
    const h = harness();
    const error = await h.command.parseAsync(['--scheduled-delay', '1.5h'], { from: 'user' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('--scheduled-delay must be a duration like 90s, 5m or 1h30m (up to 9999h), got "1.5h".');
    expect(h.err).toEqual([]);
    expect(h.out).toEqual([]);
  });

  it('--scheduled-delay sets how long scheduled--… IDs stay pending, and the banner says so', async () => {
    const h = harness();
    const run = h.command.parseAsync(['--port', '0', '--scheduled-delay', '90m'], { from: 'user' });
    const url = (await h.listening()).trim().replace('listening on ', '');
    const res = await fetch(`${url}/uploadposts/status?job_id=scheduled--flag`, { headers: { Authorization: 'Apikey k' } });
    expect(await res.json()).toMatchObject({ job_id: 'scheduled--flag', status: 'pending' });
    h.stop();
    await run;
    expect(h.err.join('')).toContain('scheduled-- delay: 1h30m');
  });

  it('a busy port is one sentence and exit code 1', async () => {
    const first = harness();
    const running = first.command.parseAsync(['--port', '0', '--quiet'], { from: 'user' });
    const port = /:(\d+)\/api/.exec(await first.listening())?.[1] ?? '';
    const second = harness();
    await second.command.parseAsync(['--port', port, '--quiet'], { from: 'user' });
    expect(second.codes).toEqual([1]);
    expect(second.err).toEqual([`upload-post: 127.0.0.1 port ${port} is already in use; pick another --port (0 = any free port).\n`]);
    first.stop();
    await running;
  });

  it('lists the magic IDs and fault kinds in --help', () => {
    const h = harness();
    expect(() => h.command.parse(['--help'], { from: 'user' })).toThrow(CommanderError);
    const text = h.out.join('');
    for (const s of [
      'ok-…',
      'retry-…',
      'hostile-…',
      'skipped-…',
      'scheduled-<d>-…',
      'anything else',
      'truncate',
      '--rate-limit <limit/window>',
      '--clock-skew <seconds>',
      '--scheduled-delay <duration>',
      '(default: 1m)',
    ]) {
      expect(text).toContain(s);
    }
  });
});
