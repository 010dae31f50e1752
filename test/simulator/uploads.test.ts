import { describe, it, expect } from 'vitest';
import { DEFAULT_MAX_UPLOADS, UploadStore, cacheTtlMs } from '../../src/simulator/uploads.js';

const T0 = Date.UTC(2025, 0, 1);

describe('cacheTtlMs', () => {
  it.each([
    ['pending', 2_000],
    ['queued', 2_000],
    ['processing', 3_000],
    ['in_progress', 3_000],
    ['completed', 300_000],
    ['failed', 300_000],
    ['not_found', 2_000], // the table's; unknown IDs are answered without the store anyway
    [undefined, 0],
  ])('%s → %i ms', (status, ttl) => {
    expect(cacheTtlMs(status)).toBe(ttl);
  });
});

describe('UploadStore', () => {
  it('remembers 10,000 uploads cheaply', () => {
    const store = new UploadStore(1);
    for (let i = 0; i < 10_000; i++) store.answer('request', `ok-${i}`, T0);
    let completed = 0;
    for (let i = 0; i < 10_000; i++) {
      const { http, json } = store.answer('request', `ok-${i}`, T0 + 9_000);
      if (http === 200 && json.includes('"status":"completed"')) completed += 1;
    }
    expect(completed).toBe(10_000);
  });

  it('keeps nothing for unknown IDs', () => {
    const store = new UploadStore(1);
    expect(store.answer('job', 'nope', T0)).toEqual({
      http: 404,
      json: '{"job_id":"nope","status":"not_found","message":"No upload request found with this ID"}',
    });
    // An unknown ID has no clock, so a later first poll of a real one starts fresh.
    expect(JSON.parse(store.answer('job', 'ok-1', T0 + 60_000).json).status).toBe('pending');
  });

  it('speed scales a scheduled- delay like the rest of the timeline', () => {
    const store = new UploadStore(4);
    const status = (ms: number, kind: 'request' | 'job' = 'request') => JSON.parse(store.answer(kind, 'scheduled-8s-a', T0 + ms).json).status;
    // 8 s of delay and ok-'s 2 s of pending are 2.5 s at speed 4; completed, 8 s
    // after the delay, is 4 s. Polls are spaced past each cache TTL (÷ 4 too).
    expect([0, 2_000, 2_500, 3_300, 4_100].map((ms) => status(ms))).toEqual(['pending', 'pending', 'processing', 'in_progress', 'completed']);
    // A job ID of the same name has its own clock, started at its own first request.
    expect(status(4_100, 'job')).toBe('pending');
    expect(status(6_600, 'job')).toBe('processing');
  });

  it('takes the delay of scheduled--… from its options', () => {
    const store = new UploadStore(1, { scheduledDelayMs: 600_000 });
    const status = (ms: number) => JSON.parse(store.answer('request', 'scheduled--a', T0 + ms).json).status;
    expect([0, 599_999, 602_000, 608_000].map(status)).toEqual(['pending', 'pending', 'processing', 'completed']);
  });

  it('forgets the least recently polled upload past maxUploads; polled again, its clock restarts', () => {
    const store = new UploadStore(1, { maxUploads: 2 });
    const status = (id: string, ms: number) => JSON.parse(store.answer('request', id, T0 + ms).json).status;
    status('ok-a', 0);
    status('ok-b', 1_000);
    expect(status('ok-a', 9_000)).toBe('completed'); // ok-a is now the more recent
    status('ok-c', 9_000); // evicts ok-b
    expect(store.size).toBe(2);
    expect(status('ok-a', 9_500)).toBe('completed');
    expect(status('ok-b', 20_000)).toBe('pending');
    expect(status('ok-b', 28_000)).toBe('completed');
  });

  it('unknown and error- IDs take no room', () => {
    const store = new UploadStore(1, { maxUploads: 2 });
    for (const id of ['nope', 'error-1', 'scheduled-abc', 'OK-1']) store.answer('request', id, T0);
    expect(store.size).toBe(0);
  });

  it(`50,000 distinct IDs keep it at the cap of ${DEFAULT_MAX_UPLOADS}`, () => {
    const store = new UploadStore(1);
    for (let i = 0; i < 50_000; i++) {
      store.answer(i % 2 ? 'job' : 'request', `ok-flood-${i}`, T0 + i);
      if (i % 5_000 === 0) expect(store.size).toBeLessThanOrEqual(DEFAULT_MAX_UPLOADS);
    }
    expect(store.size).toBe(DEFAULT_MAX_UPLOADS);
    // The newest are still known: this one is 3 s into its clock.
    expect(JSON.parse(store.answer('job', 'ok-flood-49999', T0 + 49_999 + 3_000).json).status).toBe('processing');
  });
});
