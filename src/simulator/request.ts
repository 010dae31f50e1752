// Reading what a client asked for. Pure.
import type { IdKind } from './scenarios.js';

/** The key of `Authorization: Apikey <key>`, or null when missing or malformed. */
export function apiKeyOf(header: string | undefined): string | null {
  const match = /^apikey[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * The ID asked about. An empty value counts as not given; if a client sends
 * both, request_id wins (the vendor requires "at least one").
 */
export function idOf(params: URLSearchParams): { kind: IdKind; id: string } | null {
  const requestId = params.get('request_id');
  if (requestId) return { kind: 'request', id: requestId };
  const jobId = params.get('job_id');
  if (jobId) return { kind: 'job', id: jobId };
  return null;
}

/** A host as it goes in a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
