// Text that came from a server is hostile until proven otherwise: before it
// reaches a terminal, strip escape sequences (CSI, OSC, DCS …), C0/C1 control
// characters and bidi overrides (docs/CONTRACT.md#output).

// ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC
// (ESC ] … BEL or ST), and two-byte escapes. C1 CSI (0x9b) and OSC (0x9d) too.
const ESCAPES =
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
// Remaining C0 (but keep nothing: tab/newline would break one-line output),
// DEL, C1, and the bidi controls that can reorder what the user reads.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of safe text: escapes and controls removed, whitespace runs folded. */
export function sanitize(text: unknown): string {
  if (text === undefined || text === null) return '';
  const s = typeof text === 'string' ? text : String(text);
  return s.replace(ESCAPES, '').replace(/[\t\n\r\v\f]+/g, ' ').replace(CONTROLS, '');
}

/** Remove a secret from text meant for any output. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('***');
}
