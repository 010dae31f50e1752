import { describe, expect, it } from 'vitest';
import { planMcp } from '../../../src/commands/mcp/options.js';

describe('planMcp', () => {
  it.each([
    [{}, { transport: 'stdio' }],
    [{ http: '8808' }, { transport: 'http', host: '127.0.0.1', port: 8808 }],
    [{ http: '127.0.0.1:0' }, { transport: 'http', host: '127.0.0.1', port: 0 }],
    [{ http: 'localhost:9000' }, { transport: 'http', host: 'localhost', port: 9000 }],
    [{ http: '[::1]:9000' }, { transport: 'http', host: '::1', port: 9000 }],
    [{ http: '0.0.0.0:9000', allowRemote: true }, { transport: 'http', host: '0.0.0.0', port: 9000 }],
  ])('%j → %j', (flags, plan) => {
    expect(planMcp(flags)).toEqual({ ...plan, waitIntervalMs: 15_000 });
  });

  it.each([
    [undefined, 15_000],
    ['', 15_000],
    ['10s', 10_000],
    ['2m', 120_000],
  ])('UPLOAD_POST_MCP_INTERVAL=%j → %d ms', (value, ms) => {
    expect(planMcp({}, { UPLOAD_POST_MCP_INTERVAL: value }).waitIntervalMs).toBe(ms);
  });

  it.each(['0', '0s', '11m', 'soon', '-5s'])('UPLOAD_POST_MCP_INTERVAL=%j is a usage error', (value) => {
    expect(() => planMcp({}, { UPLOAD_POST_MCP_INTERVAL: value })).toThrow(/^UPLOAD_POST_MCP_INTERVAL: ".*" is not a duration from 1s to 10m \(e\.g\. 15s\)$/);
  });

  it.each([
    [{ http: '0.0.0.0:9000' }, /not a loopback address.*--allow-remote/],
    [{ http: '192.168.1.5:9000' }, /not a loopback address/],
    [{ http: 'host:99999' }, /is not <host:port>/],
    [{ http: 'host:' }, /is not <host:port>/],
    [{ http: '' }, /is not <host:port>/],
    [{ allowRemote: true }, /--allow-remote goes with --http/],
  ])('%j is a usage error', (flags, message) => {
    expect(() => planMcp(flags)).toThrow(message);
  });
});
