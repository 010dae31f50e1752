import { describe, expect, it } from 'vitest';
import { counted } from '../../src/util/plural.js';

describe('counted', () => {
  it.each([
    [0, 'time', undefined, '0 times'],
    [1, 'time', undefined, '1 time'],
    [2, 'time', undefined, '2 times'],
    [1, 'body', 'bodies', '1 body'],
    [3, 'body', 'bodies', '3 bodies'],
  ])('%i %s', (n, one, many, text) => {
    expect(counted(n, one, many)).toBe(text);
  });
});
