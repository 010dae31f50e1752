// What the docs show people to paste: the `run:` steps of workflow examples
// (with their `env:`), GitLab `script:` lines, Jenkins `sh '…'` steps and
// ```sh blocks, read out of Markdown the way a person copies them. A small
// reader for the YAML these docs write (block lists and maps, `|` scalars),
// not a YAML parser: docs.test.ts checks that it found every step.

export interface ShellExample {
  /** Where it came from, for a failing test's message. */
  where: string;
  /** The script as bash would get it. */
  script: string;
  /** The step's `env:` map, values as written (`${{ … }}` not yet filled in). */
  env: Record<string, string>;
}

export function codeBlocks(markdown: string, lang: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp('^```' + lang + '\\s*$');
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!fence.test(lines[i]!)) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push(body.join('\n'));
  }
  return blocks;
}

const indentOf = (line: string): number => /^ */.exec(line)![0].length;
const stripComment = (value: string): string => value.replace(/\s+#.*$/, '');

/** The lines under `key:` at `indent`, up to the next line indented no deeper. */
function childLines(lines: string[], at: number): string[] {
  const indent = indentOf(lines[at]!);
  const out: string[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() !== '' && indentOf(line) <= indent) break;
    out.push(line);
  }
  return out;
}

function dedent(lines: string[]): string {
  const width = Math.min(...lines.filter((l) => l.trim() !== '').map(indentOf));
  return lines.map((l) => l.slice(width)).join('\n').trimEnd() + '\n';
}

/** Each `run:` of a workflow snippet, with the `env:` of the same step. */
export function workflowRuns(yaml: string, where: string): ShellExample[] {
  const lines = yaml.split('\n');
  const out: ShellExample[] = [];
  lines.forEach((line, i) => {
    const run = /^(\s*)(?:- )?run:\s*(.*)$/.exec(line);
    if (!run) return;
    const keyIndent = run[1]!.length + (line.trimStart().startsWith('- ') ? 2 : 0);
    const value = run[2]!.trim();
    const script = value === '|' ? dedent(childLines(lines, i)) : stripComment(value) + '\n';
    // The step's other keys sit at keyIndent, between its `- ` and the next.
    let start = i;
    while (start > 0 && !(indentOf(lines[start]!) === keyIndent - 2 && lines[start]!.trimStart().startsWith('- '))) start--;
    const env: Record<string, string> = {};
    for (let j = start; j < lines.length; j++) {
      if (j > start && lines[j]!.trim() !== '' && indentOf(lines[j]!) < keyIndent) break;
      if (!new RegExp(`^ {${keyIndent}}(- )?env:\\s*(#.*)?$`).test(lines[j]!.replace(/^(\s*)- /, '$1  '))) continue;
      for (const child of childLines(lines, j)) {
        const kv = /^\s*([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$/.exec(child);
        if (kv) env[kv[1]!] = stripComment(kv[2]!).trim();
      }
    }
    out.push({ where: `${where}: run: ${script.split('\n')[0]}`, script, env });
  });
  return out;
}

/** GitLab's `script:` lists: each item one shell line. */
export function gitlabScripts(yaml: string, where: string): ShellExample[] {
  const lines = yaml.split('\n');
  const out: ShellExample[] = [];
  lines.forEach((line, i) => {
    if (!/^\s*script:\s*$/.test(line)) return;
    for (const child of childLines(lines, i)) {
      const item = /^\s*- (.*)$/.exec(child);
      if (item) out.push({ where: `${where}: script: ${item[1]}`, script: item[1]! + '\n', env: {} });
    }
  });
  return out;
}

/** Jenkins `sh '…'` steps (single-quoted, so Groovy pastes nothing in). */
export function jenkinsSh(groovy: string, where: string): ShellExample[] {
  return [...groovy.matchAll(/\bsh '([^']*)'/g)].map((m) => ({ where: `${where}: sh ${m[1]}`, script: m[1]! + '\n', env: {} }));
}
