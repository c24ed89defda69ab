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
import { RULE_TEMPLATES, type RuleTemplateId } from './ruleTemplates';
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
  /** The same for rules over raw telemetry alone (the analyzer's rules see a finding only once it is stored). */
  telemetryAlert?: RuleAlert;
  telemetryLatencyIntervals?: number;
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
  /** The same by rules over raw telemetry alone, which do not wait for the analyzer to store its findings. */
  caughtInTimeByTelemetry: number;
  /** Days the range spans, for false alerts per rule per day. */
  days: number;
  maxFalseAlertsPerRuleDay: number;
}

/**
 * The window a rule reacts in: its queries that end at the evaluation time (a baseline that ends earlier does
 * not keep an alert up).
 */
function reactionMs(rule: DetectionAlertRule): number {
  const recent = rule.queries.filter((query) => (query.endSeconds ?? 0) === 0);
  return Math.max(0, ...recent.map((query) => query.windowSeconds)) * 1000;
}

/**
 * Scores the alerts against the labels. An alert explains a step when it is firing between the step's first
 * evidence and two of its rule's intervals after the step's end (plus the window its queries react in), and it
 * names one of the step's assets (by name or address) or the zone of one; an alert that names neither (a chain)
 * explains a step when it started within two intervals of the step. A step is caught in time when an alert that
 * explains it was firing no later than two intervals after the step's first evidence. `assetZones` gives the zone
 * of assets the model does not list (the stores' `asset` inventory).
 */
export function scoreReplay(
  model: ZoneModel,
  rules: readonly DetectionAlertRule[],
  alerts: readonly RuleAlert[],
  labels: readonly ScenarioLabel[],
  range: { from: number; to: number },
  assetZones: ReadonlyMap<string, string> = new Map()
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
      const zone =
        override?.zone ??
        assetZones.get(asset) ??
        (/^[0-9a-f.:]+$/i.test(asset) ? attributor.zoneOf(asset)?.id : undefined);
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
    const interval = rule.intervalSeconds * 1000;
    const namesEntity = [...ENTITY_LABELS, ...ZONE_LABELS].some((key) => alert.labels[key] !== undefined);
    if (!namesEntity) {
      return alert.start >= label.start - 2 * interval && alert.start <= label.end + 2 * interval;
    }
    if (alert.end < label.start || alert.start > label.end + 2 * interval + reactionMs(rule)) {
      return false;
    }
    const { names, zones } = stepNames[index];
    return (
      ENTITY_LABELS.some((key) => names.has(alert.labels[key] ?? '')) ||
      ZONE_LABELS.some((key) => zones.has(alert.labels[key] ?? ''))
    );
  };
  const latency = (alert: RuleAlert | undefined, label: ScenarioLabel): number | undefined => {
    const rule = alert === undefined ? undefined : byUid.get(alert.rule);
    return alert === undefined || rule === undefined
      ? undefined
      : Math.max(0, alert.start - label.start) / (rule.intervalSeconds * 1000);
  };
  const isTelemetry = (alert: RuleAlert) => {
    const template = byUid.get(alert.rule)?.template;
    return template !== undefined && RULE_TEMPLATES[template as RuleTemplateId]?.source === 'telemetry';
  };
  const steps: StepReplay[] = labels.map((label, index) => {
    const caughtBy = alerts.filter((alert) => explains(alert, index)).sort((a, b) => a.start - b.start);
    const latencyIntervals = latency(caughtBy[0], label);
    const telemetryAlert = caughtBy.find(isTelemetry);
    const telemetryLatencyIntervals = latency(telemetryAlert, label);
    return {
      scenario: label.scenario,
      step: label.step,
      kind: label.kind,
      start: label.start,
      caughtBy,
      ...(latencyIntervals !== undefined ? { latencyIntervals } : {}),
      ...(telemetryAlert !== undefined ? { telemetryAlert, telemetryLatencyIntervals } : {}),
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
  const inTime = (value: number | undefined) => value !== undefined && value <= 2;
  const attack = steps.filter((step) => step.kind !== 'fault');
  return {
    steps,
    rules: summaries,
    attackSteps: attack.length,
    caughtInTime: attack.filter((step) => inTime(step.latencyIntervals)).length,
    caughtInTimeByTelemetry: attack.filter((step) => inTime(step.telemetryLatencyIntervals)).length,
    days,
    maxFalseAlertsPerRuleDay: Math.max(0, ...summaries.map((summary) => summary.falseAlerts / days)),
  };
}
