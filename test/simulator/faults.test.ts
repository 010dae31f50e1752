import { describe, it, expect } from 'vitest';
import { FAULT_KINDS, faultDrawer, formatFaults, parseFaults, type FaultKind } from '../../src/simulator/faults.js';

describe('parseFaults', () => {
  it.each([
    ['503:0.3,reset:0.2,html:0.1,hang:0.05', { '503': 0.3, reset: 0.2, html: 0.1, hang: 0.05 }],
    ['500:1', { '500': 1 }],
    [' truncate : .5 , 429:0.25 ', { truncate: 0.5, '429': 0.25 }],
    ['slow:0', { slow: 0 }],
    ['502:0.5,504:0.5', { '502': 0.5, '504': 0.5 }],
  ])('%j', (spec, expected) => {
    expect(parseFaults(spec)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    [' , ', /empty/],
    ['503', /kind:probability/],
    ['503:', /kind:probability/],
    ['teapot:0.1', /unknown fault kind "teapot".*500, 502/],
    ['503:1.5', /"503" has probability "1.5".*0 to 1/],
    ['503:-0.1', /probability "-0.1"/],
    ['503:abc', /probability "abc"/],
    ['503:0x1', /probability "0x1"/],
    ['503:0.2,503:0.3', /given twice/],
    ['503:0.6,reset:0.6', /add up to 1.2/],
    ['503:0.3,,reset:0.1', /"" is not kind:probability/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message);
  });

  it('round-trips through formatFaults in canonical order', () => {
    expect(formatFaults(parseFaults('hang:0.05,503:0.3'))).toBe('503:0.3,hang:0.05');
  });
});

describe('faultDrawer', () => {
  const draws = (spec: string, seed: number, n = 1_000) => {
    const draw = faultDrawer(parseFaults(spec), seed);
    return Array.from({ length: n }, () => draw());
  };

  it('is reproducible for a seed, and the seed matters', () => {
    expect(draws('503:0.3,reset:0.2', 7)).toEqual(draws('503:0.3,reset:0.2', 7));
    expect(draws('503:0.3,reset:0.2', 7)).not.toEqual(draws('503:0.3,reset:0.2', 8));
  });

  it('does not depend on the order the spec was written in', () => {
    expect(draws('reset:0.2,503:0.3', 7)).toEqual(draws('503:0.3,reset:0.2', 7));
  });

  it.each(FAULT_KINDS.map((k) => [k]))('probability 1 of %s always draws it', (kind) => {
    expect(new Set(draws(`${kind}:1`, 1, 200))).toEqual(new Set([kind]));
  });

  it('no spec, no faults', () => {
    const draw = faultDrawer({});
    expect(Array.from({ length: 100 }, () => draw()).every((d) => d === null)).toBe(true);
  });

  it('draws each kind about as often as asked', () => {
    const got = draws('503:0.3,reset:0.2', 42, 10_000);
    const share = (k: FaultKind | null) => got.filter((d) => d === k).length / got.length;
    expect(share('503')).toBeCloseTo(0.3, 1);
    expect(share('reset')).toBeCloseTo(0.2, 1);
    expect(share(null)).toBeCloseTo(0.5, 1);
  });
});
