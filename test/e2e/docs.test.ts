// The docs tell one story, and the examples in them are safe to paste:
// - the README stays short and in its order, and names what a newcomer runs;
// - docs/CLI.md lists exactly the flags `--help` lists, command by command;
// - every relative link leads to a file and every #anchor to a heading;
// - every workflow `run:` step, GitLab script, Jenkins `sh` and ```sh block of
//   the README and docs/CI.md, run under bash with outputs from a hostile
//   server (links holding quotes, $(…) and backticks), runs none of them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { codeBlocks, gitlabScripts, jenkinsSh, workflowRuns, type ShellExample } from '../helpers/doc-examples.js';
import { fakeGithub } from '../helpers/github-env.js';
import { helpFacts, type HelpFacts } from '../helpers/help.js';
import { startHostileServer, statusBody, type HostileServer } from '../helpers/hostile-server.js';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const README = read('README.md');
const CLI = read('docs/CLI.md');
const CI = read('docs/CI.md');

describe('README.md', () => {
  it('is at most 250 lines', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('puts the first screen first: what it does, a picture, install, demo, key and first watch, CI, then the rest', () => {
    const at = (text: string): number => {
      const i = README.indexOf(text);
      expect(i, `README.md has no ${JSON.stringify(text)}`).toBeGreaterThan(-1);
      return i;
    };
    const order = ['watches that endpoint', '┌──', '## Install', 'upload-post demo', 'auth login', 'async_upload=true', '## In CI', '## Pipelines', '## Agents (MCP)', '## Contributing', '## Documentation'];
    const places = order.map(at);
    expect(places).toEqual([...places].sort((a, b) => a - b));
  });

  it('names what a contributor runs (and what .ci/run runs)', () => {
    for (const text of ['npm ci', 'npm run demo', 'npm test', '.ci/run', 'docs/CLI.md', 'docs/CI.md']) expect(README).toContain(text);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = m[1]!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

describe('links between the docs', () => {
  const files = ['README.md', 'docs/CLI.md', 'docs/CI.md', 'docs/ACTION.md', 'docs/CONTRACT.md', 'docs/ARCHITECTURE.md', 'docs/LIBRARY.md', 'docs/SIMULATOR.md', 'docs/PERFORMANCE.md', 'docs/DEVELOPMENT.md', 'docs/VERSIONING.md'];
  it.each(files)('%s: every relative link leads to a file, every #anchor to a heading there', (file) => {
    const text = read(file).replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = path === '' ? file : join(dirname(file), path);
      // docs/MCP.md is written with the `mcp` command; until it lands, the README may point at it.
      if (resolved === 'docs/MCP.md' && !existsSync(join(ROOT, resolved))) continue;
      if (!existsSync(join(ROOT, resolved))) broken.push(`${target} (no file ${resolved})`);
      else if (anchor && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) broken.push(`${target} (no heading #${anchor} in ${resolved})`);
    }
    expect(broken).toEqual([]);
  });
});

/** The flags docs/CLI.md's tables list under `## \`upload-post <command>\`` (or "Top-level flags"). */
function documentedFlags(command: string): string[] | undefined {
  const heading = command === '' ? '## Top-level flags' : `## \`upload-post ${command}`;
  const start = CLI.indexOf(`\n${heading}`);
  if (start < 0) return undefined;
  const rest = CLI.slice(start + 1);
  const end = rest.slice(3).search(/\n## /);
  const body = end < 0 ? rest : rest.slice(0, end + 3);
  return [...body.matchAll(/^\| `(-\w, )?(--[\w-]+)/gm)].flatMap((m) => [m[1]?.slice(0, 2), m[2]!].filter((f): f is string => !!f));
}

describe('docs/CLI.md lists exactly the flags of --help', () => {
  let facts: HelpFacts;
  beforeAll(async () => {
    facts = await helpFacts();
  }, 60_000);

  it('every command of --help has its section, with the same flags (-h/--help once, at the top)', () => {
    const drift: string[] = [];
    const byCommand = new Map<string, Set<string>>();
    for (const [name, flags] of facts.flags) {
      const command = name.split(' ')[0]!; // auth login → auth: one section per command
      const set = byCommand.get(command) ?? new Set<string>();
      for (const f of flags) if (command === '' || (f !== '-h' && f !== '--help')) set.add(f);
      byCommand.set(command, set);
    }
    for (const [command, inHelp] of byCommand) {
      const documented = documentedFlags(command);
      if (!documented) {
        drift.push(`docs/CLI.md has no section for \`upload-post ${command}\``);
        continue;
      }
      const inDoc = new Set(documented);
      for (const f of inHelp) if (!inDoc.has(f)) drift.push(`${command || '(top level)'} ${f}: in --help, not in docs/CLI.md`);
      for (const f of inDoc) if (!inHelp.has(f)) drift.push(`${command || '(top level)'} ${f}: in docs/CLI.md, not in --help`);
    }
    expect(drift).toEqual([]);
    expect(byCommand.get('status')?.size).toBeGreaterThan(20);
  });

  it('docs/CONTRACT.md points to it rather than keeping a flag table of its own', () => {
    const contract = read('docs/CONTRACT.md');
    expect(contract).toContain('CLI.md');
    expect(contract).not.toMatch(/^\| `--timeout <duration>` \|/m);
  });
});

describe('help a person can scan', () => {
  it('status --help groups its flags: what to watch, how long, output, reports, connection', async () => {
    const r = await runCli(['status', '--help']);
    const groups = ['What to watch:', 'How long:', 'Output:', 'Reports:', 'Connection:'].map((g) => r.stdout.indexOf(`\n${g}\n`));
    expect(groups.every((i) => i > 0)).toBe(true);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
  });

  it('every example in status --help has a # comment on the line above', async () => {
    const lines = (await runCli(['status', '--help'])).stdout.split('\n');
    const examples = lines.flatMap((l, i) => (l.startsWith('  $ ') ? [i] : []));
    expect(examples.length).toBeGreaterThan(4);
    expect(examples.filter((i) => !lines[i - 1]!.startsWith('  # ')).map((i) => lines[i])).toEqual([]);
  });

  it.each([[['--help']], [['status', '--help']], [['auth', '--help']], [['auth', 'login', '--help']], [['auth', 'status', '--help']], [['simulate', '--help']], [['demo', '--help']], [['completion', '--help']], [['mcp', '--help']]])(
    '%j ends with a pointer to the docs',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout.trimEnd().split('\n').slice(-2).join(' ')).toMatch(/docs\/CLI\.md.*docs\/CI\.md/);
    },
  );
});

// ---- hostile links -------------------------------------------------------

describe('hostile links: the examples of README.md, docs/CI.md and docs/ACTION.md run nothing a server sends', () => {
  let dir: string;
  let marker: string;
  let server: HostileServer;
  let outputs: Record<string, string>;
  let bin: string;

  /** Links as a hostile API could send them: each would create the marker if a shell evaluated it. */
  const hostileLinks = (m: string): Record<string, string> => ({
    youtube: `https://www.youtube.com/watch?v='$(touch$IFS${m})'`,
    x: `https://x.com/a/status/1"$(touch$IFS${m})"`,
    tiktok: `https://www.tiktok.com/@a/video/1?x=\`touch$IFS${m}\``,
    bluesky: `https://bsky.app/'\`touch$IFS${m}\`'`,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upload-post-docs-'));
    marker = join(dir, 'PWNED');
    const links = hostileLinks(marker);
    server = await startHostileServer((req) => ({
      body: statusBody(req.id ?? '?', 'completed', Object.entries(links).map(([platform, post_url]) => ({ platform, success: true, post_url })), {}, req.kind === 'job'),
    }));
    // The outputs a real run writes for that server, as a workflow's later steps get them…
    const gh = fakeGithub();
    const r = await runCli(['status', 'req-hostile', '--base-url', server.url], { env: { ...gh.env, UPLOAD_POST_API_KEY: 'docs-test-key' } });
    expect(r.code).toBe(0);
    outputs = gh.outputs();
    expect(outputs['post-urls']).toBeDefined();
    // …and the same links raw, whatever the CLI does to them, for every output an example may read.
    const raw = JSON.stringify(links);
    for (const name of ['status', 'exit-code', 'post-urls', 'results', 'request-id', 'job-id']) outputs[`${name}:raw`] = name === 'post-urls' ? raw : `x'$(touch$IFS${marker})'\`touch$IFS${marker}\``;
    // Commands the examples call: the CLI against the hostile server; the network and installers stubbed.
    bin = join(dir, 'bin');
    mkdirSync(bin);
    const stub = (name: string, body: string): void => {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    // The demo reads nothing from outside (and takes ten seconds): skipped.
    stub('upload-post', `[ "$1" = demo ] && exit 0\nexec "${process.execPath}" "${BIN}" "$@"`);
    stub('curl', `printf '%s\\n' '{"success":true,"request_id":"req-1","note":"'"'"'$(touch$IFS${marker})'"'"'"}'`);
    for (const name of ['npm', 'npx', 'pass', 'git']) stub(name, 'exit 0');
    writeFileSync(join(dir, 'key-file'), 'docs-test-key\n');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the runner would put in the step's environment, with this set of outputs. */
  function stepEnv(example: ShellExample, raw: boolean): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(example.env)) {
      env[name] = value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
        const output = /^steps\.[\w-]+\.outputs\.([\w-]+)$/.exec(expr);
        if (output) return (raw ? outputs[`${output[1]}:raw`] : outputs[output[1]!]) ?? outputs[`${output[1]}:raw`]!;
        return expr.startsWith('secrets.') ? 'docs-test-key' : '';
      });
    }
    return env;
  }

  /** Runs it under bash (asynchronously: the hostile server answers from this process). */
  function runExample(example: ShellExample, env: Record<string, string>): Promise<void> {
    const child = spawn('bash', ['-c', example.script], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'ignore'],
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, 'config'),
        UPLOAD_POST_BASE_URL: server.url,
        UPLOAD_POST_API_KEY: 'docs-test-key',
        REQUEST_ID: outputs['request-id:raw']!,
        UPLOAD_POST_KEY_FILE: join(dir, 'key-file'),
        GITHUB_OUTPUT: join(dir, 'github-output'),
        ...env,
      },
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(killer);
        if (signal === 'SIGKILL') reject(new Error(`${example.where}: still running after 30 s`));
        else resolve();
      });
    });
  }

  const examples = (): ShellExample[] => {
    const out: ShellExample[] = [];
    for (const [file, text] of [['README.md', README], ['docs/CI.md', CI], ['docs/ACTION.md', read('docs/ACTION.md')]] as const) {
      for (const yaml of codeBlocks(text, 'yaml')) out.push(...workflowRuns(yaml, file), ...gitlabScripts(yaml, file));
      for (const groovy of codeBlocks(text, 'groovy')) out.push(...jenkinsSh(groovy, file));
      codeBlocks(text, 'sh').forEach((sh, i) => out.push({ where: `${file}: sh block ${i + 1}`, script: sh + '\n', env: {} }));
    }
    return out;
  };

  it('finds the examples it is meant to run', () => {
    const found = examples().map((e) => e.where);
    expect(found.filter((w) => w.includes(': run: '))).toHaveLength(5); // README: 1; CI.md: the action's 1, the CLI's 2; ACTION.md: 1
    expect(found.some((w) => w.includes('script: upload-post status'))).toBe(true);
    expect(found.some((w) => w.includes('sh upload-post status'))).toBe(true);
    expect(examples().find((e) => e.where.startsWith('README.md: run: echo'))?.env).toEqual({ VERDICT: '${{ steps.watch.outputs.status }}', POST_URLS: '${{ steps.watch.outputs.post-urls }}' });
  });

  it('no `run:` step pastes ${{ }} into its script: outputs go through env:', () => {
    const pasted = examples().filter((e) => e.script.includes('${{')).map((e) => e.where);
    expect(pasted).toEqual([]);
  });

  it.each([false, true])('every example runs under bash with the hostile outputs (raw: %s), and the marker never appears', async (raw) => {
    for (const example of examples()) {
      await runExample(example, stepEnv(example, raw));
      expect(existsSync(marker), `${example.where} ran server text`).toBe(false);
    }
  }, 120_000);

  it('the check has teeth: the old example, ${{ }} pasted into run:, does run the link', async () => {
    const old: ShellExample = { where: 'the old README', script: `echo '${'${{ steps.watch.outputs.post-urls }}'}' | jq -r '.youtube // empty'\n`, env: {} };
    // The runner fills in the expression before bash reads the script.
    await runExample({ ...old, script: old.script.replace('${{ steps.watch.outputs.post-urls }}', outputs['post-urls:raw']!) }, {});
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
  });
});
