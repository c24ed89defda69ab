/**
 * `conduit-rules`: the detection rules of a zone model as Grafana alert rules.
 *
 * - `generate` prints them as a Grafana provisioning file (YAML, or the provisioning API's JSON bodies);
 * - `replay` evaluates each over a past range of the stores as Grafana would and, given the simulator's labels,
 *   says which labelled steps each caught, how soon, and what else it fired on.
 */
import { readFileSync } from 'node:fs';

import {
  alertingProvisioningYaml,
  DEFAULT_ALERT_ROUTING,
  DEFAULT_RULE_TARGET,
  detectionAlertRules,
  detectionConfig,
  type DetectionAlertRule,
  isSeverity,
  provisionedAlertRule,
  type ReplayReport,
  replayRule,
  type RuleAlert,
  type ScenarioLabel,
  scoreReplay,
  type StoreKind,
  type StoreQuery,
  type ZoneModel,
} from '@conduit/core';

import { type CommandIo, EXIT_ERROR, EXIT_OK, errorMessage, processIo } from './commandIo';
import { type FlagSpec, flagValue, formatHelp, type ParsedArguments, parseArguments } from './commandLine';
import { createInfluxStore, type InfluxStore } from './influxStore';
import { parseTime } from './timeArgument';
import { loadZoneModel } from './zoneModelInput';

const FLAGS: readonly FlagSpec[] = [
  { name: 'model', value: 'FILE', description: 'zone model (YAML or JSON)' },
  { name: 'format', value: 'yaml|json', description: 'generate: provisioning file (default) or API bodies' },
  { name: 'routing', description: 'generate: add contact points and a notification policy routing OT alerts' },
  { name: 'finding-severity', value: 'SEVERITY', description: 'findings at or above this fire (default high)' },
  { name: 'chain-level', value: 'LEVEL', description: 'chains reaching this Purdue level or below fire (default 1)' },
  { name: 'app-url', value: 'URL', description: 'where the Conduit app is mounted, for runbook links' },
  { name: 'it-url', value: 'URL', description: 'replay: IT store base URL' },
  { name: 'it-db', value: 'DB', description: 'replay: IT store database' },
  { name: 'ot-url', value: 'URL', description: 'replay: OT store base URL' },
  { name: 'ot-db', value: 'DB', description: 'replay: OT store database' },
  { name: 'from', value: 'TIME', description: 'replay: start of the range (RFC 3339, epoch ms, or -24h)' },
  { name: 'to', value: 'TIME', description: 'replay: end of the range' },
  { name: 'labels', value: 'FILE', description: "replay: the simulator's labels (conduit-sim --labels)" },
  { name: 'rule', value: 'TEXT', description: 'replay: only rules whose uid or template contains TEXT' },
  { name: 'json', description: 'replay: print the report as JSON' },
  { name: 'help', description: 'show this help' },
];

const USAGE =
  'conduit-rules generate --model FILE [--routing] [--format yaml|json]\n       conduit-rules replay --model FILE --it-url URL --it-db DB --ot-url URL --ot-db DB --from T --to T [--labels FILE]';
const DESCRIPTION =
  'Detection rules of the zone model as Grafana alert rules over its InfluxDB datasources (docs/alerting.md).';

/** Runs InfluxQL on one of the stores and gives its first statement's series, as replays read them. */
export function storeQuery(stores: Record<StoreKind, InfluxStore>): StoreQuery {
  return async (store, influxql) =>
    ((await stores[store].query(influxql))[0]?.series ?? []).map((series) => {
      const column = series.columns.findIndex((name) => name !== 'time');
      return {
        labels: { ...(series.tags ?? {}) },
        values: series.values.map((row) => (typeof row[column] === 'number' ? (row[column] as number) : Number.NaN)),
      };
    });
}

/** The zone of every asset the stores' inventories (`asset`) list, to place labelled assets the model does not name. */
async function inventoryZones(stores: Record<StoreKind, InfluxStore>): Promise<Map<string, string>> {
  const zones = new Map<string, string>();
  for (const store of [stores.it, stores.ot]) {
    const results = await store.query('SELECT last("ip") FROM "asset" GROUP BY "asset", "zone"');
    for (const series of results[0]?.series ?? []) {
      if (series.tags?.asset !== undefined && series.tags.zone !== undefined) {
        zones.set(series.tags.asset, series.tags.zone);
      }
    }
  }
  return zones;
}

function time(value: number): string {
  return new Date(value).toISOString().slice(11, 16);
}

export function formatReplay(report: ReplayReport): string {
  const lines = [
    'Labelled steps (the first alert of a rule over raw telemetry; after: evaluation intervals from the first evidence)',
    `${'scenario'.padEnd(22)}${'step'.padEnd(28)}${'after'.padEnd(8)}${'alerts'.padEnd(8)}first alert`,
  ];
  for (const step of report.steps) {
    const first = step.telemetryAlert;
    const after =
      step.telemetryLatencyIntervals === undefined
        ? step.kind === 'fault'
          ? 'fault'
          : 'missed'
        : step.telemetryLatencyIntervals.toFixed(1);
    const alert = first === undefined ? '-' : `${time(first.start)} ${first.title}`;
    lines.push(
      `${step.scenario.padEnd(22)}${step.step.padEnd(28)}${after.padEnd(8)}${String(step.caughtBy.length).padEnd(8)}${alert}`
    );
  }
  lines.push('', 'Rules', 'alerts  false  steps  rule');
  for (const rule of report.rules) {
    lines.push(
      `${String(rule.alerts).padStart(6)}${String(rule.falseAlerts).padStart(7)}${String(rule.caughtSteps).padStart(7)}  ${rule.title}`
    );
  }
  lines.push(
    '',
    `${report.caughtInTime} of ${report.attackSteps} attack and insider steps caught within two intervals (${report.caughtInTimeByTelemetry} by rules over raw telemetry alone); at most ${report.maxFalseAlertsPerRuleDay.toFixed(
      1
    )} false alerts per rule per day (${report.days.toFixed(1)} days)`
  );
  return lines.join('\n') + '\n';
}

/** The rules of the model the arguments name, with the two thresholds; undefined once what is wrong is said. */
function rulesFor(args: ParsedArguments, io: CommandIo): { rules: DetectionAlertRule[]; model: ZoneModel } | undefined {
  const modelPath = flagValue(args, 'model');
  if (modelPath === undefined) {
    io.stderr('conduit-rules: --model FILE is required\n');
    return undefined;
  }
  const loaded = loadZoneModel(modelPath);
  if (!loaded.ok) {
    io.stderr(loaded.errors.join('\n') + '\n');
    return undefined;
  }
  const severity = flagValue(args, 'finding-severity') ?? 'high';
  if (!isSeverity(severity)) {
    io.stderr(`conduit-rules: --finding-severity must be info, low, medium, high or critical, got ${severity}\n`);
    return undefined;
  }
  const level = Number(flagValue(args, 'chain-level') ?? '1');
  if (!Number.isFinite(level)) {
    io.stderr('conduit-rules: --chain-level must be a Purdue level such as 1 or 2\n');
    return undefined;
  }
  const options = { findingMinSeverity: severity, chainMaxLevel: level };
  return { rules: detectionAlertRules(loaded.model, detectionConfig(loaded.model), options), model: loaded.model };
}

export async function main(argv: readonly string[], io: CommandIo = processIo, nowMs = Date.now()): Promise<number> {
  const [command, ...rest] = argv;
  const parsed = parseArguments(rest, FLAGS);
  if (
    command === undefined ||
    command === '--help' ||
    command === '-h' ||
    (parsed.ok && parsed.args.switches.has('help'))
  ) {
    io.stdout(formatHelp(USAGE, DESCRIPTION, FLAGS));
    return EXIT_OK;
  }
  if (!parsed.ok) {
    io.stderr(`conduit-rules: ${parsed.error}\n`);
    return EXIT_ERROR;
  }
  if (command !== 'generate' && command !== 'replay') {
    io.stderr(`conduit-rules: unknown command ${command}: use generate or replay\n`);
    return EXIT_ERROR;
  }
  const generated = rulesFor(parsed.args, io);
  if (generated === undefined) {
    return EXIT_ERROR;
  }
  const appUrl = flagValue(parsed.args, 'app-url');
  const target = appUrl === undefined ? DEFAULT_RULE_TARGET : { ...DEFAULT_RULE_TARGET, appUrl };
  const { rules } = generated;
  if (command === 'generate') {
    const format = flagValue(parsed.args, 'format') ?? 'yaml';
    if (format === 'json') {
      io.stdout(
        JSON.stringify(
          rules.map((rule) => provisionedAlertRule(rule, target)),
          null,
          2
        ) + '\n'
      );
    } else if (format === 'yaml') {
      io.stdout(
        alertingProvisioningYaml(rules, target, parsed.args.switches.has('routing') ? DEFAULT_ALERT_ROUTING : undefined)
      );
    } else {
      io.stderr(`conduit-rules: --format must be yaml or json, got ${format}\n`);
      return EXIT_ERROR;
    }
    io.stderr(`conduit-rules: ${rules.length} rules\n`);
    return EXIT_OK;
  }
  return replay(parsed.args, rules, generated.model, io, nowMs);
}

async function replay(
  args: ParsedArguments,
  allRules: DetectionAlertRule[],
  model: ZoneModel,
  io: CommandIo,
  nowMs: number
): Promise<number> {
  const missing = ['it-url', 'it-db', 'ot-url', 'ot-db', 'from', 'to'].filter(
    (name) => flagValue(args, name) === undefined
  );
  if (missing.length > 0) {
    io.stderr(`conduit-rules replay: missing ${missing.map((name) => `--${name}`).join(', ')}\n`);
    return EXIT_ERROR;
  }
  const from = parseTime(flagValue(args, 'from') ?? '', nowMs);
  const to = parseTime(flagValue(args, 'to') ?? '', nowMs);
  if (from === undefined || to === undefined || !(to > from)) {
    io.stderr('conduit-rules replay: --from and --to must be times with --from before --to\n');
    return EXIT_ERROR;
  }
  let labels: ScenarioLabel[] = [];
  const labelPath = flagValue(args, 'labels');
  if (labelPath !== undefined) {
    let file: unknown;
    try {
      file = JSON.parse(readFileSync(labelPath, 'utf8'));
    } catch (error) {
      io.stderr(`conduit-rules replay: cannot read the labels ${labelPath}: ${errorMessage(error)}\n`);
      return EXIT_ERROR;
    }
    const listed = (file as { labels?: unknown } | null)?.labels;
    if (!Array.isArray(listed)) {
      io.stderr(
        `conduit-rules replay: the labels ${labelPath} hold no "labels" list (conduit-sim --labels writes one)\n`
      );
      return EXIT_ERROR;
    }
    labels = listed as ScenarioLabel[];
  }
  const only = flagValue(args, 'rule');
  const rules =
    only === undefined ? allRules : allRules.filter((rule) => rule.uid.includes(only) || rule.template.includes(only));
  if (rules.length === 0) {
    io.stderr(`conduit-rules replay: no rule's uid or template contains "${only ?? ''}"\n`);
    return EXIT_ERROR;
  }
  const stores: Record<StoreKind, InfluxStore> = {
    it: createInfluxStore('IT store', flagValue(args, 'it-url') ?? '', flagValue(args, 'it-db') ?? ''),
    ot: createInfluxStore('OT store', flagValue(args, 'ot-url') ?? '', flagValue(args, 'ot-db') ?? ''),
  };
  try {
    await Promise.all([stores.it.check(), stores.ot.check()]);
  } catch (error) {
    io.stderr(`conduit-rules replay: ${errorMessage(error)}\n`);
    return EXIT_ERROR;
  }
  const alerts: RuleAlert[] = [];
  const started = Date.now();
  for (const [index, rule] of rules.entries()) {
    try {
      alerts.push(
        ...(await replayRule(rule, {
          range: { from, to },
          query: storeQuery(stores),
        }))
      );
    } catch (error) {
      io.stderr(`conduit-rules replay: ${rule.title} (${rule.uid}): ${errorMessage(error)}\n`);
      return EXIT_ERROR;
    }
    io.stderr(
      `conduit-rules replay: ${index + 1}/${rules.length} rules evaluated, ${alerts.length} alerts (${Math.round((Date.now() - started) / 1000)} s)\n`
    );
  }
  const report = scoreReplay(model, rules, alerts, labels, { from, to }, await inventoryZones(stores));
  io.stdout(args.switches.has('json') ? JSON.stringify({ ...report, alerts }, null, 2) + '\n' : formatReplay(report));
  return EXIT_OK;
}
