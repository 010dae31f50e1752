import { describe, it, expect } from 'vitest';
import {
  formatScheduledDuration,
  MAX_SCHEDULED_DELAY_MS,
  parseScheduledDuration,
  scheduledDelayOf,
} from '../../src/simulator/scheduled.js';

describe('parseScheduledDuration', () => {
  it.each<[string, number]>([
    ['8s', 8_000],
    ['0s', 0],
    ['90m', 5_400_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h0m5s', 3_605_000],
    ['2m30s', 150_000],
    ['1h1s', 3_601_000],
    ['600s', 600_000],
    ['007s', 7_000],
    ['9999h', MAX_SCHEDULED_DELAY_MS],
  ])('%j → %i ms', (s, ms) => {
    expect(parseScheduledDuration(s)).toBe(ms);
  });

  it.each(['', '8', 's', 'abc', '8x', '8S', '1.5h', '-5s', ' 8s', '8s ', '30m1h', '1m1m', '1h-30m', '10000h', `${'9'.repeat(400)}s`])(
    'rejects %j',
    (s) => {
      expect(parseScheduledDuration(s)).toBeNull();
    },
  );
});

describe('scheduledDelayOf', () => {
  it.each<[string, number | 'default' | null]>([
    ['scheduled-8s-abc', 8_000],
    ['scheduled-2h-x', 7_200_000],
    ['scheduled-90m-y', 5_400_000],
    ['scheduled-1h30m-z', 5_400_000],
    ['scheduled-8s', 8_000],
    ['scheduled-8s-with-more-dashes', 8_000],
    ['scheduled-', 'default'],
    ['scheduled--abc', 'default'],
    ['scheduled--8s', 'default'],
    ['scheduled-abc', null],
    ['scheduled-abc-8s', null],
    ['scheduled-8x-a', null],
    ['scheduled-1.5h-a', null],
    ['scheduled-job_abc', null],
    ['ok-8s', null],
    ['Scheduled-8s-a', null],
  ])('%j → %j', (id, delay) => {
    expect(scheduledDelayOf(id)).toBe(delay);
  });
});

describe('formatScheduledDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [8_000, '8s'],
    [60_000, '1m'],
    [5_400_000, '1h30m'],
    [3_605_000, '1h5s'],
  ])('%i → %j, which parses back', (ms, text) => {
    expect(formatScheduledDuration(ms)).toBe(text);
    expect(parseScheduledDuration(text)).toBe(ms);
  });
});
