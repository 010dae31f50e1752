// --results <file>: the verdicts as one JSON document, for scripts outside
// GitHub (docs/CONTRACT.md#links-and-reports): the exit code, then per upload
// its verdict word, each platform's state, link, reason, error code and note,
// and the next steps — the same facts as every other output, in the shape
// the library's `uploadVerdict` gives. Written atomically, however the run
// ends; the key was taken out of every value before it got here.
import { resultsDocument } from '../poll/verdict.js';
import { type Report, type RunResult } from '../render/renderer.js';
import { writeAtomically } from './files.js';

/** The document as text. Its server text was sanitised when read (one line, no controls), and JSON escapes the rest. */
export function resultsJson(result: RunResult): string {
  return `${JSON.stringify(resultsDocument(result.outcomes, result.exitCode), null, 2)}\n`;
}

export function createResultsReport(path: string): Report {
  return { name: `--results ${path}`, write: (result) => writeAtomically(path, resultsJson(result)) };
}
