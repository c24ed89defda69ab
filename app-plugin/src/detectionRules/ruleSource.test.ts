import type { DataSourceInstanceSettings } from '@grafana/data';

import { demoRules } from '../../test/demoRules';
import { readRuleSource, rulesByTemplate } from './ruleSource';

function dataSource(zoneModel?: string): DataSourceInstanceSettings {
  return {
    uid: 'conduit-telemetry',
    name: 'Conduit',
    jsonData: { zoneModel },
  } as unknown as DataSourceInstanceSettings;
}

describe('where the rules come from', () => {
  it('says when there is no datasource or no zone model in it', () => {
    expect(readRuleSource(undefined).kind).toBe('no-datasource');
    expect(readRuleSource(dataSource()).kind).toBe('no-model');
    expect(readRuleSource(dataSource('  \n')).kind).toBe('no-model');
  });

  it("names the validator's problems when the model is not valid", () => {
    const source = readRuleSource(dataSource('zones:\n  - id: plant\n    name: Plant\n    purdueLevel: 9\n'));
    expect(source.kind).toBe('invalid');
    expect(source.kind === 'invalid' && source.problems.join('\n')).toMatch(/unknown Purdue level 9/);
  });

  it('groups the rules by template, those over telemetry before those over findings', () => {
    const groups = rulesByTemplate(demoRules());
    const sources = groups.map((group) => group.template.source);
    expect(sources.indexOf('analysis')).toBeGreaterThan(sources.lastIndexOf('telemetry'));
    expect(groups.flatMap((group) => group.rules)).toHaveLength(demoRules().length);
    expect(groups.every((group) => group.rules.every((rule) => rule.template === group.template.id))).toBe(true);
  });
});
