// The tools' input and output schemas (docs/MCP.md#tools), as zod shapes the
// SDK publishes as JSON Schema. Inputs are typed here and bounded in
// tools.ts, so a bad value gets one sentence naming it rather than a
// validator's report.
import { z } from 'zod';
import { OUTCOME_TABLE, type Verdict } from '../poll/outcome.js';
import { type PlatformVerdictState } from './verdicts.js';

const VERDICTS = [...new Set(Object.values(OUTCOME_TABLE).map((o) => o.verdict))] as [Verdict, ...Verdict[]];
const PLATFORM_STATES: [PlatformVerdictState, ...PlatformVerdictState[]] = ['published', 'failed', 'skipped', 'draft', 'no_result', 'in_flight'];

const platform = z.object({
  platform: z.string(),
  state: z.enum(PLATFORM_STATES).describe('published, failed, skipped (no account connected), draft (left in an inbox: not published), no_result, or in_flight'),
  link: z.string().nullable().describe('the live post: an absolute http(s) URL, or null'),
  reason: z.string().nullable().describe('why it failed or was skipped'),
  error_code: z.string().nullable(),
  note: z.string().nullable().describe('what the server said instead of a link, e.g. a private video'),
});

export const uploadShape = {
  id: z.string(),
  kind: z.enum(['request', 'job']),
  verdict: z.enum(VERDICTS).describe('completed and failed are final, as is not_found; timeout, pending, error and interrupted are not answers about the upload'),
  status: z.string().nullable().describe("the API's own status word as last seen"),
  platforms: z.array(platform),
  next_steps: z.array(z.string()).describe('what to do next, one sentence each; empty when all went well'),
  error: z.string().nullable().describe('why no answer came (bad key, unreachable API)'),
};

export const getInputShape = {
  request_id: z.string().optional().describe('the request_id an async upload returned'),
  job_id: z.string().optional().describe('the job_id a scheduled post returned'),
};

export const getOutputShape = {
  ...uploadShape,
  summary: z.string().describe('one line to quote'),
};

export const waitInputShape = {
  request_ids: z.array(z.string()).optional().describe('request IDs to wait for'),
  job_ids: z.array(z.string()).optional().describe('job IDs (scheduled posts) to wait for'),
  timeout: z
    .union([z.string(), z.number()])
    .optional()
    .describe('how long to wait at most: seconds, or a duration such as "90s", "10m", "1h"; default 10m, at most 1h'),
  not_before: z
    .record(z.string(), z.string())
    .optional()
    .describe('per ID, when a scheduled post is due (ISO 8601 with a zone, or a duration from now): until then it is checked only every 5 minutes'),
};

export const waitOutputShape = {
  summary: z.string().describe('one line to quote: how many uploads, how each ended'),
  all_final: z.boolean().describe('every upload reached a final answer (completed, failed or not found)'),
  waited_seconds: z.number(),
  uploads: z.array(z.object(uploadShape)),
};
