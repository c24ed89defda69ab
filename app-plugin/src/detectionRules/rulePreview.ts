/**
 * A rule evaluated once, now, as Grafana's alerting engine would: each query over its window ending now, then the
 * core's evaluation (reduce, math, threshold) into alert instances.
 */
import {
  type AlertInstance,
  type DetectionAlertRule,
  evaluateRule,
  type InfluxResponse,
  querySeries,
  queryTextAt,
  type QueryResults,
  type RuleQuery,
} from '@conduit/core';

/** Runs InfluxQL on the store a query names and gives InfluxDB's answer. */
export type QueryRunner = (query: RuleQuery, influxql: string) => Promise<InfluxResponse>;

export interface QueryRun {
  refId: string;
  store: RuleQuery['store'];
  /** The InfluxQL as sent, with the window written out. */
  influxql: string;
  series: number;
}

export interface RulePreview {
  at: number;
  queries: QueryRun[];
  instances: AlertInstance[];
  /** Whether any instance would fire at this evaluation (the pending period aside). */
  wouldFire: boolean;
}

function storeName(store: RuleQuery['store']): string {
  return store === 'ot' ? 'OT' : 'IT';
}

/** Throws with InfluxDB's own message, naming the query that failed. */
export async function previewRule(rule: DetectionAlertRule, atMs: number, run: QueryRunner): Promise<RulePreview> {
  const results: QueryResults = {};
  const queries: QueryRun[] = [];
  for (const query of rule.queries) {
    const influxql = queryTextAt(query, atMs);
    let series;
    try {
      series = querySeries(await run(query, influxql));
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      throw new Error(`Query ${query.refId} on the ${storeName(query.store)} store: ${message}`);
    }
    results[query.refId] = series;
    queries.push({ refId: query.refId, store: query.store, influxql, series: series.length });
  }
  // Firing instances first: they are what the person came to see.
  const instances = evaluateRule(rule, results).sort((a, b) => Number(b.firing) - Number(a.firing));
  return { at: atMs, queries, instances, wouldFire: instances.some((instance) => instance.firing) };
}
