// The reports a status run writes beside its view, from its options:
// --junit, --markdown and, inside GitHub Actions, the step summary, outputs
// and annotations. Each path is checked before the first request. Loaded on
// use: a run without reports never loads them (nor the tables Markdown shares).
import { UsageError } from '../../config/usage-error.js';
import { type OutStream, type Report } from '../../render/renderer.js';
import { redactor } from '../../util/sanitize.js';
import { type StatusOptions } from './options.js';

type ReportPaths = Pick<StatusOptions, 'junit' | 'markdown' | 'github'>;

/**
 * The report paths, each resolved to the regular file it names; a usage error
 * for the first that cannot be written, or when two name the same file (a
 * JUnit file rewritten over GITHUB_OUTPUT would wipe the earlier steps' outputs).
 */
export async function resolveReportPaths(opts: ReportPaths): Promise<ReportPaths> {
  if (opts.junit === undefined && opts.markdown === undefined && !opts.github) return opts;
  const { reportTarget } = await import('../../report/files.js');
  const named: [string, string][] = [];
  const target = async (path: string, what: string): Promise<string> => {
    const file = await reportTarget(path, what);
    const twin = named.find(([f]) => f === file);
    if (twin) throw new UsageError(`${twin[1]} and ${what} name the same file (${file}); give each report its own`);
    named.push([file, what]);
    return file;
  };
  const junit = opts.junit !== undefined ? await target(opts.junit, '--junit') : undefined;
  const markdown = opts.markdown !== undefined ? await target(opts.markdown, '--markdown') : undefined;
  const outputPath = opts.github?.outputPath ? await target(opts.github.outputPath, 'GITHUB_OUTPUT') : undefined;
  const summaryPath = opts.github?.summaryPath ? await target(opts.github.summaryPath, 'GITHUB_STEP_SUMMARY') : undefined;
  return {
    ...(junit ? { junit } : {}),
    ...(markdown ? { markdown } : {}),
    ...(opts.github ? { github: { ...(outputPath ? { outputPath } : {}), ...(summaryPath ? { summaryPath } : {}) } } : {}),
  };
}

export async function createReports(opts: ReportPaths & Pick<StatusOptions, 'apiKey'>, stderr: OutStream): Promise<Report[]> {
  const scrub = redactor([opts.apiKey]);
  const reports: Report[] = [];
  if (opts.junit !== undefined) reports.push((await import('../../report/junit.js')).createJunitReport(opts.junit, scrub));
  if (opts.markdown !== undefined) reports.push((await import('../../report/markdown.js')).createMarkdownReport(opts.markdown, '--markdown', scrub));
  if (opts.github) {
    const { createGithubReport } = await import('../../report/github.js');
    reports.push(createGithubReport({ ...opts.github, annotate: (line) => void stderr.write(`${line}\n`) }, scrub));
  }
  return reports;
}
