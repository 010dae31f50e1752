// The Node version check src/cli.ts runs first (docs/CONTRACT.md#entry-point).
import { describe, expect, it } from 'vitest';
import { nodeTooOld } from '../src/node-version.js';
import { cacheFolder } from '../src/code-cache.js';

describe('nodeTooOld', () => {
  it.each([
    ['v18.20.4', '20.19.0', 'upload-post needs Node.js 20.19.0 or newer; this is Node.js 18.20.4.'],
    ['20.18.3', '20.19.0', 'upload-post needs Node.js 20.19.0 or newer; this is Node.js 20.18.3.'],
    ['v20.19.0', '20.19.0', undefined],
    ['v20.20.2', '20.19.0', undefined],
    ['v22.1.0', '20.19.0', undefined],
    ['v100.0.0', '20.19.0', undefined],
    ['v20.19.0-pre', '20.19.1', 'upload-post needs Node.js 20.19.1 or newer; this is Node.js 20.19.0-pre.'],
    ['garbage', '20.19.0', 'upload-post needs Node.js 20.19.0 or newer; this is Node.js garbage.'],
  ])('%s against %s', (running, floor, sentence) => expect(nodeTooOld(running, floor)).toBe(sentence));
});

describe('cacheFolder', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, '/x/cache/upload-post'],
    [{ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }, '/home/u/.cache/upload-post'],
    [{ HOME: '/home/u' }, '/home/u/.cache/upload-post'],
    [{ HOME: '' }, undefined],
    [{}, undefined],
  ])('%j → %s', (env, folder) => expect(cacheFolder(env)).toBe(folder));
});
