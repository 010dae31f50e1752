// What an agent pays to wait for an upload that takes ~60 s (the simulator's
// slow- prefix, real time): one `wait_for_uploads` call to `upload-post mcp`
// (the SDK's own client over stdio), against an agent that calls a
// vendor-style get_status every 5 s, each answer a tool result the model reads.
// Both run at once against one simulator; ~70 s.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { request } from 'node:http';
import { CLEAN_ENV } from './measure.js';
import { startSim } from './sim.js';

const KEY = 'bench-mcp-key';
const POLL_EVERY_MS = 5_000;

async function oneWait(bin, url, id) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], env: { ...CLEAN_ENV, UPLOAD_POST_API_KEY: KEY, UPLOAD_POST_BASE_URL: url }, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  let notifications = 0;
  const started = Date.now();
  try {
    const result = await client.callTool({ name: 'wait_for_uploads', arguments: { request_ids: [id], timeout: '5m' } }, undefined, {
      timeout: 300_000,
      onprogress: () => (notifications += 1),
    });
    const summary = result.structuredContent?.summary;
    if (summary !== 'the upload is final: 1 completed') throw new Error(`bench: wait_for_uploads said ${JSON.stringify(summary)}`);
    return { toolResults: 1, notifications, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.close();
  }
}

function getStatus(url, id) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/uploadposts/status?request_id=${encodeURIComponent(id)}`, { agent: false, headers: { authorization: `Apikey ${KEY}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The vendor's advice to agents: poll get_status until it is final, each poll a model turn. */
async function pollingAgent(url, id) {
  const started = Date.now();
  for (let turns = 1; ; turns++) {
    const body = await getStatus(url, id);
    if (body.status === 'completed' || body.status === 'failed') return { toolResults: turns, seconds: (Date.now() - started) / 1000 };
    await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
  }
}

export async function mcpBench({ bin }) {
  const sim = await startSim(bin, { rateLimit: '100000/60s' });
  try {
    const [ours, theirs] = await Promise.all([oneWait(bin, sim.url, 'slow-bench-mcp'), pollingAgent(sim.url, 'slow-bench-agent')]);
    const { requestsById } = await sim.stats();
    const mine = requestsById['slow-bench-mcp'];
    const agents = requestsById['slow-bench-agent'];
    const head = ['waiting for a ~60 s upload', 'API requests', 'tool results the model reads', 'progress notifications (client only)', 'done after'];
    const table = [
      ['upload-post mcp: one wait_for_uploads', String(mine), String(ours.toolResults), String(ours.notifications), `${ours.seconds.toFixed(0)} s`],
      ['agent calling get_status every 5 s', String(agents), String(theirs.toolResults), '—', `${theirs.seconds.toFixed(0)} s`],
    ];
    const notes = [
      `goal ≤ 1 tool result and < half the API requests: ${ours.toolResults} result, ${mine} vs ${agents} requests (${(mine / agents).toFixed(2)}×) — ${ours.toolResults <= 1 && mine * 2 < agents ? 'met' : 'NOT met'}`,
    ];
    return { head, table, notes };
  } finally {
    await sim.close();
  }
}
