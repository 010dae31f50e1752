import { describe, expect, it } from 'vitest';
import { resolveColor, resolveStatusOptions, type StatusFlags } from '../../../src/commands/status/options.js';
import { checkBaseUrl } from '../../../src/config/connection.js';
import { parseIdList } from '../../../src/config/ids.js';
import { parseWhen } from '../../../src/config/when.js';
import { UsageError } from '../../../src/config/usage-error.js';
import { formatDuration, parseDuration } from '../../../src/util/duration.js';

const env = { UPLOAD_POST_API_KEY: 'k' };
const base: StatusFlags = { requestId: ['abc'] };

describe('parseDuration', () => {
  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5', 1500],
    ['250ms', 250],
    [' 2M ', 120_000],
  ])('%s → %d', (s, ms) => expect(parseDuration(s)).toBe(ms));
  it.each(['', 'abc', '5x', '-5', '1h 30m', 'm5', '5mm'])('%j is not a duration', (s) => expect(parseDuration(s)).toBeUndefined());
  it.each([
    [4000, '4s'],
    [800, '0.8s'],
    [95_000, '1m35s'],
    [3_600_000, '1h'],
    [0, '0s'],
  ])('format %d → %s', (ms, s) => expect(formatDuration(ms)).toBe(s));
});

describe('resolveStatusOptions', () => {
  it('defaults', () => {
    expect(resolveStatusOptions(base, env)).toMatchObject({
      uploads: [{ kind: 'request', id: 'abc' }],
      watch: false,
      json: false,
      notFoundGraceMs: 0,
      apiKey: 'k',
      baseUrl: 'https://api.upload-post.com/api',
      concurrency: 16,
    });
  });

  it('repeatable IDs of both kinds, plus listed ones', () => {
    const o = resolveStatusOptions({ requestId: ['a', 'b'], jobId: ['j'] }, env, { uploads: [{ kind: 'job', id: 'k2' }], problems: [] });
    expect(o.uploads).toEqual([
      { kind: 'request', id: 'a' },
      { kind: 'request', id: 'b' },
      { kind: 'job', id: 'j' },
      { kind: 'job', id: 'k2' },
    ]);
  });

  it('--ids-from as a stream: no ID yet is fine, and --not-before is kept for the IDs to come', () => {
    const stream = { source: 'stdin', read: async function* (): AsyncGenerator<never[]> {} };
    const o = resolveStatusOptions({ idsFrom: '-', notBefore: '2h' }, env, stream, 1_000);
    expect(o.uploads).toEqual([]);
    expect(o.stream).toBe(stream);
    expect(o.notBefore).toBe(1_000 + 7_200_000);
  });

  it('a regular file that held only failed upload answers: no usage error, its problems carried', () => {
    const problems = [{ kind: 'refused' as const, message: 'ids.txt line 1: the upload failed' }];
    const o = resolveStatusOptions({ idsFrom: 'ids.txt' }, env, { uploads: [], problems });
    expect(o.inputProblems).toEqual(problems);
    expect(() => resolveStatusOptions({ idsFrom: 'ids.txt' }, env, { uploads: [], problems: [] })).toThrow('--ids-from: ids.txt holds no IDs');
  });

  it('flags beat the environment', () => {
    const o = resolveStatusOptions({ ...base, apiKey: 'flag', baseUrl: 'http://127.0.0.1:9/api' }, { UPLOAD_POST_API_KEY: 'env', UPLOAD_POST_BASE_URL: 'https://x.test/api' });
    expect([o.apiKey, o.baseUrl]).toEqual(['flag', 'http://127.0.0.1:9/api']);
    expect(resolveStatusOptions(base, { ...env, UPLOAD_POST_BASE_URL: 'https://x.test/api' }).baseUrl).toBe('https://x.test/api');
  });

  it.each<[string, StatusFlags, Record<string, string>, RegExp]>([
    ['no ID', {}, env, /no ID given/],
    ['empty ID', { requestId: [''] }, env, /empty/],
    ['ID with a space', { requestId: ['a b'] }, env, /whitespace or control/],
    ['ID with a tab', { jobId: ['a\tb'] }, env, /whitespace or control/],
    ['ID with ESC', { requestId: ['a\u001b[2J'] }, env, /whitespace or control/],
    ['ID with a bidi override', { requestId: ['a\u202eb'] }, env, /whitespace or control/],
    ['no key', base, {}, /no API key/],
    ['blank key', { ...base, apiKey: '  ' }, {}, /--api-key: the API key is empty/],
    ['no key anywhere', base, {}, /no API key: .*auth login/],
    ['a key with its scheme', { ...base, apiKey: 'Apikey k' }, {}, /--api-key: the API key starts with "Apikey "; pass the key alone/],
    ['key with a newline', { ...base, apiKey: 'k\nX-Evil: 1' }, {}, /API key holds/],
    ['plain http to a remote host', { ...base, baseUrl: 'http://api.upload-post.com/api' }, env, /only for loopback/],
    ['not a URL', { ...base, baseUrl: 'api.upload-post.com' }, env, /not a URL/],
    ['ftp', { ...base, baseUrl: 'ftp://127.0.0.1/api' }, env, /not supported/],
    ['a user and password in the base URL', { ...base, baseUrl: 'https://user:pass@api.upload-post.com/api' }, env, /user name or password in the URL is not accepted/],
    ['a user alone', { ...base, baseUrl: 'http://user@127.0.0.1:4010/api' }, env, /user name or password/],
    ['a query', { ...base, baseUrl: 'http://127.0.0.1:4010/api?x=1' }, env, /a query \(\?…\) or fragment \(#…\) is not accepted/],
    ['an empty query', { ...base, baseUrl: 'http://127.0.0.1:4010/api?' }, env, /query/],
    ['a fragment', { ...base, baseUrl: 'http://127.0.0.1:4010/api#frag' }, env, /fragment/],
    ['a key outside printable ASCII', { ...base, apiKey: 'ключ' }, env, /outside printable ASCII/],
    ['a Latin-1 key', { ...base, apiKey: 'clé' }, env, /outside printable ASCII/],
    ['bad timeout', { ...base, timeout: '5x' }, env, /--timeout: "5x" is not a duration/],
    ['zero timeout', { ...base, timeout: '0' }, env, /more than zero/],
    ['bad interval', { ...base, interval: 'soon' }, env, /--interval/],
    ['bad grace', { ...base, notFoundGrace: 'x' }, env, /--not-found-grace/],
    ['bad concurrency', { ...base, concurrency: '0' }, env, /--concurrency/],
    ['fail-fast without watch', { ...base, failFast: true }, env, /--fail-fast goes with --watch/],
  ])('%s is a usage error', (_name, flags, e, msg) => {
    expect(() => resolveStatusOptions(flags, e)).toThrow(UsageError);
    expect(() => resolveStatusOptions(flags, e)).toThrow(msg);
  });

  it.each(['sk_SECRET\u0007', 'sk_SECRETключ'])('a usage error never echoes the key (%j)', (apiKey) => {
    expect(() => resolveStatusOptions({ ...base, apiKey }, {})).toThrow(UsageError);
    try {
      resolveStatusOptions({ ...base, apiKey }, {});
    } catch (e) {
      expect((e as Error).message).not.toContain('sk_SECRET');
    }
  });

  it('a base URL with a password never echoes it', () => {
    expect(() => checkBaseUrl('https://u:hunter2@api.upload-post.com/api')).toThrow(/^(?!.*hunter2)/);
  });

  it.each(['http://127.0.0.1:4010/api', 'http://127.8.9.10/api', 'http://localhost:1/api', 'http://[::1]:4010/api', 'https://api.upload-post.com/api'])('%s is accepted', (u) => {
    expect(checkBaseUrl(u)).toBe(u);
  });
});

describe('resolveColor', () => {
  it.each<[StatusFlags, Record<string, string>, boolean | undefined]>([
    [{}, {}, undefined],
    [{ color: false }, { FORCE_COLOR: '1' }, false],
    [{}, { NO_COLOR: '1' }, false],
    [{}, { NO_COLOR: '' }, undefined], // NO_COLOR counts only when non-empty
    [{}, { FORCE_COLOR: '1' }, true],
    [{}, { FORCE_COLOR: '0' }, false],
  ])('%j %j → %s', (flags, e, out) => expect(resolveColor(flags, e)).toBe(out));
});

describe('parseIdList', () => {
  it('a line may carry its own due time: an ISO time with a zone, or a duration from now', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    expect(parseIdList('job:a 2026-12-01T14:00:00Z\nb\t90m\nrequest:c 2026-12-01T15:00+01:00\n', 'ids.txt', now)).toEqual([
      { kind: 'job', id: 'a', notBefore: Date.parse('2026-12-01T14:00:00Z') },
      { kind: 'request', id: 'b', notBefore: now + 90 * 60_000 },
      { kind: 'request', id: 'c', notBefore: Date.parse('2026-12-01T14:00:00Z') },
    ]);
  });

  it('bare, request:, job:, comments and blanks', () => {
    const text = '# batch\nabc\n\nrequest:def\n  job:ghi  \r\n#job:skipped\n';
    expect(parseIdList(text, 'ids.txt')).toEqual([
      { kind: 'request', id: 'abc' },
      { kind: 'request', id: 'def' },
      { kind: 'job', id: 'ghi' },
    ]);
  });
  it.each([
    ['ok\njob:\n', /ids\.txt line 2: the ID is empty/],
    ['ok\n\nbad id\n', /ids\.txt line 3: "id" is not a time: give an ISO 8601 time with a zone/],
    ['ok\na b c\n', /ids\.txt line 2: expected <id> or <id> <time>, got "a b c"/],
    ['job:x 2026-12-01T14:00:00\n', /line 1: "2026-12-01T14:00:00" is not a time/], // no zone
    ['bad\u00a0id\n', /ids\.txt line 1: the ID "bad\u00a0id" holds whitespace/],
    ['ok\nrtl\u202eevil\n', /ids\.txt line 2: the ID "rtl\\u202eevil" holds whitespace or control characters$/],
    ['c1\u009b31m\n', /ids\.txt line 1: the ID "c1\\u009b31m" holds/],
  ])('a malformed line names its number', (text, msg) => {
    expect(() => parseIdList(text, 'ids.txt')).toThrow(msg);
  });
});

describe('parseWhen', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it.each([
    ['2026-12-01T14:00:00Z', Date.parse('2026-12-01T14:00:00Z')],
    ['2026-12-01t14:00:00z', Date.parse('2026-12-01T14:00:00Z')],
    ['2026-12-01T15:00+01:00', Date.parse('2026-12-01T14:00:00Z')],
    ['2026-12-01T15:00:00.123456789+0100', Date.parse('2026-12-01T14:00:00.123Z')],
    ['2028-02-29T00:00:00Z', Date.parse('2028-02-29T00:00:00Z')], // a leap day
    ['2000-02-29T00:00:00Z', Date.parse('2000-02-29T00:00:00Z')], // divisible by 400
    ['0000-02-29T00:00:00Z', Date.parse('0000-02-29T00:00:00Z')], // year 0 is a leap year (Date.UTC reads 0–99 as 19xx)
    ['0096-02-29T00:00:00Z', Date.parse('0096-02-29T00:00:00Z')],
    ['2026-12-02T02:00:00+14:00', Date.parse('2026-12-01T12:00:00Z')],
    ['9999-12-31T23:59:59Z', Date.parse('9999-12-31T23:59:59Z')],
    ['90s', now + 90_000],
    ['2h', now + 7_200_000],
    ['0s', now],
  ])('%s', (text, at) => expect(parseWhen(text, now)).toBe(at));

  it.each(['2026-02-30T10:00:00Z', '2027-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '0100-02-29T00:00:00Z', '2026-06-31T00:00:00Z', '2026-04-31T10:00:00+02:00', '2026-13-01T00:00:00Z', '2026-12-01T24:00:00Z', '2026-12-01T10:60:00Z', '2026-12-01T10:00:60Z', '2026-12-01T10:00:00+24:00', '2026-12-01T14:00:00', 'soon', '-5m', '3000000000h', ''])(
    '%j is not a time',
    (text) => expect(parseWhen(text, now)).toBeUndefined(),
  );
});
