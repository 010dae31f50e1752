// One upload's verdict as a plain document (docs/CONTRACT.md#links-and-reports,
// `--results`): the verdict word, each platform's state, link, reason, error
// code and note, and the next steps. Built from the outcome's facts only; the
// `--results` report writes it, and the library exports it for programs
// (an agent's tool answers with exactly this shape).
import { type PlatformState } from '../api/platform-states.js';
import { type IdKind } from '../api/types.js';
import { nextSteps } from './next-steps.js';
import { OUTCOME_TABLE, type Outcome, type Verdict } from './outcome.js';

export interface PlatformVerdict {
  platform: string;
  state: PlatformState;
  /** Published only: a validated absolute http(s) URL. */
  link: string | null;
  reason: string | null;
  error_code: string | null;
  /** A post_url that is no link: "Post uploaded as Private. No public URL available." */
  note: string | null;
}

export interface UploadVerdict {
  id: string;
  kind: IdKind;
  verdict: Verdict;
  platforms: PlatformVerdict[];
  next_steps: string[];
}

/** What `--results` writes. */
export interface ResultsDocument {
  exit_code: number;
  uploads: UploadVerdict[];
}

/** `limit`: the platforms listed (an agent needs the facts, not ten thousand rows); all by default. */
export function uploadVerdict(o: Outcome, limit = Infinity): UploadVerdict {
  const platforms = o.facts?.platforms ?? [];
  return {
    id: o.upload.id,
    kind: o.upload.kind,
    verdict: OUTCOME_TABLE[o.kind].verdict,
    platforms: (platforms.length > limit ? platforms.slice(0, limit) : platforms).map((p) => ({
      platform: p.platform,
      state: p.state,
      link: p.link ?? null,
      reason: p.reason ?? null,
      error_code: p.errorCode ?? null,
      note: p.note ?? null,
    })),
    next_steps: nextSteps([o]),
  };
}

export function resultsDocument(outcomes: readonly Outcome[], exitCode: number): ResultsDocument {
  return { exit_code: exitCode, uploads: outcomes.map((o) => uploadVerdict(o)) };
}
