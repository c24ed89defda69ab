import { type DetectionAlertRule, type GrafanaRuleTarget, provisionedAlertRule } from '@conduit/core';
import { useEffect, useState } from 'react';

import { type ExistingRule, planApply, type RuleStanding, ruleStandings } from './applyPlan';
import type { GrafanaClient } from './applyRules';

export interface Standings {
  byUid: Map<string, RuleStanding>;
  /** The app's rules Grafana holds that are no longer generated: an apply deletes them. */
  stale: number;
}

/**
 * Compares the generated rules with what Grafana holds, so the page shows drift before anyone applies: read again
 * whenever the rules change or `version` moves (after an apply). Undefined while reading or when Grafana refuses.
 */
export function useRuleStandings(
  client: GrafanaClient,
  rules: readonly DetectionAlertRule[],
  target: GrafanaRuleTarget,
  version: number
): { standings?: Standings; error?: string } {
  const [state, setState] = useState<{ standings?: Standings; error?: string }>({});
  useEffect(() => {
    let current = true;
    if (rules.length === 0) {
      return;
    }
    client
      .request<ExistingRule[]>('GET', '/api/v1/provisioning/alert-rules')
      .then((existing) => {
        const plan = planApply(
          rules.map((rule) => provisionedAlertRule(rule, target)),
          existing
        );
        if (current) {
          setState({ standings: { byUid: ruleStandings(plan), stale: plan.remove.length } });
        }
      })
      .catch((failure: unknown) => {
        if (current) {
          setState({ error: failure instanceof Error ? failure.message : String(failure) });
        }
      });
    return () => {
      current = false;
    };
  }, [client, rules, target, version]);
  return state;
}
