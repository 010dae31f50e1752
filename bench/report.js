// Tables for the terminal and for bench/results.md.

/** Plain text, columns padded; numbers (and ratios) right-aligned. */
export function textTable(head, rows) {
  const all = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const numeric = (s) => /^[\d.,]+( ?[×%a-zA-Z/]*)?$|^$/.test(s);
  const line = (r) => r.map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function mdTable(head, rows) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  const align = head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [head, align, ...rows].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}

/** One status line on a terminal's stderr, rewritten in place; nothing in a pipe. */
export function progress(text) {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r\x1b[K${text}`);
}
