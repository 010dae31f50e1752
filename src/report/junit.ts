// --junit <file>: JUnit XML as GitLab, Jenkins, Azure DevOps and CircleCI read
// it (docs/CONTRACT.md#links-and-reports): a <testsuite> per ID, a <testcase>
// per platform (classname = the ID, name = the platform), failures, errors and
// skips counted exactly as they appear. Written atomically, however the run ends.
import { type PlatformFacts } from '../api/facts.js';
import { PLATFORM_STATE_TABLE } from '../api/platform-states.js';
import { idKey } from '../api/types.js';
import { type Outcome, type OutcomeKind } from '../poll/outcome.js';
import { type Progress } from '../poll/watcher.js';
import { reasonWithCode } from '../render/rows.js';
import { type RenderContext, type Report, type RunResult } from '../render/renderer.js';
import { isoSecond } from '../util/duration.js';
import { sanitize } from '../util/sanitize.js';
import { writeAtomically } from './files.js';

/** What became of one platform (or of the upload, when it has none), as a test. */
interface TestCase {
  name: string;
  /** Seconds since the run began when the result was first seen. */
  time: number;
  verdict?: { tag: 'failure' | 'error' | 'skipped'; type: string; message: string };
  output?: string;
}

/** When things were first seen, relative to the start of the run. */
export interface Timings {
  /** Monotonic: durations only. */
  startedAt: number;
  endedAt: number;
  /** The wall-clock start: the suites' timestamp. */
  startedWall: number;
  /** By idKey: when that ID reached its outcome. */
  outcomeAt: ReadonlyMap<string, number>;
  /** By idKey + platform: when that platform was first seen final. */
  platformAt: ReadonlyMap<string, number>;
}

// XML 1.0 allows tab, LF, CR and these ranges; anything else is removed, not escaped.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as const)[c as '&']};`);
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('');
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** A platform still in flight, told by how the upload ended. */
function unfinished(kind: OutcomeKind, p: PlatformFacts): TestCase['verdict'] {
  const stage = p.stage ?? 'pending';
  if (kind === 'pending') return { tag: 'skipped', type: 'pending', message: `not final yet: ${stage}` };
  return { tag: 'error', type: kind, message: `${stage} when the watch ended (${kind.replace('_', ' ')})` };
}

function platformCase(o: Outcome, p: PlatformFacts, time: number): TestCase {
  const sentence = PLATFORM_STATE_TABLE[p.state].sentence;
  switch (p.state) {
    case 'published': {
      const output = p.link ?? p.note;
      return { name: p.platform, time, ...(output ? { output } : {}) };
    }
    case 'failed':
      return { name: p.platform, time, verdict: { tag: 'failure', type: 'failed', message: reasonWithCode(p) ?? 'failed' } };
    case 'skipped':
      return { name: p.platform, time, verdict: { tag: 'skipped', type: 'skipped', message: reasonWithCode(p) ?? 'skipped' } };
    case 'draft':
    case 'no_result':
      return { name: p.platform, time, verdict: { tag: 'failure', type: p.state, message: sentence } };
    case 'in_flight':
      return { name: p.platform, time, verdict: unfinished(o.kind, p) };
    default: {
      const never: never = p.state;
      return never;
    }
  }
}

/** The testcase for the upload itself, when its platforms do not tell its outcome. */
function uploadCase(o: Outcome, time: number): TestCase | undefined {
  const message = o.error !== undefined ? sanitize(o.error) : (o.facts?.message ?? '');
  const say = (fallback: string) => message || fallback;
  switch (o.kind) {
    case 'completed':
      return undefined;
    case 'failed':
      return { name: 'upload', time, verdict: { tag: 'failure', type: o.facts?.conclusion ?? 'failed', message: o.facts?.sentence ?? say('failed') } };
    case 'not_found':
      return { name: 'upload', time, verdict: { tag: 'failure', type: 'not_found', message: say('no upload with this ID') } };
    case 'pending':
      return { name: 'upload', time, verdict: { tag: 'skipped', type: 'pending', message: `not final yet: ${o.facts?.statusText ?? 'no answer'}` } };
    case 'timeout':
      return { name: 'upload', time, verdict: { tag: 'error', type: 'timeout', message: say('the --timeout ran out') } };
    case 'stopped':
      return { name: 'upload', time, verdict: { tag: 'error', type: 'stopped', message: 'stopped by --fail-fast' } };
    case 'interrupted':
      return { name: 'upload', time, verdict: { tag: 'error', type: 'interrupted', message: 'interrupted before the upload was final' } };
    case 'auth_error':
    case 'api_error':
      return { name: 'upload', time, verdict: { tag: 'error', type: o.kind, message: say('no status was obtained') } };
    default: {
      const never: never = o.kind;
      return never;
    }
  }
}

function casesOf(o: Outcome, t: Timings): TestCase[] {
  const key = idKey(o.upload);
  const ended = (t.outcomeAt.get(key) ?? t.endedAt) - t.startedAt;
  const cases = (o.facts?.platforms ?? []).map((p) => platformCase(o, p, (t.platformAt.get(`${key}\u0000${p.key}`) ?? t.startedAt + ended) - t.startedAt));
  const told = cases.some((c) => c.verdict && c.verdict.tag !== 'skipped');
  // An upload that ended in error, with nothing the platforms show, or with platforms that have no row, gets a testcase of its own.
  const own = o.kind === 'api_error' || o.kind === 'auth_error' || cases.length === 0 || (!told && o.kind !== 'completed' && o.kind !== 'pending') || (o.facts?.missing ?? 0) > 0 ? uploadCase(o, ended) : undefined;
  return own ? [...cases, own] : cases;
}

function caseXml(classname: string, c: TestCase): string {
  const open = `    <testcase${attrs({ classname, name: c.name, time: seconds(c.time) })}`;
  const body: string[] = [];
  if (c.verdict?.tag === 'skipped') body.push(`      <skipped${attrs({ message: c.verdict.message })}/>`);
  else if (c.verdict) body.push(`      <${c.verdict.tag}${attrs({ message: c.verdict.message, type: c.verdict.type })}>${xmlText(c.verdict.message)}</${c.verdict.tag}>`);
  if (c.output) body.push(`      <system-out>${xmlText(c.output)}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(cases: readonly TestCase[]): Counts {
  const n = (tag: string) => cases.filter((c) => c.verdict?.tag === tag).length;
  return { tests: cases.length, failures: n('failure'), errors: n('error'), skipped: n('skipped') };
}

export function junitXml(result: RunResult, t: Timings): string {
  const timestamp = isoSecond(t.startedWall).slice(0, -1);
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites: string[] = [];
  for (const o of result.outcomes) {
    // The ID as it is: a job's kind is in the properties.
    const classname = o.upload.id;
    const cases = casesOf(o, t);
    const counts = count(cases);
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += counts[k];
    const time = seconds((t.outcomeAt.get(idKey(o.upload)) ?? t.endedAt) - t.startedAt);
    const props = [
      ['id', o.upload.id],
      ['kind', o.upload.kind],
      ['outcome', o.kind],
      ['status', o.facts?.statusText],
      ['http_status', o.httpStatus],
    ] as const;
    const properties = props.filter(([, v]) => v !== undefined).map(([name, value]) => `      <property${attrs({ name, value })}/>`);
    suites.push(
      [`  <testsuite${attrs({ name: classname, ...counts, time, timestamp })}>`, '    <properties>', ...properties, '    </properties>', ...cases.map((c) => caseXml(classname, c)), '  </testsuite>'].join('\n'),
    );
  }
  // The root carries no `skipped`: the Jenkins schema CI tools follow does not allow it there.
  const head = `<testsuites${attrs({ name: 'upload-post', tests: total.tests, failures: total.failures, errors: total.errors, time: seconds(t.endedAt - t.startedAt) })}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}

/** Notes when each ID and platform became final, from the same events as the view. */
class RunTimes {
  private ctx: RenderContext | undefined;
  startedAt = 0;
  readonly outcomeAt = new Map<string, number>();
  readonly platformAt = new Map<string, number>();

  start(_uploads: unknown, ctx: RenderContext): void {
    this.ctx = ctx;
    this.startedAt = ctx.now();
  }

  progress(p: Progress): void {
    const now = this.ctx?.now() ?? 0;
    const id = idKey(p.upload);
    for (const f of p.facts?.platforms ?? []) {
      const key = `${id}\u0000${f.key}`;
      if (f.state !== 'in_flight' && !this.platformAt.has(key)) this.platformAt.set(key, now);
    }
  }

  outcome(o: Outcome): void {
    this.outcomeAt.set(idKey(o.upload), this.ctx?.now() ?? 0);
  }

  timings(result: RunResult): Timings {
    return { startedAt: this.ctx ? this.startedAt : result.startedAt, endedAt: result.endedAt, startedWall: result.startedWall, outcomeAt: this.outcomeAt, platformAt: this.platformAt };
  }
}

export function createJunitReport(path: string): Report {
  const times = new RunTimes();
  return {
    name: `--junit ${path}`,
    start: (uploads, ctx) => times.start(uploads, ctx),
    progress: (p) => times.progress(p),
    outcome: (o) => times.outcome(o),
    write: (result) => writeAtomically(path, junitXml(result, times.timings(result))),
  };
}
