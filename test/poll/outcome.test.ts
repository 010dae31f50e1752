import { describe, expect, it } from 'vitest';
import { classifyFinal, combineExitCodes, exitCodeOf, type OutcomeKind } from '../../src/poll/outcome.js';
import { type StatusBody } from '../../src/api/types.js';

const body = (status: string, results: StatusBody['results'] = []): StatusBody => ({ status, results });

describe('classifyFinal', () => {
  it.each([
    [body('pending'), null],
    [body('processing'), null],
    [body('in_progress', [{ platform: 'x', success: false, status: 'failed' }]), null], // not final yet
    [body('completed', [{ platform: 'x', success: true }]), 'completed'],
    [body('completed', [{ platform: 'x', success: true }, { platform: 'y', success: false }]), 'failed'],
    [body('completed', [{ platform: 'x', success: true, status: 'failed' }]), 'failed'],
    // A final body with a platform still at work: that platform has no result (docs/CONTRACT.md#links-and-reports).
    [body('completed', [{ platform: 'x', success: false, status: 'retryable' }]), 'failed'],
    [body('completed', [{ platform: 'x', success: false, status: 'completed' }]), 'completed'], // explicit status wins
    [body('completed', [{ platform: 'x', success: false, status: 'processing' }]), 'failed'],
    [body('failed'), 'failed'],
    [body('not_found'), 'not_found'],
  ])('%j → %s', (b, out) => expect(classifyFinal(b)).toBe(out));
});

describe('exit codes', () => {
  it.each([
    ['completed', 0],
    ['failed', 1],
    ['not_found', 3],
    ['auth_error', 4],
    ['timeout', 5],
    ['stopped', 5],
    ['pending', 6],
    ['api_error', 7],
  ] as [OutcomeKind, number][])('%s → %d', (k, c) => expect(exitCodeOf(k)).toBe(c));

  it.each([
    [[], 0],
    [[0, 0], 0],
    [[0, 6], 6],
    [[6, 5], 5],
    [[5, 3], 3],
    [[3, 1], 1],
    [[1, 7], 7],
    [[7, 4], 4],
    [[4, 2], 2],
    [[0, 1, 3, 5, 6, 7], 7],
    [[0, 130], 130],
    [[4, 143], 143],
  ])('precedence %j → %d', (codes, out) => expect(combineExitCodes(codes)).toBe(out));
});
