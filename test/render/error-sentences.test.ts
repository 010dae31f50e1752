import { describe, expect, it } from 'vitest';
import { type Outcome } from '../../src/poll/outcome.js';
import { NOT_YET_DUE } from '../../src/poll/upload-state.js';
import { errorSentences } from '../../src/render/error-sentences.js';
import { nextSteps } from '../../src/poll/next-steps.js';

const o = (id: string, kind: Outcome['kind'], error?: string): Outcome => ({ kind, upload: { kind: 'request', id }, ...(error ? { error } : {}) });

describe('errorSentences', () => {
  it('nothing to say when all went well', () => {
    expect(errorSentences([o('a', 'completed'), o('b', 'failed')], {})).toEqual([]);
  });

  it('one sentence for auth however many IDs', () => {
    expect(errorSentences([o('a', 'auth_error', 'the API rejected the key (HTTP 401)'), o('b', 'auth_error', 'x')], {})).toEqual([
      'authentication failed: the API rejected the key (HTTP 401); check --api-key or UPLOAD_POST_API_KEY',
    ]);
  });

  it('the same fault for many IDs is one line; different faults are separate', () => {
    const many = Array.from({ length: 1000 }, (_, i) => o(`id${i}`, 'api_error', 'connection refused, 5 times in a row'));
    expect(errorSentences([...many, o('odd', 'api_error', 'server error (HTTP 503), 5 times in a row')], {})).toEqual([
      'could not get the status of 1000 uploads (id0, id1, id2 and 997 more): connection refused, 5 times in a row',
      'could not get the status of odd: server error (HTTP 503), 5 times in a row',
    ]);
  });

  it('timeouts are counted, with the --timeout named', () => {
    expect(errorSentences([o('a', 'timeout'), o('b', 'completed')], { timeoutMs: 300_000 })).toEqual(['gave up after 5m (--timeout): 1 of 2 uploads were not final']);
  });

  it('server text in an error is sanitised', () => {
    expect(errorSentences([o('a', 'api_error', 'bad\u001b]0;x\u0007 thing')], {})[0]).toBe('could not get the status of a: bad thing');
  });

  it('"not yet due" is read from the outcome, so stderr and the next steps always agree', () => {
    const due = Date.UTC(2026, 11, 1, 14, 0, 0);
    const notDue: Outcome = { kind: 'timeout', upload: { kind: 'job', id: 'j', notBefore: due }, error: NOT_YET_DUE };
    // Its time had come while its last check was in flight: not final, but not "not yet due".
    const dueButSlow: Outcome = { kind: 'timeout', upload: { kind: 'job', id: 'k', notBefore: due }, error: 'the --timeout ran out before this ID was final' };
    expect(errorSentences([notDue], { timeoutMs: 60_000 })).toEqual(['gave up after 1m (--timeout): 1 of 1 upload was not final; job j was not yet due (due 2026-12-01T14:00:00Z)']);
    expect(nextSteps([notDue])).toEqual([expect.stringMatching(/^job j: not yet due when the --timeout ran out/)]);
    expect(errorSentences([dueButSlow], { timeoutMs: 60_000 })).toEqual(['gave up after 1m (--timeout): 1 of 1 upload was not final']);
    expect(nextSteps([dueButSlow])).toEqual([expect.stringMatching(/^job k: not final when the --timeout ran out/)]);
  });
});
