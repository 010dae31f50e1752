// The one place the MCP tools turn an outcome into what a model reads
// (docs/MCP.md#output): per upload the same facts as the `--results` report
// (docs/CONTRACT.md#links-and-reports) — verdict, per-platform state, link,
// reason, error code, note, next steps — and a text rendering beside them.
import { safeLink } from '../api/links.js';
import { OUTCOME_KINDS, OUTCOME_TABLE, type Outcome, type OutcomeKind, type Verdict } from '../poll/outcome.js';
import { platformFact, type PlatformFact } from '../render/facts.js';
import { nextSteps } from '../render/next-steps.js';
import { outcomeLine } from '../render/outcome-text.js';
import { makeTheme } from '../render/theme.js';
import { sanitize } from '../util/sanitize.js';

export type PlatformVerdictState = 'published' | 'failed' | 'skipped' | 'draft' | 'no_result' | 'in_flight';

export interface PlatformVerdict {
  platform: string;
  state: PlatformVerdictState;
  link: string | null;
  reason: string | null;
  error_code: string | null;
  note: string | null;
}

export interface UploadVerdict {
  id: string;
  kind: 'request' | 'job';
  verdict: Verdict;
  /** The API's own status word, as last seen (sanitised); null when no answer came. */
  status: string | null;
  platforms: PlatformVerdict[];
  next_steps: string[];
  /** For an upload that ended without an answer (bad key, unreachable API): one sentence. */
  error: string | null;
}

/** Platforms listed per upload: a model needs the facts, not ten thousand rows. */
export const MAX_PLATFORMS = 50;

const plain = makeTheme(0);

function platformVerdictState(fact: PlatformFact): PlatformVerdictState {
  switch (fact.state) {
    case 'success':
      return 'published';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'skipped';
    default:
      return 'in_flight';
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? sanitize(value) : null;
}

function platformVerdict(fact: PlatformFact): PlatformVerdict {
  const { result } = fact;
  const where = typeof result.post_url === 'string' ? result.post_url : result.url;
  // A post_url that is a sentence ("Post uploaded as Private…") is a note, never a link.
  const note = fact.link === undefined && typeof where === 'string' && safeLink(where) === undefined ? text(where) : null;
  return {
    platform: fact.platform,
    state: platformVerdictState(fact),
    link: fact.link ?? null,
    reason: fact.reason ?? null,
    error_code: text(result.error_code),
    note,
  };
}

export function uploadVerdict(o: Outcome): UploadVerdict {
  const results = o.body?.results ?? [];
  return {
    id: sanitize(o.upload.id),
    kind: o.upload.kind,
    verdict: OUTCOME_TABLE[o.kind].verdict,
    status: o.body ? sanitize(o.body.status) : null,
    platforms: results.slice(0, MAX_PLATFORMS).map((r) => platformVerdict(platformFact(r))),
    next_steps: nextSteps([o]),
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
    const more = (o.body?.results.length ?? 0) - MAX_PLATFORMS;
    if (more > 0) lines.push(`  … and ${more} more platforms`);
  });
  const steps = nextSteps(outcomes);
  if (steps.length > 0) lines.push('', 'Next steps:', ...steps.map((s) => `- ${s}`));
  return lines.join('\n');
}
