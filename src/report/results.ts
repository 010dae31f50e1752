// --results <file>: the verdicts as one JSON document, for scripts outside
// GitHub (docs/CONTRACT.md#links-and-reports): the exit code, then per upload
// its verdict word, each platform's state, link, reason, error code and note,
// and the next steps — the same facts as every other output, in the shape
// the library's `uploadVerdict` gives. Written atomically, however the run
// ends; the key was taken out of every value before it got here.
import { resultsDocument } from '../poll/verdict.js';
import { type Report, type RunResult } from '../render/renderer.js';
import { writeAtomically } from './files.js';

/** The document as text: JSON escapes every control character; U+2028/9 too, for readers that embed it in scripts. */
export function resultsJson(result: RunResult): string {
  return `${JSON.stringify(resultsDocument(result.outcomes, result.exitCode), null, 2).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}\n`;
}

export function createResultsReport(path: string): Report {
  return { name: `--results ${path}`, write: (result) => writeAtomically(path, resultsJson(result)) };
}
