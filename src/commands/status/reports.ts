// The reports a status run writes beside its view, from its options:
// --junit, --markdown, --results and, inside GitHub Actions, the step summary, outputs
// and annotations. Each path is checked before the first request. Loaded on
// use: a run without reports never loads them (nor the tables Markdown shares).
import { UsageError } from '../../config/usage-error.js';
import { scrubOutcome } from '../../poll/outcome.js';
import { type OutStream, type Report, type RunResult } from '../../render/renderer.js';
import { redactor } from '../../util/sanitize.js';
import { type StatusOptions } from './options.js';

type ReportPaths = Pick<StatusOptions, 'junit' | 'markdown' | 'results' | 'github'>;

/**
 * The report paths, each resolved to the regular file it names; a usage error
 * for the first that cannot be written, or when two name the same file (a
 * JUnit file rewritten over GITHUB_OUTPUT would wipe the earlier steps' outputs).
 */
export async function resolveReportPaths(opts: ReportPaths): Promise<ReportPaths> {
  if (opts.junit === undefined && opts.markdown === undefined && opts.results === undefined && !opts.github) return opts;
  const { reportTarget } = await import('../../report/files.js');
  const named: { path: string; identity: string; what: string }[] = [];
  const target = async (path: string, what: string, how: 'replace' | 'append'): Promise<string> => {
    const file = await reportTarget(path, what, how);
    // One file by its real path, or by its inode (a hard link); a new file has no inode until a probe makes it.
    const twin = named.find((n) => n.path === file.path || n.identity === file.identity);
    if (twin) throw new UsageError(`${twin.what} and ${what} name the same file (${file.path}); give each report its own`);
    named.push({ ...file, what });
    return file.path;
  };
  const junit = opts.junit !== undefined ? await target(opts.junit, '--junit', 'replace') : undefined;
  const markdown = opts.markdown !== undefined ? await target(opts.markdown, '--markdown', 'append') : undefined;
  const results = opts.results !== undefined ? await target(opts.results, '--results', 'replace') : undefined;
  const outputPath = opts.github?.outputPath ? await target(opts.github.outputPath, 'GITHUB_OUTPUT', 'append') : undefined;
  const summaryPath = opts.github?.summaryPath ? await target(opts.github.summaryPath, 'GITHUB_STEP_SUMMARY', 'append') : undefined;
  return {
    ...(junit ? { junit } : {}),
    ...(markdown ? { markdown } : {}),
    ...(results ? { results } : {}),
    ...(opts.github ? { github: { ...(outputPath ? { outputPath } : {}), ...(summaryPath ? { summaryPath } : {}) } } : {}),
  };
}

export async function createReports(opts: ReportPaths & Pick<StatusOptions, 'apiKey'>, stderr: OutStream): Promise<Report[]> {
  const reports: Report[] = [];
  if (opts.junit !== undefined) reports.push((await import('../../report/junit.js')).createJunitReport(opts.junit));
  if (opts.markdown !== undefined) reports.push((await import('../../report/markdown.js')).createMarkdownReport(opts.markdown, '--markdown'));
  if (opts.results !== undefined) reports.push((await import('../../report/results.js')).createResultsReport(opts.results));
  if (opts.github) {
    const { createGithubReport } = await import('../../report/github.js');
    reports.push(createGithubReport({ ...opts.github, annotate: (line) => void stderr.write(`${line}\n`) }));
  }
  // Scrubbed once for all the reports (a body of 100,000 platforms is gone through once, not per report).
  const scrub = redactor([opts.apiKey]);
  const scrubbed = new WeakMap<RunResult, RunResult>();
  const once = (result: RunResult): RunResult => {
    let clean = scrubbed.get(result);
    if (!clean) scrubbed.set(result, (clean = { ...result, outcomes: result.outcomes.map((o) => scrubOutcome(o, scrub)) }));
    return clean;
  };
  return reports.map((r) => ({ ...r, write: (result) => r.write(once(result)) }));
}
