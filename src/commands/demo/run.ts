// `upload-post demo`: the embedded simulator in-process, and the real
// `status --watch` code path on a demo upload — no account, no network.
import { runStatus, statusDeps } from '../status/run.js';
import { resolveStatusOptions } from '../status/options.js';
import { type Factory } from '../factory.js';

export const DEMO_KEY = 'demo-key';
/** Four platforms, one of which goes `retryable` before it succeeds. */
export const DEMO_ID = 'retry-demo-upload';
/** The simulated upload runs twice as fast, so the demo takes ~10 s. */
const DEMO_SPEED = 2;

export async function runDemo(f: Factory): Promise<number> {
  const sim = await f.startSimulator({ port: 0, host: '127.0.0.1', apiKey: DEMO_KEY, speed: DEMO_SPEED });
  const signal = f.interruptSignal();
  try {
    f.stderr.write(`upload-post demo: a local simulator at ${sim.url} stands in for the Upload-Post API.\n`);
    f.stderr.write(`upload-post demo: watching upload ${DEMO_ID} (x${DEMO_SPEED} speed) exactly as \`status --watch\` would.\n\n`);
    const opts = resolveStatusOptions(
      // --interval 2: the demo's upload runs fast, so poll at the cache-TTL floor.
      { requestId: [DEMO_ID], watch: true, interval: '2', apiKey: DEMO_KEY, baseUrl: sim.url, timeout: '2m' },
      { NO_COLOR: f.env.NO_COLOR, FORCE_COLOR: f.env.FORCE_COLOR },
    );
    const { code } = await runStatus(opts, statusDeps(f), signal);
    if (!signal.aborted) {
      f.stderr.write('\nOn your own account:  upload-post auth login    (asks for your API key, checks it, keeps it)\n');
      f.stderr.write('then:                 upload-post status <request_id from your upload> --watch\n');
    }
    return code;
  } finally {
    await sim.close();
  }
}
