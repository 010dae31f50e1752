// The reports a status run writes beside its view, from its options:
// --junit, --markdown and, inside GitHub Actions, the step summary, outputs
// and annotations. Each path is checked before the first request.
import { checkWritable } from '../../report/files.js';
import { createGithubReport } from '../../report/github.js';
import { createJunitReport } from '../../report/junit.js';
import { createMarkdownReport } from '../../report/markdown.js';
import { type OutStream, type Report } from '../../render/renderer.js';
import { redactor } from '../../util/sanitize.js';
import { type StatusOptions } from './options.js';

/** A usage error for the first report path that cannot be written. */
export async function checkReportPaths(opts: Pick<StatusOptions, 'junit' | 'markdown' | 'github'>): Promise<void> {
  if (opts.junit !== undefined) await checkWritable(opts.junit, '--junit');
  if (opts.markdown !== undefined) await checkWritable(opts.markdown, '--markdown');
  if (opts.github?.summaryPath) await checkWritable(opts.github.summaryPath, 'GITHUB_STEP_SUMMARY');
  if (opts.github?.outputPath) await checkWritable(opts.github.outputPath, 'GITHUB_OUTPUT');
}

export function createReports(opts: Pick<StatusOptions, 'junit' | 'markdown' | 'github' | 'apiKey'>, stderr: OutStream): Report[] {
  const scrub = redactor([opts.apiKey]);
  const reports: Report[] = [];
  if (opts.junit !== undefined) reports.push(createJunitReport(opts.junit, scrub));
  if (opts.markdown !== undefined) reports.push(createMarkdownReport(opts.markdown, '--markdown', scrub));
  if (opts.github) reports.push(createGithubReport({ ...opts.github, annotate: (line) => void stderr.write(`${line}\n`) }, scrub));
  return reports;
}
