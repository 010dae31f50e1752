import { describe, expect, it } from 'vitest';
import { type Outcome } from '../../src/poll/outcome.js';
import { errorSentences } from '../../src/render/error-sentences.js';

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
});
