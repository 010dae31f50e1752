// The requests a scheduled post costs: a job due in 1 h, watched with and
// without --not-before, computed from the real schedule (build/poll) on an
// injected clock — an hour of pacing in milliseconds, nothing waited out.
import { watchUploads } from '../build/poll/watcher.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-12-01T13:00:00Z');
/** The job runs at its time and takes 90 s to publish on two platforms. */
const RUNS_FOR = 90_000;

function answer(id, now) {
  const age = now - START;
  const status = age < HOUR ? 'pending' : age < HOUR + RUNS_FOR ? 'processing' : 'completed';
  const results = status === 'completed' ? [{ platform: 'x', success: true }, { platform: 'linkedin', success: true }] : [];
  const body = { job_id: id, status, completed: results.length, total: 2, results };
  return { kind: 'body', body, raw: JSON.stringify(body), http: 200, rate: {} };
}

async function watchJob(notBefore) {
  let now = START;
  const sent = [];
  const deps = {
    now: () => now,
    wall: () => now,
    random: () => 0.5,
    // A sleep cut short (an answer arrived first) moves the clock not at all.
    sleep: (ms, signal) =>
      new Promise((resolve) =>
        setImmediate(() => {
          if (!signal.aborted) now += ms;
          resolve();
        }),
      ),
    fetchStatus: async (upload) => {
      sent.push(now - START);
      return answer(upload.id, now);
    },
  };
  const [outcome] = await watchUploads([{ kind: 'job', id: 'job-due-in-1h', ...(notBefore ? { notBefore: START + HOUR } : {}) }], { watch: true }, deps);
  return { kind: outcome.kind, inTheHour: sent.filter((t) => t <= HOUR).length, total: sent.length, doneAfter: now - START };
}

export async function scheduledBench() {
  const rows = [];
  for (const [name, notBefore] of [['without --not-before', false], ['with --not-before (due in 1 h)', true]]) {
    const r = await watchJob(notBefore);
    if (r.kind !== 'completed') throw new Error(`bench: the scheduled job ended ${r.kind}`);
    rows.push({ name, ...r });
  }
  const [without, withIt] = rows;
  const head = ['watch of a job due in 1 h', 'requests in the hour', 'requests in all', 'done after'];
  const table = rows.map((r) => [r.name, String(r.inTheHour), String(r.total), `${Math.round(r.doneAfter / 1000)} s`]);
  const notes = [
    `--not-before: ${withIt.inTheHour} requests in the hour (goal ≤ 13: ${withIt.inTheHour <= 13 ? 'met' : 'NOT met'}), ${(without.inTheHour / withIt.inTheHour).toFixed(1)}× fewer than ${without.inTheHour} without it; both see it completed ${Math.round((withIt.doneAfter - HOUR) / 1000)} s after its time`,
    'computed from build/poll (the real schedule) with an injected clock and a scripted job: pending for 1 h, processing for 90 s, then completed; jitter at its centre',
  ];
  return { head, table, notes };
}
