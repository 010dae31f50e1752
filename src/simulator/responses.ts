// Writing answers, honest ones and the broken ones a proxy or network produces.
import type { ServerResponse } from 'node:http';
import type { FaultKind } from './faults.js';

export type Headers = Record<string, string>;

export function send(res: ServerResponse, status: number, type: string, body: string, headers: Headers = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, json: string, headers: Headers = {}): void {
  send(res, status, 'application/json', json, headers);
}

const gatewayPage = (status: number, title: string) =>
  `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

const MAINTENANCE_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Down for maintenance</title></head>\n<body><h1>We\'ll be right back</h1><p>Upload-Post is undergoing scheduled maintenance.</p></body></html>\n';

/**
 * Answers with a fault page. Faults that touch the socket or need the honest
 * answer (reset, hang, slow, truncate) are not pages. `apiHeaders` are the rate-limit
 * headers: only faults that come from the API itself carry them, since a proxy
 * page or a cut connection never reached it.
 */
export function sendFault(
  res: ServerResponse,
  kind: Exclude<FaultKind, 'reset' | 'hang' | 'slow' | 'truncate'>,
  apiHeaders: Headers,
): void {
  switch (kind) {
    case '500':
      return sendJson(res, 500, '{"error":"Failed to get status","details":"simulated fault"}', apiHeaders);
    case '502':
      return send(res, 502, 'text/html', gatewayPage(502, 'Bad Gateway'));
    case '503':
      // What a cloud load balancer sends when no backend is healthy.
      return sendJson(res, 503, '{"message":"Service Unavailable"}');
    case '504':
      return send(res, 504, 'text/html', gatewayPage(504, 'Gateway Time-out'));
    case 'html':
      return send(res, 200, 'text/html; charset=utf-8', MAINTENANCE_PAGE);
    case '429':
      return sendJson(res, 429, RATE_LIMITED_JSON, { ...apiHeaders, 'Retry-After': '1' });
    default: {
      const unreachable: never = kind;
      throw new Error(`no response for fault ${String(unreachable)}`);
    }
  }
}

/**
 * The honest body cut in half. Content-Length matches what is sent, so the
 * HTTP exchange itself is clean and only the JSON parse can catch it.
 */
export function sendTruncated(res: ServerResponse, json: string, apiHeaders: Headers): void {
  const bytes = Buffer.from(json, 'utf8');
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  res.writeHead(200, { ...apiHeaders, 'Content-Type': 'application/json', 'Content-Length': String(half.length) });
  res.end(half);
}

export const RATE_LIMITED_JSON = '{"success":false,"message":"Rate limit exceeded"}';
export const UNAUTHORIZED_JSON = '{"success":false,"message":"Invalid or expired token"}';
export const MISSING_ID_JSON = '{"error":"request_id or job_id is required"}';
