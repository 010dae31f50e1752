// The tools' argument rules, against a stand-in for the loop.
import { describe, expect, it } from 'vitest';
import { getUploadStatus, waitForUploads, type WaitArgs } from '../../src/mcp/tools.js';
import { type RunRequest, type UploadService } from '../../src/mcp/uploads.js';
import { type Outcome } from '../../src/poll/outcome.js';

function stub() {
  const runs: RunRequest[] = [];
  const service = {
    waitIntervalMs: 15_000,
    run: async (req: RunRequest): Promise<Outcome[]> => {
      runs.push(req);
      return req.uploads.map((upload) => ({ kind: 'completed', upload }));
    },
  } as unknown as UploadService;
  return { service, runs };
}

describe('wait_for_uploads arguments', () => {
  it.each([
    [undefined, 600_000],
    [90, 90_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['2h', 3_600_000],
    [86_400, 3_600_000],
  ])('timeout %j → %d ms (default 10m, at most 1h)', async (timeout, ms) => {
    const { service, runs } = stub();
    await waitForUploads(service, { request_ids: ['ok-1'], timeout } as WaitArgs, {});
    expect(runs[0]!.timeoutMs).toBe(ms);
  });

  it('request and job IDs, each with its own not_before', async () => {
    const { service, runs } = stub();
    const before = Date.now();
    const r = await waitForUploads(service, { request_ids: ['r-1'], job_ids: ['j-1'], not_before: { 'j-1': '2026-12-01T14:00:00Z', 'r-1': '5m' } }, {});
    expect(r.isError).toBeUndefined();
    expect(runs[0]!.uploads[0]).toMatchObject({ kind: 'request', id: 'r-1' });
    expect(runs[0]!.uploads[0]!.notBefore).toBeGreaterThanOrEqual(before + 300_000);
    expect(runs[0]!.uploads[1]).toEqual({ kind: 'job', id: 'j-1', notBefore: Date.parse('2026-12-01T14:00:00Z') });
  });

  it.each([
    [{}, 'give at least one ID in request_ids or job_ids'],
    [{ request_ids: [''] }, 'request_ids[0]: the ID is empty'],
    [{ request_ids: ['ok-1'], timeout: 0 }, 'timeout: "0" is not a duration: give seconds or a duration such as "90s", "10m", "1h"'],
    [{ request_ids: ['ok-1'], timeout: -5 }, 'timeout: "-5" is not a duration: give seconds or a duration such as "90s", "10m", "1h"'],
    [{ request_ids: ['ok-1'], not_before: { 'ok-1': 'soon' } }, /^not_before for "ok-1": "soon" is not a time/],
  ] as const)('%j is one sentence, before any request', async (args, sentence) => {
    const { service, runs } = stub();
    const r = await waitForUploads(service, args as WaitArgs, {});
    expect(r.isError).toBe(true);
    expect(r.content).toHaveLength(1);
    expect(r.content[0]!.text).toMatch(sentence);
    expect(runs).toHaveLength(0);
  });
});

describe('get_upload_status arguments', () => {
  it.each([
    [{}, 'give exactly one of request_id or job_id'],
    [{ request_id: 'a', job_id: 'b' }, 'give exactly one of request_id or job_id'],
    [{ job_id: 'a b' }, 'job_id: the ID "a b" holds whitespace or control characters'],
  ])('%j → %s', async (args, sentence) => {
    const { service } = stub();
    const r = await getUploadStatus(service, args, {});
    expect(r).toEqual({ content: [{ type: 'text', text: sentence }], isError: true });
  });

  it('a bug is one sentence, never a stack', async () => {
    const service = { run: async () => Promise.reject(new Error('boom\n    at secret (/x.js:1:1)')) } as unknown as UploadService;
    const r = await getUploadStatus(service, { request_id: 'ok-1' }, {});
    expect(r.isError).toBe(true);
    expect(r.content[0]!.text).toMatch(/^unexpected error: "boom\\n/);
    expect(r.content[0]!.text).not.toContain('\n');
  });
});
