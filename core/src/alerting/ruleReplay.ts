/**
 * The replay check: detection rules evaluated over past telemetry as Grafana's scheduler would (every interval,
 * aligned to it, each query over its window ending then, reduce, math, threshold, the pending period), and the
 * alerts they raise scored against the simulator's labelled steps: which steps a rule caught, how soon, and what
 * else fired.
 */
import type { ScenarioLabel } from '../scenarioLabel';
import type { StoreKind } from '../telemetryContract';
import { createZoneAttributor } from '../model/zoneAttribution';
import type { ZoneModel } from '../model/zoneModel';
import type { DetectionAlertRule } from './alertRule';
import { evaluateRule, type QueryResults, type QuerySeries, queryTextAt } from './ruleEvaluation';

/** Runs InfluxQL on a store and gives the series of its answer. */
export type StoreQuery = (store: StoreKind, influxql: string) => Promise<QuerySeries[]>;

/** One alert of a rule: an instance that fired from `start` until `end` (the last evaluation that found it firing). */
export interface RuleAlert {
  rule: string;
  title: string;
  labels: Record<string, string>;
  start: number;
  end: number;
}

export interface ReplayOptions {
  range: { from: number; to: number };
  query: StoreQuery;
  /** Evaluations run at once (default 4). */
  concurrency?: number;
}

/** The evaluation times of a rule in a range: multiples of its interval, as Grafana's scheduler ticks. */
export function evaluationTimes(intervalSeconds: number, range: { from: number; to: number }): number[] {
  const step = intervalSeconds * 1000;
  const times: number[] = [];
  for (let at = Math.ceil(range.from / step) * step; at < range.to; at += step) {
    times.push(at);
  }
  return times;
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

/** Every alert a rule raises over the range, in the order they started. */
export async function replayRule(rule: DetectionAlertRule, options: ReplayOptions): Promise<RuleAlert[]> {
  const times = evaluationTimes(rule.intervalSeconds, options.range);
  const evaluations = await inBatches(times, options.concurrency ?? 4, async (at) => {
    const results: QueryResults = {};
    for (const query of rule.queries) {
      results[query.refId] = await options.query(query.store, queryTextAt(query, at));
    }
    return evaluateRule(rule, results);
  });
  const pendingMs = rule.pendingSeconds * 1000;
  const active = new Map<string, { since: number; alert?: RuleAlert }>();
  const alerts: RuleAlert[] = [];
  times.forEach((at, index) => {
    const firing = new Set<string>();
    for (const instance of evaluations[index]) {
      if (!instance.firing) {
        continue;
      }
      const key = JSON.stringify(Object.entries(instance.labels).sort());
      firing.add(key);
      const state = active.get(key) ?? { since: at };
      active.set(key, state);
      if (at - state.since >= pendingMs) {
        if (state.alert === undefined) {
          state.alert = { rule: rule.uid, title: rule.title, labels: instance.labels, start: at, end: at };
          alerts.push(state.alert);
        }
        state.alert.end = at;
      }
    }
    for (const key of [...active.keys()]) {
      if (!firing.has(key)) {
        active.delete(key);
      }
    }
  });
  return alerts;
}

const ENTITY_LABELS = ['src_asset', 'dst_asset', 'asset', 'src_ip', 'dst_ip'];
const ZONE_LABELS = ['zone', 'src_zone', 'dst_zone'];

export interface StepReplay {
  scenario: string;
  step: string;
  kind: ScenarioLabel['kind'];
  start: number;
  /** The alerts that caught it, first to fire first. */
  caughtBy: RuleAlert[];
  /** From the step's first evidence to the first alert that caught it, in evaluation intervals of that rule. */
  latencyIntervals?: number;
}

export interface RuleReplaySummary {
  uid: string;
  title: string;
  template: string;
  alerts: number;
  /** Alerts that no labelled step explains. */
  falseAlerts: number;
  caughtSteps: number;
}

export interface ReplayReport {
  steps: StepReplay[];
  rules: RuleReplaySummary[];
  /** Attack and insider steps, and how many some rule caught within two of its intervals. */
  attackSteps: number;
  caughtInTime: number;
  /** Days the range spans, for false alerts per rule per day. */
  days: number;
  maxFalseAlertsPerRuleDay: number;
}

/**
 * Scores the alerts against the labels. An alert explains a step when it is firing between the step's first
 * evidence and two of its rule's intervals after the step's end (plus the window the rule's queries look back),
 * and it names one of the step's assets (by name or address) or the zone of one. A step is caught in time when an
 * alert that explains it started no later than two intervals after the step's first evidence.
 */
export function scoreReplay(
  model: ZoneModel,
  rules: readonly DetectionAlertRule[],
  alerts: readonly RuleAlert[],
  labels: readonly ScenarioLabel[],
  range: { from: number; to: number }
): ReplayReport {
  const attributor = createZoneAttributor(model);
  const byUid = new Map(rules.map((rule) => [rule.uid, rule]));
  const stepNames = labels.map((label) => {
    const names = new Set<string>();
    const zones = new Set<string>();
    for (const asset of label.assets) {
      names.add(asset);
      const override = attributor.assetOf(asset);
      if (override?.address !== undefined) {
        names.add(override.address);
      }
      if (override?.name !== undefined) {
        names.add(override.name);
      }
      const zone = override?.zone ?? (/^[0-9a-f.:]+$/i.test(asset) ? attributor.zoneOf(asset)?.id : undefined);
      if (zone !== undefined) {
        zones.add(zone);
      }
    }
    return { names, zones };
  });
  const explains = (alert: RuleAlert, index: number): boolean => {
    const rule = byUid.get(alert.rule);
    const label = labels[index];
    if (rule === undefined) {
      return false;
    }
    const lookBack = Math.max(...rule.queries.map((query) => query.windowSeconds + (query.endSeconds ?? 0))) * 1000;
    const until = label.end + 2 * rule.intervalSeconds * 1000 + lookBack;
    if (alert.end < label.start || alert.start > until) {
      return false;
    }
    const { names, zones } = stepNames[index];
    return (
      ENTITY_LABELS.some((key) => names.has(alert.labels[key] ?? '')) ||
      ZONE_LABELS.some((key) => zones.has(alert.labels[key] ?? ''))
    );
  };
  const steps: StepReplay[] = labels.map((label, index) => {
    const caughtBy = alerts.filter((alert) => explains(alert, index)).sort((a, b) => a.start - b.start);
    const first = caughtBy[0];
    const interval = first === undefined ? undefined : (byUid.get(first.rule)?.intervalSeconds ?? 60) * 1000;
    return {
      scenario: label.scenario,
      step: label.step,
      kind: label.kind,
      start: label.start,
      caughtBy,
      ...(first !== undefined && interval !== undefined
        ? { latencyIntervals: Math.max(0, first.start - label.start) / interval }
        : {}),
    };
  });
  const days = Math.max(1, (range.to - range.from) / 86_400_000);
  const summaries: RuleReplaySummary[] = rules.map((rule) => {
    const own = alerts.filter((alert) => alert.rule === rule.uid);
    return {
      uid: rule.uid,
      title: rule.title,
      template: rule.template,
      alerts: own.length,
      falseAlerts: own.filter((alert) => !labels.some((_, index) => explains(alert, index))).length,
      caughtSteps: steps.filter((step) => step.caughtBy.some((alert) => alert.rule === rule.uid)).length,
    };
  });
  const attack = steps.filter((step) => step.kind !== 'fault');
  return {
    steps,
    rules: summaries,
    attackSteps: attack.length,
    caughtInTime: attack.filter((step) => step.latencyIntervals !== undefined && step.latencyIntervals <= 2).length,
    days,
    maxFalseAlertsPerRuleDay: Math.max(0, ...summaries.map((summary) => summary.falseAlerts / days)),
  };
}
