// Where a published post lives, shaped like each real site's own links, so a
// client's link handling (validation, hyperlinks, reports) meets URLs it will
// see in production. Pure: derived from a hash of the platform and the ID, so
// the same upload always links to the same post.
import type { Platform } from './platforms.js';
import { hashString, seededRandom } from './random.js';

/** The simulated account; letters only, so it is a valid handle on every site. */
export const SIM_HANDLE = 'uploadpostdemo';

export interface PostLink {
  /** The platform's own ID of the post, as it appears in the link. */
  readonly postId: string;
  readonly postUrl: string;
}

const DIGITS = '0123456789';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// A YouTube ID is 64 bits in 11 base64 characters, so the last one carries
// only 4 bits and comes from this 16-letter subset.
const YOUTUBE_LAST = 'AEIMQUYcgkosw048';
// Bluesky post keys are TIDs: 13 characters of sortable base32, the first of
// which has its top bit clear.
const BASE32_SORT = '234567abcdefghijklmnopqrstuvwxyz';
const BASE32_SORT_FIRST = '234567abcdefghij';

type Draw = (alphabet: string, length: number) => string;

function drawFrom(random: () => number): Draw {
  return (alphabet, length) => {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)] ?? alphabet[0];
    return s;
  };
}

/** A decimal ID of exactly `length` digits: snowflake-style IDs never start with 0. */
const number = (draw: Draw, length: number) => draw('123456789', 1) + draw(DIGITS, length - 1);

const LINKS: Record<Platform, (draw: Draw) => PostLink> = {
  x: (draw) => {
    const id = number(draw, 19);
    return { postId: id, postUrl: `https://x.com/${SIM_HANDLE}/status/${id}` };
  },
  linkedin: (draw) => {
    const id = number(draw, 19);
    return { postId: `urn:li:share:${id}`, postUrl: `https://www.linkedin.com/feed/update/urn:li:share:${id}/` };
  },
  tiktok: (draw) => {
    const id = number(draw, 19);
    return { postId: id, postUrl: `https://www.tiktok.com/@${SIM_HANDLE}/video/${id}` };
  },
  instagram: (draw) => {
    const code = draw(URL_SAFE, 11);
    return { postId: code, postUrl: `https://www.instagram.com/p/${code}/` };
  },
  youtube: (draw) => {
    const id = draw(URL_SAFE, 10) + draw(YOUTUBE_LAST, 1);
    return { postId: id, postUrl: `https://www.youtube.com/watch?v=${id}` };
  },
  facebook: (draw) => {
    const id = number(draw, 16);
    return { postId: id, postUrl: `https://www.facebook.com/${SIM_HANDLE}/posts/${id}` };
  },
  threads: (draw) => {
    const code = draw(URL_SAFE, 11);
    return { postId: code, postUrl: `https://www.threads.net/@${SIM_HANDLE}/post/${code}` };
  },
  bluesky: (draw) => {
    const rkey = draw(BASE32_SORT_FIRST, 1) + draw(BASE32_SORT, 12);
    return { postId: rkey, postUrl: `https://bsky.app/profile/${SIM_HANDLE}.bsky.social/post/${rkey}` };
  },
};

export function postLinkFor(platform: Platform, id: string): PostLink {
  return LINKS[platform](drawFrom(seededRandom(hashString(`${platform}:${id}`))));
}
