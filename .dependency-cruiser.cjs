// The layer rules of docs/ARCHITECTURE.md, checked by test/architecture.test.ts
// in `npm test`: data flows one way (flags → options → poller → outcomes →
// views/reports → exit code), so each layer imports only those below it.
//
//   util ← api ← config ← poll ← render ← report ← commands ← program ← main
//   simulator: util and api only (it serves the API the client reads)
//   mcp (the MCP server): render, poll, api, config, util
//   index (the library): api, config, poll, util — never the CLI's layers
// The runtime packages: devDependencies, because scripts/build.mjs bundles
// them into dist/ and the Action's bundle (docs/ARCHITECTURE.md#build-and-package),
// so the published package depends on nothing. A new one is added here too.
const BUNDLED = ['chalk', 'cli-table3', 'commander', 'got', 'hpagent', 'ora', 'proxy-from-env', 'supports-hyperlinks', '@modelcontextprotocol/sdk', 'zod'];

const layer = (name, may) => ({
  name: `${name}-imports-only-below`,
  comment: `src/${name}/ may import only ${may.join(', ')}: a wrong import here means a layer leaks (see docs/ARCHITECTURE.md, "Layers")`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...may.map((m) => `^src/${m}/`)] },
});

module.exports = {
  forbidden: [
    layer('util', []),
    layer('api', ['util']),
    layer('config', ['api', 'util']),
    layer('poll', ['api', 'config', 'util']),
    layer('render', ['poll', 'api', 'config', 'util']),
    layer('report', ['render', 'poll', 'api', 'config', 'util']),
    layer('simulator', ['api', 'util']),
    // The MCP server presents the same facts as the views: it may read render/, never report/ or commands/.
    layer('mcp', ['render', 'poll', 'api', 'config', 'util']),
    {
      name: 'library-stays-off-the-cli',
      comment: 'src/index.ts (the library API) may not import the CLI layers (commands, render, report, simulator, program, main): a library prints nothing and never exits',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/(commands|render|report|simulator|mcp)/|^src/(program|main|cli)\\.ts$' },
    },
    {
      name: 'nothing-imports-the-entry',
      comment: 'only the entry files (src/cli.ts, src/main.ts, the Action\'s src/action/main.ts) may load main.ts or program.ts: the entry points sit on top',
      severity: 'error',
      from: { pathNot: '^src/(cli|main|action/main)\\.ts$' },
      to: { path: '^src/(main|program|cli)\\.ts$' },
    },
    {
      name: 'commands-are-not-a-library',
      comment: 'src/commands/ is imported only by program.ts, main.ts and other commands: lower layers take plain options, never a command',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(commands/|program\\.ts$|main\\.ts$)' },
      to: { path: '^src/commands/' },
    },
    {
      name: 'action-runs-the-cli',
      comment: 'src/action/ (the GitHub Action) turns inputs into a CLI run: it may import main.ts, the reports\' output format, config and util — never the poller or the views behind the CLI\'s back',
      severity: 'error',
      from: { path: '^src/action/' },
      to: { path: '^src/', pathNot: ['^src/action/', '^src/main\\.ts$', '^src/poll/exit-codes\\.ts$', '^src/report/', '^src/config/', '^src/util/'] },
    },
    {
      name: 'no-cycles',
      comment: 'an import cycle makes the load order matter and the layers meaningless',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-dev-dependencies-in-src',
      comment: 'src/ ships to users: of the devDependencies it may import only those the bundles are built from (BUNDLED, scripts/build.mjs), never a test tool',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], pathNot: `(^|/)node_modules/(${BUNDLED.join('|')})/` },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'every import must resolve to a file or an installed package',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
