// How many terminal columns text takes, and cutting styled lines to fit. A
// line wider than the terminal wraps onto two rows: the live frame's erase
// then misses one and the frame smears down the scrollback, and a
// table cut by characters instead of columns overflows on CJK or emoji.
import { stripVTControlCharacters } from 'node:util';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// East Asian Wide/Fullwidth blocks and emoji shown as pictures take two columns.
const WIDE =
  /\p{Emoji_Presentation}|[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{1b000}-\u{1b2ff}\u{1f200}-\u{1f2ff}\u{20000}-\u{3fffd}]/u;
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]+$/u;

function graphemeWidth(g: string): number {
  if (WIDE.test(g)) return 2;
  return ZERO.test(g) ? 0 : 1;
}

// Our own escape sequences: SGR and other CSI (colour), and OSC 8 hyperlinks
// built from validated URLs (server text is sanitised before it gets here, so
// nothing else can appear). Node's own stripper misses OSC 8 targets holding
// characters such as `+` or `(`.
const OWN_ESCAPES = /\u001b\[[0-9;?]*[\u0020-\u002f]*[\u0040-\u007e]|\u001b\]8;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Columns a string takes on screen; escape sequences take none. */
export function visibleWidth(s: string): number {
  let w = 0;
  for (const { segment } of segmenter.segment(stripVTControlCharacters(s.replace(OWN_ESCAPES, '')))) w += graphemeWidth(segment);
  return w;
}

/** Plain text cut to `max` columns, with an ellipsis when cut. */
export function fit(s: string, max: number): string {
  if (max <= 0) return '';
  if (visibleWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const { segment } of segmenter.segment(s)) {
    const gw = graphemeWidth(segment);
    if (w + gw > max - 1) break;
    out += segment;
    w += gw;
  }
  return out + '…';
}

/** Pad styled text with spaces to `width` columns. */
export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleWidth(s)));
}

/**
 * A styled line cut to `max` columns. Escape sequences after the cut are kept
 * (they close colours and hyperlinks), text after it is dropped and an
 * ellipsis marks the cut.
 */
export function clipLine(line: string, max: number): string {
  if (visibleWidth(line) <= max) return line;
  let out = '';
  let w = 0;
  let cut = false;
  const text = (run: string): void => {
    for (const { segment } of segmenter.segment(run)) {
      if (cut) return;
      const gw = graphemeWidth(segment);
      if (w + gw > max - 1) {
        if (max > 0) out += '…';
        cut = true;
        return;
      }
      out += segment;
      w += gw;
    }
  };
  let last = 0;
  for (const m of line.matchAll(OWN_ESCAPES)) {
    text(line.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  text(line.slice(last));
  return out;
}
