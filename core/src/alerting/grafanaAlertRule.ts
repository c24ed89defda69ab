/**
 * Detection rules as Grafana takes them: the JSON body of the provisioning API (`POST` and `PUT
 * /api/v1/provisioning/alert-rules`, Grafana's ProvisionedAlertRule) and the file provisioning format
 * (`provisioning/alerting/*.yaml`: groups by folder and interval, contact points, notification policies).
 * Queries run on Grafana's built-in InfluxDB datasources over the two stores; expressions on `__expr__`.
 */
import { stringify } from 'yaml';

import type { StoreKind } from '../telemetryContract';
import { type DetectionAlertRule, durationText, renderMath, type RuleExpression, type RuleQuery } from './alertRule';

export const EXPRESSION_DATASOURCE_UID = '__expr__';

export interface GrafanaRuleTarget {
  /** Folder the rules live in: its uid for the API, its title for provisioning files. */
  folderUid: string;
  folderTitle: string;
  /** Grafana's InfluxDB datasources (InfluxQL) over each store. */
  dataSourceUids: Record<StoreKind, string>;
  /** Where the Conduit app is mounted, for the runbook link (`/a/conduit-itot-app`, or an absolute URL). */
  appUrl: string;
  /** The dashboard and panel an alert links to. */
  dashboardUid?: string;
  panelId?: number;
}

export const DEFAULT_RULE_TARGET: GrafanaRuleTarget = {
  folderUid: 'conduit',
  folderTitle: 'Conduit',
  dataSourceUids: { it: 'conduit-it-influx', ot: 'conduit-ot-influx' },
  appUrl: '/a/conduit-itot-app',
  dashboardUid: 'conduit-overview',
  // The overview's anomaly timeline, where the alert's findings show.
  panelId: 3,
};

/** One entry of a rule's `data`: a query or an expression, as Grafana's AlertQuery. */
export interface GrafanaAlertQuery {
  refId: string;
  queryType: string;
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** The provisioning API's alert rule (definitions.ProvisionedAlertRule), as POST and PUT take it. */
export interface GrafanaProvisionedRule {
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: GrafanaAlertQuery[];
  noDataState: 'OK';
  execErrState: 'Error';
  for: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
}

/** Grafana evaluates a rule group at one interval, so rules are grouped by theirs. */
export function ruleGroupName(intervalSeconds: number): string {
  return `Conduit detections every ${durationText(intervalSeconds)}`;
}

function queryEntry(query: RuleQuery, target: GrafanaRuleTarget): GrafanaAlertQuery {
  const end = query.endSeconds ?? 0;
  return {
    refId: query.refId,
    queryType: '',
    relativeTimeRange: { from: query.windowSeconds + end, to: end },
    datasourceUid: target.dataSourceUids[query.store],
    model: {
      refId: query.refId,
      query: query.influxql,
      rawQuery: true,
      resultFormat: 'time_series',
      intervalMs: 1000,
      maxDataPoints: 43200,
    },
  };
}

function expressionModel(expression: RuleExpression): Record<string, unknown> {
  const common = { refId: expression.refId, datasource: { type: '__expr__', uid: EXPRESSION_DATASOURCE_UID } };
  switch (expression.type) {
    case 'reduce':
      // Non-numbers are dropped, so a series with an empty bucket still reduces to a number.
      return {
        ...common,
        type: 'reduce',
        expression: expression.input,
        reducer: expression.reducer,
        settings: { mode: 'dropNN' },
      };
    case 'math':
      return { ...common, type: 'math', expression: renderMath(expression.expression) };
    case 'threshold':
      return {
        ...common,
        type: 'threshold',
        expression: expression.input,
        conditions: [{ evaluator: { type: 'gt', params: [expression.above] } }],
      };
  }
}

function expressionEntry(expression: RuleExpression): GrafanaAlertQuery {
  return {
    refId: expression.refId,
    queryType: '',
    relativeTimeRange: { from: 0, to: 0 },
    datasourceUid: EXPRESSION_DATASOURCE_UID,
    model: expressionModel(expression),
  };
}

/**
 * Grafana expands annotations per alert (Go's text/template over `$labels`): every label of the alert becomes a
 * `label=key=value` parameter, both parts URL-encoded by Go's `urlquery`.
 */
export const ALERT_LABELS_TEMPLATE =
  '{{ range $key, $value := $labels }}&label={{ $key | urlquery }}={{ $value | urlquery }}{{ end }}';

/**
 * The New incident page of the app, prefilled with the rule's title and severity and, once Grafana has expanded
 * the template for an alert, with that alert's labels (which zone, asset or point fired).
 */
export function runbookUrl(rule: DetectionAlertRule, appUrl: string): string {
  const params = new URLSearchParams({ title: rule.title, severity: rule.labels.severity, rule: rule.uid });
  return `${appUrl.replace(/\/$/, '')}/incidents/new?${params.toString()}${ALERT_LABELS_TEMPLATE}`;
}

function ruleAnnotations(rule: DetectionAlertRule, target: GrafanaRuleTarget): Record<string, string> {
  return {
    summary: rule.summary,
    description: rule.watches,
    runbook_url: runbookUrl(rule, target.appUrl),
    ...(target.dashboardUid !== undefined ? { __dashboardUid__: target.dashboardUid } : {}),
    ...(target.dashboardUid !== undefined && target.panelId !== undefined
      ? { __panelId__: String(target.panelId) }
      : {}),
  };
}

function ruleLabels(rule: DetectionAlertRule): Record<string, string> {
  return Object.fromEntries(Object.entries(rule.labels).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
}

/** The body that `POST /api/v1/provisioning/alert-rules` creates and `PUT .../alert-rules/{uid}` updates. */
export function provisionedAlertRule(
  rule: DetectionAlertRule,
  target: GrafanaRuleTarget = DEFAULT_RULE_TARGET
): GrafanaProvisionedRule {
  return {
    uid: rule.uid,
    orgID: 1,
    folderUID: target.folderUid,
    ruleGroup: ruleGroupName(rule.intervalSeconds),
    title: rule.title,
    condition: rule.condition,
    data: [...rule.queries.map((query) => queryEntry(query, target)), ...rule.expressions.map(expressionEntry)],
    // No telemetry is no violation (silent channels are the analyzer's to judge); a failing query is an error.
    noDataState: 'OK',
    execErrState: 'Error',
    for: durationText(rule.pendingSeconds),
    annotations: ruleAnnotations(rule, target),
    labels: ruleLabels(rule),
    isPaused: false,
  };
}

/** A contact point and where the policy sends alerts, for the provisioning file. */
export interface AlertRouting {
  /** Receives what no route below takes (IT and lower severities). */
  defaultContactPoint: { name: string; uid: string; addresses: string };
  /** Receives OT alerts of high and critical severity. */
  otContactPoint: { name: string; uid: string; addresses: string };
}

export const DEFAULT_ALERT_ROUTING: AlertRouting = {
  defaultContactPoint: { name: 'Conduit SOC', uid: 'conduit-soc', addresses: 'soc@example.com' },
  otContactPoint: { name: 'Conduit OT on-call', uid: 'conduit-ot-oncall', addresses: 'ot-oncall@example.com' },
};

/**
 * The file provisioning document (apiVersion 1) for `provisioning/alerting/`: the rules in one group per
 * interval, and, when routing is given, two email contact points and a notification policy that sends OT alerts
 * of high and critical severity to the OT on-call, apart from the SOC's queue.
 */
export function alertingProvisioningFile(
  rules: readonly DetectionAlertRule[],
  target: GrafanaRuleTarget = DEFAULT_RULE_TARGET,
  routing?: AlertRouting
): Record<string, unknown> {
  const intervals = [...new Set(rules.map((rule) => rule.intervalSeconds))].sort((a, b) => a - b);
  const groups = intervals.map((interval) => ({
    orgId: 1,
    name: ruleGroupName(interval),
    folder: target.folderTitle,
    interval: durationText(interval),
    rules: rules
      .filter((rule) => rule.intervalSeconds === interval)
      .map((rule) => {
        const { uid, title, condition, data, noDataState, execErrState, annotations, labels, isPaused } =
          provisionedAlertRule(rule, target);
        return {
          uid,
          title,
          condition,
          data,
          noDataState,
          execErrState,
          for: durationText(rule.pendingSeconds),
          annotations,
          labels,
          isPaused,
        };
      }),
  }));
  if (routing === undefined) {
    return { apiVersion: 1, groups };
  }
  const contactPoint = (point: AlertRouting['defaultContactPoint']) => ({
    orgId: 1,
    name: point.name,
    receivers: [
      { uid: point.uid, type: 'email', settings: { addresses: point.addresses }, disableResolveMessage: false },
    ],
  });
  return {
    apiVersion: 1,
    groups,
    contactPoints: [contactPoint(routing.defaultContactPoint), contactPoint(routing.otContactPoint)],
    policies: [
      {
        orgId: 1,
        receiver: routing.defaultContactPoint.name,
        group_by: ['grafana_folder', 'alertname', 'zone'],
        routes: [
          {
            receiver: routing.otContactPoint.name,
            object_matchers: [
              ['domain', '=', 'ot'],
              ['severity', '=~', 'high|critical'],
            ],
            group_by: ['alertname', 'zone', 'purdue_level'],
            group_wait: '10s',
            repeat_interval: '1h',
          },
        ],
      },
    ],
  };
}

/** The provisioning document as YAML, with a header saying where it came from. */
export function alertingProvisioningYaml(
  rules: readonly DetectionAlertRule[],
  target: GrafanaRuleTarget = DEFAULT_RULE_TARGET,
  routing?: AlertRouting
): string {
  const header =
    '# Conduit detection rules as Grafana alert rules (file provisioning, apiVersion 1), generated from the zone\n' +
    '# model and its detection settings by the Conduit app (Detection rules) or `conduit-rules generate`.\n';
  return header + stringify(alertingProvisioningFile(rules, target, routing), { lineWidth: 0 });
}
