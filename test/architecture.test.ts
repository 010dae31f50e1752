// The layer rules of docs/ARCHITECTURE.md, enforced: a wrong import fails
// `npm test` with a sentence that names the rule (.dependency-cruiser.cjs).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as { forbidden: IForbiddenRuleType[]; options: Record<string, unknown> };
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/layers/', import.meta.url));

async function violations(baseDir: string, options: Record<string, unknown>): Promise<string[]> {
  const { output } = await cruise(['src'], { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden } });
  const { summary } = output as ICruiseResult;
  return summary.violations.map((v) => {
    const rule = config.forbidden.find((r) => r.name === v.rule.name);
    const via = v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : '';
    return `${v.rule.name}: ${v.from} → ${v.to}${via} — ${rule?.comment ?? ''}`;
  });
}

describe('layer rules', () => {
  it('src/ keeps every rule', async () => {
    const found = await violations(ROOT, config.options);
    expect(found, `\n${found.join('\n')}`).toEqual([]);
  }, 60_000);

  it('every rule still catches what it names (a fixture tree breaks each once)', async () => {
    const { tsConfig: _ts, ...options } = config.options;
    const found = await violations(FIXTURE, options);
    const rulesHit = new Set(found.map((line) => line.slice(0, line.indexOf(':'))));
    expect([...rulesHit].sort()).toEqual(config.forbidden.map((r) => r.name!).sort());
    // and each layer rule names the offending import
    expect(found).toContain(`api-imports-only-below: src/api/client.ts → src/poll/loop.ts — ${config.forbidden.find((r) => r.name === 'api-imports-only-below')!.comment}`);
  }, 60_000);
});
