// GitHub Flavored Markdown as GitHub reads it, for tests of the Markdown
// report and the step summary. micromark + micromark-extension-gfm follow
// cmark-gfm (tables, autolink literals, tagfilter); mdast-util-gfm adds the
// second, transform-time autolink pass that github.com runs on text after
// escapes and character references are resolved, which micromark's HTML
// output cannot show (see the readme of micromark-extension-gfm-autolink-literal).
//
//   renderGfm(md)   HTML, before GitHub's sanitiser: raw HTML and any URL
//                   protocol are let through, so a test sees what got in.
//   tableRows(md)   every row of every table, header first, as cell texts.
//   hazards(md)     every raw-HTML node, link and image from both passes:
//                   expect(hazards(md)).toEqual(NO_HAZARDS).
import type { Nodes, Root, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function renderGfm(md: string): string {
  return micromark(md, {
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
    allowDangerousHtml: true,
    allowDangerousProtocol: true,
  });
}

/** The syntax tree, with the transform-time autolink literals applied. */
export function gfmTree(md: string): Root {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** The text a reader sees in a node: code and text values, link text, breaks as \n. */
export function textOf(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'html':
      return node.value;
    case 'break':
      return '\n';
    default:
      return 'children' in node ? node.children.map((c) => textOf(c as Nodes)).join('') : '';
  }
}

function walk(node: Nodes, visit: (n: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const c of node.children) walk(c as Nodes, visit);
}

/**
 * The cells of every GFM table row in the document, tables in order, each
 * table's header row first, as the parser split them: a row with a cell too
 * many or too few shows it here (the HTML output would drop the excess and
 * pad the shortfall), and `\|` is already turned into `|`.
 */
export function tableRows(md: string): string[][] {
  const rows: string[][] = [];
  walk(gfmTree(md), (n) => {
    if (n.type === 'table') {
      for (const row of (n as Table).children) rows.push(row.children.map((cell) => textOf(cell)));
    }
  });
  return rows;
}

export interface Hazards {
  /** Raw HTML that reached the output (tags, comments, declarations). */
  html: string[];
  /** Link targets, from [..](..), <autolinks> and both autolink-literal passes. */
  links: string[];
  /** Image sources. */
  images: string[];
}

export const NO_HAZARDS: Hazards = { html: [], links: [], images: [] };

/** An attribute value as rendered HTML writes it, back to the URL the tree holds. */
function unescapeAttr(v: string): string {
  return v.replace(/&(amp|quot|lt|gt|#x27|#39);/g, (_m, e: string) => ({ amp: '&', quot: '"', lt: '<', gt: '>', '#x27': "'", '#39': "'" })[e] ?? '');
}

/**
 * Everything in `md` that GitHub could turn into HTML, a link or an image.
 * The tree gives the transform-time links; the rendered HTML is scanned too,
 * for `<a`, `<img`, `<script` etc. that the tree would not name.
 */
export function hazards(md: string): Hazards {
  const found: Hazards = { html: [], links: [], images: [] };
  walk(gfmTree(md), (n) => {
    if (n.type === 'html') found.html.push(n.value);
    else if (n.type === 'link') found.links.push(n.url);
    else if (n.type === 'image') found.images.push(n.url);
    else if (n.type === 'definition') found.links.push(n.url);
  });
  const html = renderGfm(md);
  for (const m of html.matchAll(/<(a|img|script|iframe|svg|object|embed|style|form|input)\b[^>]*>/gi)) {
    const tag = m[0];
    const kind = m[1]!.toLowerCase();
    if (kind === 'a') {
      const href = unescapeAttr(/href="([^"]*)"/.exec(tag)?.[1] ?? tag);
      if (!found.links.includes(href)) found.links.push(href);
    } else if (kind === 'img') {
      const src = unescapeAttr(/src="([^"]*)"/.exec(tag)?.[1] ?? tag);
      if (!found.images.includes(src) && !found.html.some((h) => h.includes(tag))) found.images.push(src);
    } else if (!found.html.some((h) => h.includes(tag))) {
      found.html.push(tag);
    }
  }
  return found;
}
