// Text that came from a server is hostile until proven otherwise: before it
// reaches a terminal, strip escape sequences (CSI, OSC, DCS …), C0/C1 control
// characters, line separators and bidi overrides (docs/CONTRACT.md#output),
// and show a value that is not text as a short placeholder — never through
// its own toString, which a server can set to anything.

// ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC
// (ESC ] … BEL or ST), and two-byte escapes. C1 CSI (0x9b) and OSC (0x9d) too.
const ESCAPES =
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
// Remaining C0 (tab and newline too: they would break one-line output), DEL,
// C1, the bidi controls that can reorder what the user reads, the Unicode
// line and paragraph separators, and the byte-order mark.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;
const LINE_BREAKS = /[\t\n\r\v\f\u2028\u2029]+/g;

/** Longest server text any view shows: the rest is cut before any work on it. */
export const MAX_TEXT = 1_000;

/** A string cut to `max` UTF-16 units without splitting a surrogate pair. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** What a non-text value shows as: its own text for numbers and booleans, a tag for the rest. */
export function placeholder(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      if (value === null) return '';
      return Array.isArray(value) ? '[array]' : `[${typeof value}]`;
  }
}

/**
 * The GitHub Actions runner acts on `##[command]` anywhere in a line of a
 * step's stdout or stderr (its legacy command form); a zero-width space
 * keeps such text from being one.
 */
const LEGACY_WORKFLOW_COMMAND = /##\[/g;

/** One line of safe text: escapes and controls removed, whitespace runs folded, at most MAX_TEXT long. */
export function sanitize(text: unknown): string {
  const s = clip(placeholder(text), MAX_TEXT);
  return s.replace(ESCAPES, '').replace(LINE_BREAKS, ' ').replace(CONTROLS, '').replace(LEGACY_WORKFLOW_COMMAND, '#\u200b#[');
}

/** An untrusted value quoted for an error sentence: escapes for everything invisible, cut short. */
export function quote(value: unknown, max = 80): string {
  const s = placeholder(value);
  const shown = clip(s, max);
  const escaped = JSON.stringify(shown).replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length < s.length ? `${escaped.slice(0, -1)}…"` : escaped;
}

/** Keys shorter than this are redacted only as whole tokens: "n" must not turn "network" into "***etwork". */
const MIN_SUBSTRING_SECRET = 8;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A secret compiled once: its pattern, and its lower case for a cheap look before the replace. */
function compile(secret: string): { lower: string; pattern: RegExp } {
  const body = escapeRegExp(secret);
  const source = secret.length >= MIN_SUBSTRING_SECRET ? body : `(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`;
  return { lower: secret.toLowerCase(), pattern: new RegExp(source, 'gi') };
}

/**
 * Remove a secret from text meant for any output, case-insensitively (a key
 * in a URL's host comes back lowercased).
 */
export function redact(text: string, secret: string | undefined): string {
  return secret ? redactor([secret])(text) : text;
}

/**
 * What some output removes from server text on the way out: escape sequences
 * and controls (sanitize), zero-width characters, and what XML cannot hold
 * (noncharacters, lone surrogates). A key split by any of them would be whole
 * again once they are gone. Tabs and line breaks are not among them: they
 * become spaces, or stay.
 */
const VANISHING = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A redactor for every secret a run holds; the identity when there are none.
 * Compiled once: it runs over every text field of every answer. A secret that
 * only shows once invisible characters are taken out is removed from the text
 * without them (which is all any view shows of it).
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  // A secret is also caught as a URL carries it (a key given as an ID, in a --verbose request line).
  const given = secrets.filter((s): s is string => !!s);
  const list = [...new Set(given.flatMap((s) => [s, encodeURIComponent(s)]))].map(compile);
  if (list.length === 0) return (t) => t;
  const replace = (text: string): string => {
    let out = text;
    for (const { lower, pattern } of list) if (out.toLowerCase().includes(lower)) out = out.replace(pattern, '***');
    return out;
  };
  return (text) => {
    const out = replace(text);
    const bare = out.replace(ESCAPES, '').replace(VANISHING, '');
    if (bare === out) return out;
    // Only when taking them out reveals a secret: otherwise the text keeps every character.
    const lower = bare.toLowerCase();
    if (!list.some((s) => lower.includes(s.lower))) return out;
    const cleaned = replace(bare);
    return cleaned === bare ? out : cleaned;
  };
}
