import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_RISK_WEIGHTS, RISK_WEIGHT_NAMES, resolveRiskWeights } from './riskWeights';

describe('resolveRiskWeights', () => {
  it('completes partial weights with the defaults', () => {
    const { weights, warnings } = resolveRiskWeights({ safety: 5 });
    expect(weights).toEqual({ ...DEFAULT_RISK_WEIGHTS, safety: 5 });
    expect(warnings).toEqual([]);
  });

  it('refuses values it cannot use, naming the weight, and keeps the default', () => {
    const { weights, warnings } = resolveRiskWeights({
      exposure: Number.NaN,
      zoneMaxShare: 1.5,
      findingHalfLifeMs: 0,
      vulnerabilities: -2,
    });
    expect(weights).toEqual(DEFAULT_RISK_WEIGHTS);
    expect(warnings).toHaveLength(4);
    expect(warnings.join('\n')).toMatch(
      /weights\.exposure.*weights\.vulnerabilities.*weights\.zoneMaxShare.*weights\.findingHalfLifeMs/s
    );
  });

  it('names unknown weights', () => {
    const { warnings } = resolveRiskWeights({ exposrue: 2 } as never);
    expect(warnings[0]).toContain('weights.exposrue');
  });
});

describe('docs/risk-model.md', () => {
  it('documents every default weight with its value', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/risk-model.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Changing the weights'));
    const documented = new Map<string, number>();
    for (const match of section.matchAll(/^\|\s*`(\w+)`\s*\|\s*([\d.]+)\s*\|/gm)) {
      documented.set(match[1], Number(match[2]));
    }
    expect([...documented.keys()].sort()).toEqual([...RISK_WEIGHT_NAMES].sort());
    for (const name of RISK_WEIGHT_NAMES) {
      expect([name, documented.get(name)]).toEqual([name, DEFAULT_RISK_WEIGHTS[name]]);
    }
  });
});
