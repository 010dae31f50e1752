// `upload-post mcp` with no UPLOAD_POST_API_KEY uses the key `auth login`
// stored, as `status` and the library do (docs/MCP.md#set-up): the built CLI
// against a simulator that answers 401 to any other key.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstText, mcpClient } from '../helpers/mcp.js';
import { withSimulator } from '../helpers/sim.js';

const KEY = 'stored-mcp-key-0123456789';

describe('upload-post mcp: the stored key', () => {
  let config: string;
  const store = (text: string, mode: number): void => {
    mkdirSync(join(config, 'upload-post'), { recursive: true, mode: 0o700 });
    const path = join(config, 'upload-post', 'api-key');
    writeFileSync(path, text, { mode });
    chmodSync(path, mode);
  };

  beforeEach(() => {
    config = mkdtempSync(join(tmpdir(), 'upload-post-mcp-key-'));
  });
  afterEach(() => rmSync(config, { recursive: true, force: true }));

  it('without UPLOAD_POST_API_KEY, the key auth login stored (mode 0600) answers the calls', async () => {
    store(`${KEY}\n`, 0o600);
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const s = await mcpClient({ UPLOAD_POST_BASE_URL: sim.url, XDG_CONFIG_HOME: config });
      try {
        const r = (await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: 'ok-s1' } })) as CallToolResult;
        expect(r.isError, firstText(r)).toBeFalsy();
        expect((r.structuredContent as { id: string }).id).toBe('ok-s1');
        expect(s.stderr()).not.toMatch(/no API key/);
        expect(JSON.stringify(r)).not.toContain(KEY);
      } finally {
        await s.close();
      }
    });
  });

  it('UPLOAD_POST_API_KEY still comes first: a wrong one is a 401, whatever is stored', async () => {
    store(KEY, 0o600);
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const s = await mcpClient({ UPLOAD_POST_BASE_URL: sim.url, XDG_CONFIG_HOME: config, UPLOAD_POST_API_KEY: 'wrong-key-ABCDEFGH' });
      try {
        const r = (await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: 'ok-s2' } })) as CallToolResult;
        expect(r.isError).toBe(true);
        expect(firstText(r)).toMatch(/^the API rejected the key \(.*401.*\)/);
      } finally {
        await s.close();
      }
    });
  });

  it('a stored key open to others is refused, and the error says why; nothing is sent', async () => {
    store(KEY, 0o644);
    await withSimulator({ apiKey: KEY }, async (sim) => {
      const s = await mcpClient({ UPLOAD_POST_BASE_URL: sim.url, XDG_CONFIG_HOME: config });
      try {
        const r = (await s.client.callTool({ name: 'get_upload_status', arguments: { request_id: 'ok-s3' } })) as CallToolResult;
        expect(r.isError).toBe(true);
        expect(firstText(r)).toMatch(/^no API key: ignoring the stored API key: .* is open to group or others \(mode 0644\)/);
        expect(firstText(r)).not.toContain(KEY);
        expect(sim.stats().requests).toBe(0);
      } finally {
        await s.close();
      }
    });
  });
});
