import { describe, it, expect } from 'vitest';
import { postLinkFor, SIM_HANDLE } from '../../src/simulator/links.js';
import { PLATFORMS, type Platform } from '../../src/simulator/platforms.js';
import { bodyAt } from '../../src/simulator/scenarios.js';

// What each site's own links look like; the post ID is the captured group.
const REAL_SITE: Record<Platform, RegExp> = {
  x: /^https:\/\/x\.com\/[A-Za-z0-9_]{1,15}\/status\/([1-9]\d{18})$/,
  youtube: /^https:\/\/www\.youtube\.com\/watch\?v=([A-Za-z0-9_-]{10}[AEIMQUYcgkosw048])$/,
  tiktok: /^https:\/\/www\.tiktok\.com\/@[A-Za-z0-9_.]{2,24}\/video\/([1-9]\d{18})$/,
  instagram: /^https:\/\/www\.instagram\.com\/p\/([A-Za-z0-9_-]{11})\/$/,
  linkedin: /^https:\/\/www\.linkedin\.com\/feed\/update\/(urn:li:share:[1-9]\d{18})\/$/,
  facebook: /^https:\/\/www\.facebook\.com\/[A-Za-z0-9.]{5,50}\/posts\/([1-9]\d{14,16})$/,
  threads: /^https:\/\/www\.threads\.net\/@[A-Za-z0-9_.]{1,30}\/post\/([A-Za-z0-9_-]{11})$/,
  bluesky: /^https:\/\/bsky\.app\/profile\/[a-z0-9-]+\.bsky\.social\/post\/([234567a-j][234567a-z]{12})$/,
};

const IDS = ['ok-1', 'ok-2', 'partial-7b2c', 'job_abc123xyz', '', 'ok-\u202e/../?#'];

describe('postLinkFor', () => {
  it.each(PLATFORMS.flatMap((p) => IDS.map((id) => [p, id] as const)))('%s %j looks like the real site', (platform, id) => {
    const { postId, postUrl } = postLinkFor(platform, id);
    const match = REAL_SITE[platform].exec(postUrl);
    expect(match, postUrl).not.toBeNull();
    expect(match?.[1]).toBe(postId);
    expect(new URL(postUrl).href).toBe(postUrl);
  });

  it.each(PLATFORMS.map((p) => [p]))('%s: the same ID always links to the same post', (platform) => {
    expect(postLinkFor(platform, 'ok-stable')).toEqual(postLinkFor(platform, 'ok-stable'));
  });

  it.each(PLATFORMS.map((p) => [p]))('%s: different IDs link to different posts', (platform) => {
    const urls = new Set(Array.from({ length: 200 }, (_, i) => postLinkFor(platform, `ok-${i}`).postUrl));
    expect(urls.size).toBe(200);
  });

  it('links one platform and the next differently for the same ID', () => {
    expect(postLinkFor('tiktok', 'ok-1').postId).not.toBe(postLinkFor('x', 'ok-1').postId);
  });

  it('names one simulated account where a site shows the account', () => {
    for (const p of ['x', 'tiktok', 'facebook', 'threads', 'bluesky'] as const) {
      expect(postLinkFor(p, 'ok-1').postUrl).toContain(SIM_HANDLE);
    }
  });
});

describe('links in status bodies', () => {
  const done = (id: string) => bodyAt('request', id, 60_000).body.results as Array<Record<string, unknown>>;

  it.each(['ok-a', 'ok-b', 'ok-c', 'slow-d', 'retry-e', 'hostile-f', 'partial-g'])('%s: every published platform links to its post', (id) => {
    for (const r of done(id).filter((r) => r.success === true)) {
      const plain = String(r.platform).replace(/[^a-z].*$/s, '') as Platform;
      expect(r.post_url).toMatch(REAL_SITE[plain]);
      expect(r.url).toBe(r.post_url);
      expect(REAL_SITE[plain].exec(String(r.post_url))?.[1]).toBe(r.post_id);
    }
  });

  it('no link before a platform publishes, nor on a failed one', () => {
    for (const r of bodyAt('request', 'ok-a', 5_000).body.results as Array<Record<string, unknown>>) {
      expect('post_url' in r).toBe(r.status === 'completed');
    }
    for (const r of done('fail-a')) expect(r).not.toHaveProperty('post_url');
  });
});
