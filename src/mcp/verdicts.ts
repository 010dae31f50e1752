// The one place the MCP tools turn an outcome into what a model reads
// (docs/MCP.md#output): per upload the same facts as the `--results` report
// (docs/CONTRACT.md#links-and-reports) — verdict, per-platform state, link,
// reason, error code, note, next steps — and a text rendering beside them.
import { OUTCOME_KINDS, OUTCOME_TABLE, type Outcome, type OutcomeKind } from '../poll/outcome.js';
import { nextSteps } from '../poll/next-steps.js';
import { uploadVerdict as verdictOf, type PlatformVerdict, type UploadVerdict as Verdict } from '../poll/verdict.js';
import { outcomeLine } from '../render/outcome-text.js';
import { plainTheme } from '../render/theme.js';
import { sanitize } from '../util/sanitize.js';

export type { PlatformVerdict } from '../poll/verdict.js';
export type PlatformVerdictState = PlatformVerdict['state'];

/** The library's verdict (poll/verdict.ts, what --results writes), with what a model also needs. */
export interface UploadVerdict extends Verdict {
  /** The API's own status word, as last seen (sanitised); null when no answer came. */
  status: string | null;
  /** For an upload that ended without an answer (bad key, unreachable API): one sentence. */
  error: string | null;
}

/** Platforms listed per upload: a model needs the facts, not ten thousand rows. */
export const MAX_PLATFORMS = 50;

const plain = plainTheme();

export function uploadVerdict(o: Outcome): UploadVerdict {
  const v = verdictOf(o, MAX_PLATFORMS);
  return {
    id: sanitize(v.id),
    kind: v.kind,
    verdict: v.verdict,
    status: o.facts?.statusText ?? null,
    platforms: v.platforms,
    next_steps: v.next_steps,
    error: o.kind === 'auth_error' || o.kind === 'api_error' ? sanitize(o.error ?? 'unknown error') : null,
  };
}

/** One line a model can quote: how many uploads, how each ended. */
export function summaryLine(outcomes: readonly Outcome[]): string {
  const counts = new Map<OutcomeKind, number>();
  for (const o of outcomes) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  const parts = OUTCOME_KINDS.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${OUTCOME_TABLE[k].label}`);
  const final = outcomes.filter((o) => isFinal(o.kind)).length;
  const n = outcomes.length;
  const head = final === n ? (n === 1 ? 'the upload is final' : `all ${n} uploads are final`) : `${final} of ${n} uploads final`;
  return `${head}: ${parts.join(', ')}`;
}

/** An answer that will not change: the API said so, or it never will answer this key. */
export function isFinal(kind: OutcomeKind): boolean {
  return kind === 'completed' || kind === 'failed' || kind === 'not_found';
}

/** The text beside the structured content: a line per upload, a line per platform, the next steps. */
export function renderText(outcomes: readonly Outcome[], verdicts: readonly UploadVerdict[]): string {
  const lines: string[] = [];
  outcomes.forEach((o, i) => {
    lines.push(outcomeLine(o, plain));
    for (const p of verdicts[i]!.platforms) {
      const detail = [p.link, p.reason, p.error_code && `(${p.error_code})`, p.note].filter((x) => x).join(' ');
      lines.push(`  ${p.platform}: ${p.state.replace('_', ' ')}${detail ? ` — ${detail}` : ''}`);
    }
    const more = (o.facts?.platforms.length ?? 0) - MAX_PLATFORMS;
    if (more > 0) lines.push(`  … and ${more} more platforms`);
  });
  const steps = nextSteps(outcomes);
  if (steps.length > 0) lines.push('', 'Next steps:', ...steps.map((s) => `- ${s}`));
  return lines.join('\n');
}
