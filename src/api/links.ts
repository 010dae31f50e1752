// Where a platform's post went live (docs/CONTRACT.md#links-and-reports). A link is only ever an
// absolute http(s) URL we parsed and rebuilt ourselves: server text never
// reaches a terminal hyperlink, a Markdown link or a CI output as it came.
import { type PlatformResult } from './types.js';

/** Longer than any real post URL; anything longer is not shown as a link. */
export const MAX_LINK_LENGTH = 2_048;

/** `text` as a link we may show: http(s), a host, no credentials, nothing invisible; else undefined. */
export function safeLink(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.length > MAX_LINK_LENGTH) return undefined;
  // Reject rather than repair: whitespace, controls and bidi characters have no business in a URL.
  if (/[\s\p{Cc}\p{Cf}]/u.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return undefined;
  // A host is letters, digits, dots and hyphens (IDNs arrive as punycode), or an IP literal:
  // a parser that lets `&commat;` into a host name must not hand a renderer an `@`.
  if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+\.?$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return undefined;
  // Past the host, the characters that mean something to a reader downstream
  // are percent-encoded (the same URL to any server): `[` and `]`, so no
  // `##[` — a command to the GitHub Actions runner anywhere in a log line —
  // is in a link, which is printed whole; and ' " ` $ \, so a link pasted or
  // expanded into a shell command line, quoted or not, can neither close its
  // quotes nor substitute a command (docs/CONTRACT.md#links-and-reports).
  return url.origin + url.href.slice(url.origin.length).replace(SHELL_AND_RUNNER, (c) => ENCODED[c]!);
}

const ENCODED: Record<string, string> = { '[': '%5B', ']': '%5D', "'": '%27', '"': '%22', '`': '%60', $: '%24', '\\': '%5C' };
const SHELL_AND_RUNNER = /[[\]'"`$\\]/g;

/** The platform's link: its `post_url`, else its `url`, whichever is a link we may show. */
export function postLink(r: Pick<PlatformResult, 'post_url' | 'url'>): string | undefined {
  return safeLink(r.post_url) ?? safeLink(r.url);
}
