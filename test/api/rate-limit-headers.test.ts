import { describe, expect, it } from 'vitest';
import { clampWaitUntil, MAX_SAID_WAIT_MS, MAX_SERVER_WAIT_MS, parseRateInfo } from '../../src/api/rate-limit-headers.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const httpDate = (ms: number): string => new Date(ms).toUTCString();

describe('parseRateInfo', () => {
  it('reads limit, remaining and reset on the server clock', () => {
    const r = parseRateInfo({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(NOW / 1000 + 30), date: httpDate(NOW) }, NOW);
    expect(r).toEqual({ limit: 60, remaining: 12, resetAt: NOW + 30_000, saidUntil: NOW + 30_000 });
  });

  it('answers on the monotonic clock: the wall clock only places a Reset that comes without a Date', () => {
    const MONO = 5_000;
    expect(parseRateInfo({ 'x-ratelimit-reset': String(NOW / 1000 + 20) }, MONO, NOW).resetAt).toBe(MONO + 20_000);
    expect(parseRateInfo({ 'x-ratelimit-reset': String(NOW / 1000 + 20), date: httpDate(NOW) }, MONO, NOW - 3_600_000).resetAt).toBe(MONO + 20_000);
    expect(parseRateInfo({ 'retry-after': '7' }, MONO, NOW).retryAt).toBe(MONO + 7_000);
  });

  it('a Reset in the year 31,000,000: what is told stops at 400 days, a time every clock can print', () => {
    const r = parseRateInfo({ 'x-ratelimit-reset': '999999999999999', 'retry-after': '999999999999999', date: httpDate(NOW) }, NOW);
    expect(r.saidUntil).toBe(NOW + MAX_SAID_WAIT_MS);
    expect(Number.isNaN(new Date(r.saidUntil!).getTime())).toBe(false);
  });

  it('a daily quota: the wait is capped, what the server said is kept for the sentence', () => {
    const r = parseRateInfo({ 'retry-after': '86340', 'x-ratelimit-reset': String(NOW / 1000 + 3600), date: httpDate(NOW) }, NOW);
    expect(r).toMatchObject({ retryAt: NOW + MAX_SERVER_WAIT_MS, resetAt: NOW + MAX_SERVER_WAIT_MS, saidUntil: NOW + 86_340_000 });
  });

  it('measures Reset against Date, not our clock: a server an hour ahead', () => {
    const serverNow = NOW + 3_600_000;
    const r = parseRateInfo({ 'x-ratelimit-reset': String(serverNow / 1000 + 20), date: httpDate(serverNow) }, NOW);
    expect(r.resetAt).toBe(NOW + 20_000); // not an hour
  });

  it('a server an hour behind does not make us hammer (reset is still 20 s ahead)', () => {
    const serverNow = NOW - 3_600_000;
    const r = parseRateInfo({ 'x-ratelimit-reset': String(serverNow / 1000 + 20), date: httpDate(serverNow) }, NOW);
    expect(r.resetAt).toBe(NOW + 20_000);
  });

  it('Retry-After in seconds and as an HTTP date', () => {
    expect(parseRateInfo({ 'retry-after': '7' }, NOW).retryAt).toBe(NOW + 7000);
    const serverNow = NOW + 600_000;
    expect(parseRateInfo({ 'retry-after': httpDate(serverNow + 9000), date: httpDate(serverNow) }, NOW).retryAt).toBe(NOW + 9000);
  });

  it('clamps absurd waits to the ceiling', () => {
    const r = parseRateInfo({ 'retry-after': '99999999', 'x-ratelimit-reset': '99999999999' }, NOW);
    expect(r.retryAt).toBe(NOW + MAX_SERVER_WAIT_MS);
    expect(r.resetAt).toBe(NOW + MAX_SERVER_WAIT_MS);
  });

  it.each(['1', '0', '2001', 'tomorrow', 'Thu, 01 Jan 1970', '1764331200', 'Sat, 28 Nov 2026 12:00:00 +0100'])('a Date that is no HTTP-date (%j) is no clock: the reset counts on ours', (date) => {
    // "1" reads as the year 2001 to Date.parse: 25 years of skew, and a 15-minute stall.
    const r = parseRateInfo({ 'x-ratelimit-reset': String(NOW / 1000 + 20), 'x-ratelimit-remaining': '0', date }, NOW);
    expect(r.resetAt).toBe(NOW + 20_000);
  });

  it.each([
    ['IMF-fixdate', 'Sat, 28 Nov 2026 13:00:00 GMT'],
    ['RFC 850', 'Saturday, 28-Nov-26 13:00:00 GMT'],
    ['asctime', 'Sat Nov 28 13:00:00 2026'],
  ])('the three HTTP-date forms are read (%s): a server an hour ahead', (_form, date) => {
    const r = parseRateInfo({ 'x-ratelimit-reset': String((NOW + 3_600_000) / 1000 + 20), date }, NOW);
    expect(r.resetAt).toBe(NOW + 20_000);
  });

  it('ignores garbage', () => {
    expect(parseRateInfo({ 'x-ratelimit-remaining': '-3', 'x-ratelimit-limit': 'lots', 'retry-after': 'soon', 'x-ratelimit-reset': '1e9' }, NOW)).toEqual({});
  });

  it('a reset in the past is never before now', () => {
    expect(clampWaitUntil(NOW - 5000, NOW)).toBe(NOW);
  });
});
