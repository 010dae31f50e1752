#!/usr/bin/env node
// CommonJS (bin/package.json): an ES entry would start Node's ESM loader, ~5 ms of every run.
require('../dist/cli.cjs');
