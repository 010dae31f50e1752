// The simulator the bench talks to: our own `simulate` command in a child
// process (so it never competes with the measured process for our event loop),
// on 127.0.0.1 and a free port. The bench talks to nothing else.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createInterface } from 'node:readline';
import { CLEAN_ENV } from './measure.js';

/** Throws unless `url` is on the loopback address the bench is allowed to use. */
export function assertLocal(url) {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`bench: refusing to talk to ${host}; only 127.0.0.1`);
  return url;
}

/**
 * `rateLimit` as the CLI spells it (`100000/60s`), `speed` as a factor.
 * Resolves to { url, stats(), close() } once the simulator prints its address.
 */
export function startSim(bin, { rateLimit = '100000/60s', speed = 1 } = {}) {
  const args = [bin, 'simulate', '--host', '127.0.0.1', '--port', '0', '--rate-limit', rateLimit, '--speed', String(speed), '--quiet'];
  const child = spawn(process.execPath, args, { env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const fail = (why) => {
      child.kill();
      reject(new Error(`bench: the simulator did not start (${why}): ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail('no address within 10 s'), 10_000);
    child.once('exit', (code) => fail(`exit ${code}`));
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const m = /^listening on (\S+)$/.exec(line);
      if (!m) return fail(`unexpected first line ${JSON.stringify(line)}`);
      const url = assertLocal(m[1]);
      resolve({
        url,
        stats: () => getJson(url.replace(/\/api$/, '/__sim/stats')),
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

function getJson(url) {
  assertLocal(url);
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(err);
        }
      });
    }).on('error', reject);
  });
}
