import { DEFAULT_RULE_TARGET, type GrafanaProvisionedRule, provisionedAlertRule } from '@conduit/core';

import { demoRules as demoDetectionRules } from '../../test/demoRules';
import { type ExistingRule, planApply, ruleStandings, sameRule } from './applyPlan';
import { DEFAULT_CHOICES } from './ruleSource';

function demoRules(choices = DEFAULT_CHOICES): GrafanaProvisionedRule[] {
  return demoDetectionRules(choices).map((rule) => provisionedAlertRule(rule, DEFAULT_RULE_TARGET));
}

/** A rule as Grafana lists it after storing it: its own defaults added inside the queries. */
function asStored(rule: GrafanaProvisionedRule): ExistingRule {
  return {
    ...rule,
    data: rule.data.map((entry) => ({ ...entry, model: { ...entry.model, intervalMs: 1000, maxDataPoints: 43200 } })),
  };
}

describe('the apply plan', () => {
  const rules = demoRules();

  it('creates every rule Grafana does not hold', () => {
    const plan = planApply(rules, []);
    expect(plan.create.map((rule) => rule.uid)).toEqual(rules.map((rule) => rule.uid));
    expect([...plan.update, ...plan.remove, ...plan.unchanged]).toEqual([]);
  });

  it('leaves rules alone that Grafana holds as generated, whatever defaults Grafana added to their queries', () => {
    const plan = planApply(rules, rules.map(asStored));
    expect(plan.unchanged).toHaveLength(rules.length);
    expect([...plan.create, ...plan.update, ...plan.remove]).toEqual([]);
  });

  it('updates a rule whose query, label, annotation, pending period or group differs', () => {
    const [first] = rules;
    const changes: Array<Partial<ExistingRule>> = [
      { labels: { ...first.labels, severity: 'low' } },
      { labels: { ...first.labels, team: 'someone added it' } },
      { annotations: { ...first.annotations, summary: 'edited in Grafana' } },
      { for: '5m' },
      { ruleGroup: 'Moved by hand' },
      { data: first.data.map((entry, index) => (index === 0 ? { ...entry, model: { query: 'SELECT 1' } } : entry)) },
      { isPaused: true },
    ];
    for (const change of changes) {
      expect(sameRule(first, { ...asStored(first), ...change })).toBe(false);
      expect(planApply([first], [{ ...asStored(first), ...change }]).update).toEqual([first]);
    }
  });

  it('updates the finding rules, and only those, when the finding severity changes', () => {
    const plan = planApply(demoRules({ ...DEFAULT_CHOICES, findingMinSeverity: 'medium' }), rules.map(asStored));
    expect(plan.update.length).toBeGreaterThan(0);
    expect(new Set(plan.update.map((rule) => rule.labels.conduit_rule))).toEqual(new Set(['finding-severity']));
    expect(plan.create).toEqual([]);
    expect(plan.remove).toEqual([]);
  });

  it("deletes the app's rules that are no longer generated, and nobody else's", () => {
    const chainRule = rules.find((rule) => rule.labels.conduit_rule === 'chain-level');
    const foreign: ExistingRule = { ...asStored(rules[0]), uid: 'made-by-hand', labels: { conduit_rule: 'x' } };
    const unlabelled: ExistingRule = { ...asStored(rules[0]), uid: 'conduit-but-not-ours', labels: {} };
    const plan = planApply(demoRules({ ...DEFAULT_CHOICES, chainMaxLevel: 2 }), [
      ...rules.map(asStored),
      foreign,
      unlabelled,
    ]);
    expect(plan.remove.map((rule) => rule.uid)).toEqual([chainRule?.uid]);
    expect(plan.create).toHaveLength(1);
    expect(plan.create[0].title).toBe('Attack chains reaching Purdue level 2 or below');
  });

  it('leaves rules that Grafana read from provisioning files to their file, changed or no longer generated', () => {
    const fromFile = (rule: GrafanaProvisionedRule): ExistingRule => ({ ...asStored(rule), provenance: 'file' });
    const chainRule = rules.find((rule) => rule.labels.conduit_rule === 'chain-level');
    const plan = planApply(demoRules({ ...DEFAULT_CHOICES, findingMinSeverity: 'medium', chainMaxLevel: 2 }), [
      ...rules.map(fromFile),
    ]);
    expect(plan.update).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(new Set(plan.fileManaged.map((rule) => rule.labels.conduit_rule))).toEqual(new Set(['finding-severity']));
    expect(plan.create.map((rule) => rule.title)).toEqual(['Attack chains reaching Purdue level 2 or below']);
    expect(ruleStandings(plan).get(plan.fileManaged[0].uid)).toBe('file');
    expect(chainRule).toBeDefined();
  });

  it('says how each generated rule stands in Grafana', () => {
    const [first, second, third] = rules;
    const standings = ruleStandings(
      planApply([first, second, third], [asStored(first), { ...asStored(second), for: '9m' }])
    );
    expect(Object.fromEntries(standings)).toEqual({
      [first.uid]: 'applied',
      [second.uid]: 'differs',
      [third.uid]: 'missing',
    });
  });
});
