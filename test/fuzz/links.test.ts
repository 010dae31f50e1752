// For any body: a platform is linked — in post-urls, a Markdown link, an OSC 8
// hyperlink or --results — only if it is published and its link is an
// absolute http(s) URL we validated; a draft is never published
// (docs/CONTRACT.md#links-and-reports).
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { readUpload } from '../../src/api/facts.js';
import { safeLink } from '../../src/api/links.js';
import { narrowStatusBody } from '../../src/api/types.js';
import { type Outcome } from '../../src/poll/outcome.js';
import { resultsDocument } from '../../src/poll/verdict.js';
import { platformTable } from '../../src/render/table.js';
import { makeTheme } from '../../src/render/color-theme.js';
import { collectPostUrls } from '../../src/report/github.js';
import { markdownReport } from '../../src/report/markdown.js';
import { property } from '../helpers/fuzz.js';

const linkish = fc.oneof(
  fc.constantFrom(
    'https://x.com/u/status/1',
    'http://example.com/p',
    'https://www.tiktok.com/@u/video/7',
    'javascript:alert(1)',
    'Video sent to Inbox (No Public URL)',
    'Post uploaded as Private. No public URL available.',
    'https://user:pw@x.com/1',
    'https://x.com/a b',
    'ftp://x.com/f',
    '',
  ),
  fc.webUrl(),
  fc.string(),
  fc.integer(),
);
const row = fc.record(
  {
    platform: fc.oneof(fc.constantFrom('x', 'tiktok', 'youtube', '__proto__', 'x'), fc.string()),
    success: fc.oneof(fc.boolean(), fc.constant('true')),
    status: fc.constantFrom('queued', 'processing', 'completed', 'failed', 'retryable', 'skipped', 'weird', ''),
    skipped: fc.oneof(fc.boolean(), fc.constant('yes')),
    message: fc.constantFrom('Queued', 'Published', 'Processing', 'Failed', 'Skipped', ''),
    post_url: linkish,
    url: linkish,
    fallback_to_inbox: fc.oneof(fc.boolean(), fc.constantFrom('yes', 1, 'true')),
    publish_id: fc.constantFrom('v_inbox_file~1', 'v_pub_url~2', 'x', 7),
    post_id: fc.constantFrom('v_inbox_url~3', '123'),
    error_code: fc.constantFrom('quota_exceeded', 'account_reauth_required', '##[error]x'),
  },
  { requiredKeys: ['platform'] },
);
const body = fc.record({
  status: fc.constantFrom('pending', 'processing', 'in_progress', 'completed', 'failed'),
  total: fc.oneof(fc.nat({ max: 8 }), fc.constant(null)),
  results: fc.array(row, { maxLength: 6 }),
});

/** Is this row a draft as sent (before any narrowing)? */
function sentAsDraft(r: Record<string, unknown>): boolean {
  return r.fallback_to_inbox === true || [r.publish_id, r.post_id].some((id) => typeof id === 'string' && id.startsWith('v_inbox'));
}

describe('links only for what is published', () => {
  property(
    'post-urls, Markdown links, OSC 8 hyperlinks and --results hold only published platforms with a validated http(s) link',
    fc.property(body, (raw) => {
      const b = narrowStatusBody(raw)!;
      const facts = readUpload(b);
      const o: Outcome = { kind: facts.final === 'failed' ? 'failed' : 'completed', upload: { kind: 'request', id: 'u' }, body: b, facts };
      const published = new Map<string, Set<string>>();
      for (const p of facts.platforms) {
        if (p.link === undefined) continue;
        expect(p.state).toBe('published');
        expect(safeLink(p.link)).toBe(p.link);
        expect(p.link).toMatch(/^https?:\/\//);
        if (!published.has(p.key)) published.set(p.key, new Set());
        published.get(p.key)!.add(p.link);
      }
      const links = new Set([...published.values()].flatMap((s) => [...s]));
      // A draft is never published, whatever success or status say.
      raw.results.forEach((r, i) => {
        if (sentAsDraft(r) && r.skipped !== true && r.status !== 'skipped' && r.status !== 'failed') expect(facts.platforms[i]!.state).toBe('draft');
      });
      // post-urls
      for (const [platform, url] of Object.entries(collectPostUrls([o]).urls)) expect(published.get(platform)?.has(url as string), `${platform} ${url}`).toBe(true);
      // --results
      for (const p of resultsDocument([o], 0).uploads[0]!.platforms) if (p.link !== null) expect(p.state).toBe('published');
      // OSC 8 in a terminal that shows hyperlinks
      const table = platformTable(facts, makeTheme(1, { hyperlinks: true }));
      for (const m of table.matchAll(/\u001b\]8;;([^\u001b]+)\u001b\\/g)) expect(links.has(m[1]!), m[1]).toBe(true);
      // Markdown: our links only, to a published platform's URL
      const md = markdownReport({ outcomes: [o], exitCode: 0, startedAt: 0, endedAt: 1, startedWall: 0 });
      for (const m of md.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = decodeURIComponent(m[1]!.replace(/&amp;/g, '&'));
        expect([...links].some((l) => decodeURIComponent(l) === target), target).toBe(true);
      }
    }),
  );
});
