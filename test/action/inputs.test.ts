// The Action's inputs → the CLI run it makes (docs/ACTION.md).
import { describe, expect, it } from 'vitest';
import { CLI_WRITES_RESULTS, planAction } from '../../src/action/inputs.js';

const plan = (inputs: Record<string, string>) => planAction(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])), '/tmp/rt', 'u1');
const results = CLI_WRITES_RESULTS ? ['--results', '/tmp/rt/upload-post-results-u1.json'] : [];

describe('planAction', () => {
  it('the defaults: a watch with a 15 m timeout and 2 m of not-found grace', () => {
    expect(plan({ 'request-id': 'r1' })).toEqual({
      argv: ['status', '--watch', '--request-id', 'r1', '--timeout', '15m', '--not-found-grace', '2m', ...results],
      idsFile: '/tmp/rt/upload-post-ids-u1.txt',
      ...(CLI_WRITES_RESULTS ? { resultsFile: '/tmp/rt/upload-post-results-u1.json' } : {}),
      apiKey: '',
    });
  });

  it('every input, trimmed; ids go through a file, the key never into argv', () => {
    const p = plan({
      ids: '  ok-1\n# note\njob:j-2\n',
      'request-id': 'r1\n r2 \n',
      'job-id': 'j1',
      timeout: ' 5m ',
      'not-found-grace': '30s',
      'not-before': '2h',
      'fail-fast': 'true',
      junit: 'out/junit.xml',
      markdown: 'out/report.md',
      'base-url': 'http://127.0.0.1:9/api',
      'api-key': '  secret-key\n',
    });
    expect(p.argv).toEqual([
      'status', '--watch',
      '--request-id', 'r1', '--request-id', 'r2', '--job-id', 'j1',
      '--ids-from', '/tmp/rt/upload-post-ids-u1.txt',
      '--timeout', '5m', '--not-found-grace', '30s', '--not-before', '2h',
      '--junit', 'out/junit.xml', '--markdown', 'out/report.md', '--base-url', 'http://127.0.0.1:9/api',
      '--fail-fast', ...results,
    ]);
    expect(p.idsText).toBe('ok-1\n# note\njob:j-2\n');
    expect(p.apiKey).toBe('secret-key');
    expect(p.argv.join(' ')).not.toContain('secret');
  });

  it.each([['True', true], ['FALSE', false], ['', false]])('fail-fast %j → %s', (value, on) => {
    expect(plan({ ids: 'x', 'fail-fast': value }).argv.includes('--fail-fast')).toBe(on);
  });

  it.each([['yes'], ['1'], ['on']])('fail-fast %j is refused with a sentence', (value) => {
    expect(() => plan({ ids: 'x', 'fail-fast': value })).toThrow(`the fail-fast input must be true or false, not "${value}"`);
  });
});
