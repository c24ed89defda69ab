/**
 * Detection rules generated from the zone model and the detection settings, for Grafana alerting to evaluate
 * server-side over Grafana's own InfluxDB datasources. Two kinds:
 *
 * - over raw telemetry, what InfluxQL and server-side expressions can judge on their own: traffic into a zone
 *   that its conduits do not allow (by zone, service and, where the model lists who holds them, source roles),
 *   OT commands that change a controller from a zone no conduit lets write, devices in no
 *   inventory talking to control zones, controller mode and program changes, process values outside the range
 *   they kept or far from their recent mean, bursts of failed logins, and sensors' own alerts;
 * - over what the analyzer stores: findings at or above a severity touching a zone, and standing attack chains
 *   that reach down to a Purdue level.
 */
import { type DetectionConfig, detectionConfig } from '../detectors/detectionConfig';
import { findingId } from '../detectors/findingId';
import { type Severity, SEVERITIES } from '../finding';
import { type Condition, listItemRegex, selectQuery, type SelectField } from '../influx/influxql';
import { createConduitIndex } from '../model/conduitLookup';
import { createZoneAttributor } from '../model/zoneAttribution';
import type { ConduitService, Zone, ZoneModel } from '../model/zoneModel';
import { OT_PROTOCOLS, OT_STORE_HIGHEST_LEVEL, type StoreKind, UNKNOWN } from '../telemetryContract';
import type { DetectionAlertRule, DetectionRuleLabels, RuleExpression, RuleQuery } from './alertRule';

export const RULE_TEMPLATE_IDS = [
  'zone-traffic',
  'unlisted-destination',
  'unknown-device',
  'ot-command',
  'controller-mode',
  'controller-program',
  'process-range',
  'process-deviation',
  'auth-burst',
  'sensor-alert',
  'finding-severity',
  'chain-level',
] as const;
export type RuleTemplateId = (typeof RULE_TEMPLATE_IDS)[number];

export interface RuleTemplate {
  id: RuleTemplateId;
  name: string;
  /** `telemetry`: raw sensor data; `analysis`: what the analyzer stores (`conduit-analyze --follow`). */
  source: 'telemetry' | 'analysis';
  description: string;
}

export const RULE_TEMPLATES: Record<RuleTemplateId, RuleTemplate> = {
  'zone-traffic': {
    id: 'zone-traffic',
    name: 'Traffic outside the conduits',
    source: 'telemetry',
    description:
      'Flows into a zone from a zone that no conduit joins to it, or over a service its conduits do not allow (one rule per destination zone and store).',
  },
  'unlisted-destination': {
    id: 'unlisted-destination',
    name: 'OT traffic to addresses in no zone',
    source: 'telemetry',
    description:
      'Flows from an OT zone (and the industrial DMZ) to an address that lies in no zone of the model: the internet, or a device nobody declared.',
  },
  'unknown-device': {
    id: 'unknown-device',
    name: 'Devices in no inventory reaching control zones',
    source: 'telemetry',
    description:
      'Flows into a zone at Purdue level 2 or below from an address inside the plant that no asset of the inventory has (a transient laptop, a rogue master).',
  },
  'ot-command': {
    id: 'ot-command',
    name: 'OT commands no conduit allows',
    source: 'telemetry',
    description:
      'Writes, program downloads, mode changes and firmware updates on controllers from a zone whose conduits do not allow that protocol to write, or with a function code they do not list.',
  },
  'controller-mode': {
    id: 'controller-mode',
    name: 'Controller mode changes',
    source: 'telemetry',
    description: 'A controller that reported more than one operating mode (run, program, stop) in the window.',
  },
  'controller-program': {
    id: 'controller-program',
    name: 'Controller program changes',
    source: 'telemetry',
    description: 'A controller that reported more than one program fingerprint in the window.',
  },
  'process-range': {
    id: 'process-range',
    name: 'Process values outside their range',
    source: 'telemetry',
    description:
      'A measurement or setpoint outside the range it kept over the previous day, widened by the process-anomaly margin and a tenth of its size.',
  },
  'process-deviation': {
    id: 'process-deviation',
    name: 'Process values far from their recent mean',
    source: 'telemetry',
    description:
      'A measurement whose last five minutes lie far from its mean of the hour before, in standard deviations of that hour.',
  },
  'auth-burst': {
    id: 'auth-burst',
    name: 'Bursts of failed logins',
    source: 'telemetry',
    description: 'As many failed logins from one address to one zone as the brute-force detector needs, in its window.',
  },
  'sensor-alert': {
    id: 'sensor-alert',
    name: "Sensors' alerts",
    source: 'telemetry',
    description:
      'Alerts of the network sensors and endpoint tools (Suricata, Zeek, EDR) at or above the severity the alert pass-through takes.',
  },
  'finding-severity': {
    id: 'finding-severity',
    name: 'Findings at or above a severity',
    source: 'analysis',
    description:
      "The analyzer's findings that touch a zone (as source or destination) at or above the chosen severity, one alert per category.",
  },
  'chain-level': {
    id: 'chain-level',
    name: 'Attack chains reaching a Purdue level',
    source: 'analysis',
    description:
      'A standing attack chain of the analyzer that touches a zone at or below the chosen Purdue level, one alert per chain.',
  },
};

export interface RuleGenerationOptions {
  /** Findings at or above this severity fire `finding-severity` rules; `high` by default. */
  findingMinSeverity?: Severity;
  /** Chains that reach a zone at or below this Purdue level fire the `chain-level` rule; 1 by default. */
  chainMaxLevel?: number;
  /** Templates left out. */
  disabled?: readonly RuleTemplateId[];
}

const MINUTE = 60;
/** Telemetry rules look at the last five minutes every minute: a flow is seen at the first evaluation after it. */
const TELEMETRY_WINDOW = 5 * MINUTE;
const TELEMETRY_INTERVAL = MINUTE;
/** Controllers report their state every few minutes; a change stays in view for two reports. */
const CONTROLLER_WINDOW = 10 * MINUTE;
/** Process rules judge five-minute summaries, every five minutes (each reads a day of the point's history). */
const PROCESS_INTERVAL = 5 * MINUTE;
const PROCESS_WINDOW = 5 * MINUTE;
const PROCESS_BASELINE = 24 * 60 * MINUTE;
const PROCESS_RECENT = 60 * MINUTE;
const PROCESS_MIN_HISTORY = 60 * MINUTE;
/** Deviation from the recent mean, in standard deviations, beyond a tenth of the mean itself. */
const DEVIATION_SIGMAS = 6;
const PROCESS_RELATIVE_MARGIN = 0.1;
/**
 * Findings are stored by a following analyzer a pass after they happen (five minutes and its lag by default), at
 * the time they started: the window is long enough to see them after that delay.
 */
const FINDING_WINDOW = 30 * MINUTE;
/** A chain keeps the time of its first finding and grows for as long as its gap allows. */
const CHAIN_WINDOW = 6 * 60 * MINUTE;

const CHANGE_OPERATIONS = ['write', 'program_download', 'mode_change', 'firmware_update'];

function ruleUid(template: RuleTemplateId, parts: readonly string[]): string {
  return `conduit-${template}-${findingId([template, ...parts]).slice(0, 10)}`;
}

function zoneSeverity(zone: Zone): Severity {
  if (zone.safety || zone.purdueLevel <= 1) {
    return 'critical';
  }
  return zone.purdueLevel <= 2 ? 'high' : 'medium';
}

function storeOfZone(zone: Zone): StoreKind {
  return zone.purdueLevel <= OT_STORE_HIGHEST_LEVEL ? 'ot' : 'it';
}

function countField(field: string): SelectField {
  return { field, aggregate: 'count' };
}

/** A query, its reduction to one number per series and a threshold above `above`. */
function thresholdRule(
  query: Omit<RuleQuery, 'refId'>,
  above: number,
  reducer: 'last' | 'sum' = 'last'
): { queries: RuleQuery[]; expressions: RuleExpression[]; condition: string } {
  return {
    queries: [{ refId: 'A', ...query }],
    expressions: [
      { refId: 'B', type: 'reduce', input: 'A', reducer },
      { refId: 'C', type: 'threshold', input: 'B', above },
    ],
    condition: 'C',
  };
}

function grafanaSelect(
  measurement: string,
  fields: readonly SelectField[],
  where: readonly Condition[],
  groupByTags: readonly string[]
): string {
  return selectQuery({ measurement, fields, where, timeRange: 'grafana', groupByTags });
}

/**
 * The assets of a zone that hold one of a service's source roles, as the model lists them; undefined when the
 * service names no roles, or when the model lists no asset for one of them: who holds that role is then only in the
 * inventory the analyzer reads, and the rule takes the service as open to the whole zone.
 */
export type RoleHolders = (zone: string, roles: readonly string[] | undefined) => string[] | undefined;

function roleHoldersOf(model: ZoneModel): RoleHolders {
  const attributor = createZoneAttributor(model);
  const zoneOf = (asset: ZoneModel['assets'][number]) =>
    asset.zone ?? (asset.address === undefined ? undefined : attributor.zoneOf(asset.address)?.id);
  return (zone, roles) => {
    if (roles === undefined || roles.length === 0) {
      return undefined;
    }
    const holders = model.assets.filter((asset) => asset.role !== undefined && zoneOf(asset) === zone);
    if (!roles.every((role) => holders.some((asset) => asset.role === role))) {
      return undefined;
    }
    return holders.filter((asset) => roles.includes(asset.role ?? '')).map((asset) => asset.name);
  };
}

/** Outside a service whose source roles the model's assets hold: a source asset that holds none of them. */
function outsideRoles(holders: string[] | undefined): Condition[] {
  return holders === undefined ? [] : [{ tag: 'src_asset', op: '!=', value: holders }];
}

/** The service of a flow does not match `service` (an unnamed service matches on the port alone). */
function outsideService(service: ConduitService, holders: string[] | undefined): Condition {
  const protocol: Condition = { tag: 'service', op: '!=', value: [service.protocol, ''] };
  const port: Condition[] =
    service.port === undefined ? [] : [{ tag: 'dst_port', op: '!=', value: String(service.port) }];
  return { or: [protocol, ...port, ...outsideRoles(holders)] };
}

/**
 * An OT request is outside `service`: another protocol, a read-only service, a function code it does not list, or a
 * source that holds none of its roles.
 */
function outsideOtService(service: ConduitService, holders: string[] | undefined): Condition | undefined {
  if (!isOtProtocol(service.protocol) || (service.operations !== undefined && !service.operations.includes('write'))) {
    return undefined;
  }
  const protocol: Condition = { tag: 'protocol', op: '!=', value: service.protocol };
  const codes: Condition[] =
    service.functionCodes === undefined
      ? []
      : [{ tag: 'function_code', op: '!=', value: service.functionCodes.map(String) }];
  return { or: [protocol, ...codes, ...outsideRoles(holders)] };
}

/**
 * The sources that the conduits into `zone` do not cover: whole zones with no conduit, and for zones with one,
 * what lies outside every service it allows. Undefined when every source is covered.
 */
function uncoveredSources(
  sources: readonly string[],
  allowances: (source: string) => readonly ConduitService[],
  outside: (service: ConduitService, holders: string[] | undefined) => Condition | undefined,
  roleHolders: RoleHolders
): Condition | undefined {
  const closed: string[] = [];
  const partial: Condition[] = [];
  for (const source of sources) {
    const services = allowances(source);
    const refusals = services.map((service) => outside(service, roleHolders(source, service.sourceRoles)));
    if (services.length === 0 || refusals.every((refusal) => refusal === undefined)) {
      closed.push(source);
      continue;
    }
    const open = [
      ...new Map(
        refusals
          .filter((refusal): refusal is Condition => refusal !== undefined)
          .map((refusal) => [JSON.stringify(refusal), refusal])
      ).values(),
    ];
    partial.push({ and: [{ tag: 'src_zone', op: '=', value: source }, ...open] });
  }
  const parts: Condition[] = [
    ...(closed.length > 0 ? [{ tag: 'src_zone', op: '=', value: closed } as const] : []),
    ...partial,
  ];
  return parts.length === 0 ? undefined : { or: parts };
}

function zoneLabels(
  template: RuleTemplateId,
  category: string | undefined,
  zone: Zone,
  otMaxLevel: number,
  severity: Severity = zoneSeverity(zone),
  technique?: string
): DetectionRuleLabels {
  return {
    conduit_rule: template,
    ...(category !== undefined ? { category } : {}),
    domain: zone.purdueLevel <= otMaxLevel ? 'ot' : 'it',
    severity,
    ...(technique !== undefined ? { technique } : {}),
    zone: zone.id,
    purdue_level: String(zone.purdueLevel),
  };
}

function storeName(store: StoreKind): string {
  return store === 'ot' ? 'OT' : 'IT';
}

/** Every detection rule of the model, in template order then zone order; uids stay the same across runs. */
export function detectionAlertRules(
  model: ZoneModel,
  config: DetectionConfig = detectionConfig(model),
  options: RuleGenerationOptions = {}
): DetectionAlertRule[] {
  const disabled = new Set(options.disabled ?? []);
  const conduits = createConduitIndex(model);
  const roleHolders = roleHoldersOf(model);
  const otMaxLevel = config['conduit-policy'].otMaxLevel;
  const zones = model.zones;
  const otZones = zones.filter((zone) => zone.purdueLevel <= OT_STORE_HIGHEST_LEVEL).map((zone) => zone.id);
  const rules: DetectionAlertRule[] = [];
  const add = (template: RuleTemplateId, rule: Omit<DetectionAlertRule, 'template'>) => {
    if (!disabled.has(template)) {
      rules.push({ template, ...rule });
    }
  };
  const servicesBetween = (source: string, zone: string) =>
    source === UNKNOWN ? [] : conduits.conduitsBetween(source, zone).flatMap((conduit) => conduit.services);

  // Traffic outside the conduits, per destination zone and the store that holds its flows.
  for (const zone of zones) {
    const others = zones.filter((other) => other.id !== zone.id);
    const unknownToo = zone.purdueLevel <= otMaxLevel ? [UNKNOWN] : [];
    const byStore: Array<[StoreKind, string[]]> =
      storeOfZone(zone) === 'ot'
        ? [['ot', [...others.map((other) => other.id), ...unknownToo]]]
        : [
            ['ot', others.filter((other) => storeOfZone(other) === 'ot').map((other) => other.id)],
            ['it', [...others.filter((other) => storeOfZone(other) === 'it').map((other) => other.id), ...unknownToo]],
          ];
    for (const [store, sources] of byStore) {
      const uncovered = uncoveredSources(
        sources,
        (source) => servicesBetween(source, zone.id),
        outsideService,
        roleHolders
      );
      if (uncovered === undefined) {
        continue;
      }
      const fromWhere = byStore.length > 1 ? ` (from ${store === 'ot' ? 'OT' : 'IT'} zones)` : '';
      add('zone-traffic', {
        uid: ruleUid('zone-traffic', [zone.id, store]),
        title: `Traffic into ${zone.name} outside its conduits${fromWhere}`,
        watches: `Flows in the ${storeName(store)} store into ${zone.name} (${zone.id}) from a zone no conduit joins to it, or over a service its conduits do not allow.`,
        ...thresholdRule(
          {
            store,
            influxql: grafanaSelect(
              'flow',
              [countField('bytes_out')],
              [{ tag: 'dst_zone', op: '=', value: zone.id }, uncovered],
              ['src_zone', 'service', 'dst_port']
            ),
            windowSeconds: TELEMETRY_WINDOW,
          },
          0
        ),
        intervalSeconds: TELEMETRY_INTERVAL,
        pendingSeconds: 0,
        labels: zoneLabels('zone-traffic', 'conduit-violation', zone, otMaxLevel),
        summary: `{{ $values.B }} flows into ${zone.name} from {{ $labels.src_zone }} over {{ $labels.service }}/{{ $labels.dst_port }} in 5 minutes, which no conduit allows.`,
        thresholdText: 'any flow in the last 5 minutes',
      });
    }
  }

  // OT traffic to addresses in no zone, per store.
  for (const store of ['ot', 'it'] as const) {
    const sources = zones
      .filter((zone) => zone.purdueLevel <= otMaxLevel && storeOfZone(zone) === store)
      .map((zone) => zone.id);
    if (sources.length === 0) {
      continue;
    }
    add('unlisted-destination', {
      uid: ruleUid('unlisted-destination', [store]),
      title: `${storeName(store)} zones reaching addresses in no zone`,
      watches: `Flows in the ${storeName(store)} store from ${sources.join(', ')} to an address in no zone of the model.`,
      ...thresholdRule(
        {
          store,
          influxql: grafanaSelect(
            'flow',
            [countField('bytes_out')],
            [
              { tag: 'dst_zone', op: '=', value: UNKNOWN },
              { tag: 'src_zone', op: '=', value: sources },
            ],
            ['src_zone', 'src_asset', 'dst_ip']
          ),
          windowSeconds: TELEMETRY_WINDOW,
        },
        0
      ),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: {
        conduit_rule: 'unlisted-destination',
        category: 'conduit-violation',
        domain: 'ot',
        severity: 'high',
        technique: 'T0883',
      },
      summary:
        '{{ $labels.src_asset }} in {{ $labels.src_zone }} reached {{ $labels.dst_ip }}, an address in no zone ({{ $values.B }} flows in 5 minutes).',
      thresholdText: 'any flow in the last 5 minutes',
    });
  }

  // Devices in no inventory talking to control zones.
  for (const zone of zones.filter((candidate) => candidate.purdueLevel <= 2)) {
    add('unknown-device', {
      uid: ruleUid('unknown-device', [zone.id]),
      title: `Devices in no inventory reaching ${zone.name}`,
      watches: `Flows into ${zone.name} (${zone.id}) from an address inside a zone that no asset of the inventory has.`,
      ...thresholdRule(
        {
          store: 'ot',
          influxql: grafanaSelect(
            'flow',
            [countField('bytes_out')],
            [
              { tag: 'dst_zone', op: '=', value: zone.id },
              { tag: 'src_asset', op: '=', value: UNKNOWN },
              { tag: 'src_zone', op: '!=', value: UNKNOWN },
            ],
            ['src_zone', 'src_ip', 'service']
          ),
          windowSeconds: TELEMETRY_WINDOW,
        },
        0
      ),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: zoneLabels('unknown-device', 'new-talker', zone, otMaxLevel, zoneSeverity(zone), 'T0864'),
      summary: `{{ $labels.src_ip }} in {{ $labels.src_zone }}, in no inventory, reached ${zone.name} over {{ $labels.service }} ({{ $values.B }} flows in 5 minutes).`,
      thresholdText: 'any flow in the last 5 minutes',
    });
  }

  // OT commands that change a controller, from where no conduit allows them.
  const commandZones = zones.filter(
    (zone) =>
      zone.purdueLevel <= 2 ||
      zones.some((source) => servicesBetween(source.id, zone.id).some((service) => isOtProtocol(service.protocol)))
  );
  for (const zone of commandZones) {
    const sources = [...zones.filter((other) => other.id !== zone.id).map((other) => other.id), UNKNOWN];
    const uncovered = uncoveredSources(
      sources,
      (source) => servicesBetween(source, zone.id),
      outsideOtService,
      roleHolders
    );
    if (uncovered === undefined) {
      continue;
    }
    add('ot-command', {
      uid: ruleUid('ot-command', [zone.id]),
      title: `OT commands into ${zone.name} that no conduit allows`,
      watches: `Writes, program downloads, mode changes and firmware updates on ${zone.name} (${zone.id}) from a zone whose conduits do not let that protocol write, or with a function code they do not list.`,
      ...thresholdRule(
        {
          store: 'ot',
          influxql: grafanaSelect(
            'ot_operation',
            [countField('detail')],
            [
              { tag: 'dst_zone', op: '=', value: zone.id },
              { tag: 'operation', op: '=', value: CHANGE_OPERATIONS },
              uncovered,
            ],
            ['src_zone', 'src_asset', 'dst_asset', 'protocol', 'operation']
          ),
          windowSeconds: TELEMETRY_WINDOW,
        },
        0
      ),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: zoneLabels('ot-command', 'unauthorized-command', zone, otMaxLevel, zoneSeverity(zone), 'T0855'),
      summary: `{{ $labels.src_asset }} ({{ $labels.src_zone }}) sent {{ $values.B }} {{ $labels.protocol }} {{ $labels.operation }} requests to {{ $labels.dst_asset }} in ${zone.name} in 5 minutes; no conduit allows them.`,
      thresholdText: 'any such request in the last 5 minutes',
    });
  }

  // Controller mode and program changes, per zone that can hold controllers.
  for (const zone of zones.filter((candidate) => candidate.purdueLevel <= 2)) {
    const changed = (field: string) =>
      thresholdRule(
        {
          store: 'ot',
          influxql: grafanaSelect(
            'controller_state',
            [{ field, aggregate: 'count', distinct: true }],
            [{ tag: 'zone', op: '=', value: zone.id }],
            ['asset']
          ),
          windowSeconds: CONTROLLER_WINDOW,
        },
        1
      );
    add('controller-mode', {
      uid: ruleUid('controller-mode', [zone.id]),
      title: `Controller mode changes in ${zone.name}`,
      watches: `Controllers of ${zone.name} (${zone.id}) that reported more than one operating mode in 10 minutes.`,
      ...changed('mode'),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: zoneLabels('controller-mode', 'mode-change', zone, otMaxLevel, zoneSeverity(zone), 'T0858'),
      summary: `{{ $labels.asset }} in ${zone.name} reported {{ $values.B }} operating modes in 10 minutes.`,
      thresholdText: 'more than one mode in 10 minutes',
    });
    add('controller-program', {
      uid: ruleUid('controller-program', [zone.id]),
      title: `Controller program changes in ${zone.name}`,
      watches: `Controllers of ${zone.name} (${zone.id}) that reported more than one program fingerprint in 10 minutes.`,
      ...changed('program_hash'),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: zoneLabels('controller-program', 'program-change', zone, otMaxLevel, zoneSeverity(zone), 'T0889'),
      summary: `{{ $labels.asset }} in ${zone.name} reported {{ $values.B }} program fingerprints in 10 minutes.`,
      thresholdText: 'more than one fingerprint in 10 minutes',
    });
  }

  // Process values, per zone that holds instruments or controllers.
  const rangeMargin = config['process-anomaly'].rangeMargin;
  for (const zone of zones.filter((candidate) => candidate.purdueLevel <= 1)) {
    const processQuery = (
      refId: string,
      aggregate: 'max' | 'min' | 'mean' | 'stddev' | 'count',
      kinds: string[],
      windowSeconds: number,
      endSeconds = 0
    ): RuleQuery => ({
      refId,
      store: 'ot',
      influxql: grafanaSelect(
        'process_value',
        [{ field: 'value', aggregate }],
        [
          { tag: 'zone', op: '=', value: zone.id },
          { tag: 'kind', op: '=', value: kinds },
        ],
        ['asset', 'point']
      ),
      windowSeconds,
      ...(endSeconds > 0 ? { endSeconds } : {}),
    });
    const kinds = ['measurement', 'setpoint'];
    const ref = (name: string) => ({ ref: name });
    const width = { op: '-' as const, left: ref('F'), right: ref('G') };
    const widen = {
      op: '+' as const,
      left: { op: '*' as const, left: { number: rangeMargin }, right: width },
      right: { op: '*' as const, left: { number: PROCESS_RELATIVE_MARGIN }, right: { abs: ref('F') } },
    };
    add('process-range', {
      uid: ruleUid('process-range', [zone.id]),
      title: `Process values outside their range in ${zone.name}`,
      watches: `Measurements and setpoints of ${zone.name} (${zone.id}) whose last 5 minutes leave the range they kept over the previous day (once they have an hour of history).`,
      queries: [
        processQuery('A', 'max', kinds, PROCESS_WINDOW),
        processQuery('B', 'min', kinds, PROCESS_WINDOW),
        processQuery('C', 'max', kinds, PROCESS_BASELINE, PROCESS_WINDOW),
        processQuery('D', 'min', kinds, PROCESS_BASELINE, PROCESS_WINDOW),
        // Samples older than the last hour: a point with less history has no range to leave yet.
        processQuery('J', 'count', kinds, PROCESS_BASELINE - PROCESS_MIN_HISTORY, PROCESS_WINDOW + PROCESS_MIN_HISTORY),
      ],
      expressions: [
        { refId: 'E', type: 'reduce', input: 'A', reducer: 'max' },
        { refId: 'H', type: 'reduce', input: 'B', reducer: 'min' },
        { refId: 'F', type: 'reduce', input: 'C', reducer: 'max' },
        { refId: 'G', type: 'reduce', input: 'D', reducer: 'min' },
        { refId: 'K', type: 'reduce', input: 'J', reducer: 'last' },
        {
          refId: 'I',
          type: 'math',
          expression: {
            op: '&&',
            left: {
              op: '||',
              left: { op: '>', left: ref('E'), right: { op: '+', left: ref('F'), right: widen } },
              right: { op: '<', left: ref('H'), right: { op: '-', left: ref('G'), right: widen } },
            },
            right: { op: '>', left: ref('K'), right: { number: 0 } },
          },
        },
      ],
      condition: 'I',
      intervalSeconds: PROCESS_INTERVAL,
      pendingSeconds: 0,
      labels: zoneLabels('process-range', 'process-anomaly', zone, otMaxLevel, zoneSeverity(zone), 'T0836'),
      summary: `{{ $labels.point }} on {{ $labels.asset }} left the range it kept over the previous day (last 5 minutes between {{ $values.H }} and {{ $values.E }}; the day before between {{ $values.G }} and {{ $values.F }}).`,
      thresholdText: `beyond the day's range widened by ${rangeMargin} of its width and a tenth of its size`,
    });
    add('process-deviation', {
      uid: ruleUid('process-deviation', [zone.id]),
      title: `Process values far from their recent mean in ${zone.name}`,
      watches: `Measurements of ${zone.name} (${zone.id}) whose mean over the last 5 minutes lies more than ${DEVIATION_SIGMAS} standard deviations of the hour before (and a tenth of its mean) from that hour's mean.`,
      queries: [
        processQuery('A', 'mean', ['measurement'], PROCESS_WINDOW),
        processQuery('B', 'mean', ['measurement'], PROCESS_RECENT, PROCESS_WINDOW),
        processQuery('C', 'stddev', ['measurement'], PROCESS_RECENT, PROCESS_WINDOW),
      ],
      expressions: [
        { refId: 'D', type: 'reduce', input: 'A', reducer: 'last' },
        { refId: 'E', type: 'reduce', input: 'B', reducer: 'last' },
        { refId: 'F', type: 'reduce', input: 'C', reducer: 'last' },
        {
          refId: 'G',
          type: 'math',
          expression: {
            op: '>',
            left: { abs: { op: '-', left: ref('D'), right: ref('E') } },
            right: {
              op: '+',
              left: { op: '*', left: { number: DEVIATION_SIGMAS }, right: ref('F') },
              right: { op: '*', left: { number: PROCESS_RELATIVE_MARGIN }, right: { abs: ref('E') } },
            },
          },
        },
      ],
      condition: 'G',
      intervalSeconds: PROCESS_INTERVAL,
      pendingSeconds: 0,
      labels: zoneLabels('process-deviation', 'process-anomaly', zone, otMaxLevel, zoneSeverity(zone), 'T0831'),
      summary: `{{ $labels.point }} on {{ $labels.asset }} averaged {{ $values.D }} over 5 minutes, against {{ $values.E }} (standard deviation {{ $values.F }}) the hour before.`,
      thresholdText: `more than ${DEVIATION_SIGMAS} standard deviations and a tenth of the mean`,
    });
  }

  // Bursts of failed logins and sensors' alerts, per store.
  const bruteForce = config['brute-force'];
  const minSeverity = config['alert-passthrough'].minSeverity;
  const alertSeverities = SEVERITIES.slice(Math.max(0, SEVERITIES.indexOf(minSeverity as Severity)));
  for (const store of ['it', 'ot'] as const) {
    const domain = store;
    add('auth-burst', {
      uid: ruleUid('auth-burst', [store]),
      title: `Bursts of failed logins (${storeName(store)} store)`,
      watches: `Failed logins in the ${storeName(store)} store from one address to one zone, ${bruteForce.minFailures} or more in ${bruteForce.windowBuckets} minutes.`,
      ...thresholdRule(
        {
          store,
          influxql: grafanaSelect(
            'auth',
            [{ field: 'count', aggregate: 'sum' }],
            [{ tag: 'result', op: '=', value: 'failure' }],
            ['zone', 'src_ip']
          ),
          windowSeconds: bruteForce.windowBuckets * MINUTE,
        },
        bruteForce.minFailures - 1
      ),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: { conduit_rule: 'auth-burst', category: 'brute-force', domain, severity: 'high' },
      summary: `{{ $values.B }} failed logins from {{ $labels.src_ip }} to {{ $labels.zone }} in ${bruteForce.windowBuckets} minutes.`,
      thresholdText: `${bruteForce.minFailures} or more failures in ${bruteForce.windowBuckets} minutes`,
    });
    add('sensor-alert', {
      uid: ruleUid('sensor-alert', [store]),
      title: `Sensor alerts at ${minSeverity} or above (${storeName(store)} store)`,
      watches: `Alerts of the ${storeName(store)} store's sensors and tools at severity ${alertSeverities.join(', ')}.`,
      ...thresholdRule(
        {
          store,
          influxql: grafanaSelect(
            'alert',
            [countField('signature')],
            [{ tag: 'severity', op: '=', value: alertSeverities }],
            ['source', 'zone', 'asset']
          ),
          windowSeconds: TELEMETRY_WINDOW,
        },
        0
      ),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: { conduit_rule: 'sensor-alert', category: 'malware-ioc', domain, severity: 'high' },
      summary: `{{ $labels.source }} raised {{ $values.B }} alerts at ${minSeverity} or above about {{ $labels.asset }} ({{ $labels.zone }}) in 5 minutes.`,
      thresholdText: 'any alert in the last 5 minutes',
    });
  }

  // What the analyzer stores.
  const findingMin = options.findingMinSeverity ?? 'high';
  const findingSeverities = SEVERITIES.slice(SEVERITIES.indexOf(findingMin));
  for (const zone of zones) {
    add('finding-severity', {
      uid: ruleUid('finding-severity', [zone.id]),
      title: `Findings at ${findingMin} or above in ${zone.name}`,
      watches: `Findings of the analyzer from or to ${zone.name} (${zone.id}) at severity ${findingSeverities.join(', ')}, by category.`,
      ...thresholdRule(
        {
          store: 'ot',
          influxql: grafanaSelect(
            'conduit_finding',
            [countField('score')],
            [
              {
                or: [
                  { tag: 'dst_zone', op: '=', value: zone.id },
                  { tag: 'src_zone', op: '=', value: zone.id },
                ],
              },
              { tag: 'severity', op: '=', value: findingSeverities },
            ],
            ['category']
          ),
          windowSeconds: FINDING_WINDOW,
        },
        0
      ),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: zoneLabels('finding-severity', undefined, zone, otMaxLevel, findingMin),
      summary: `{{ $values.B }} {{ $labels.category }} findings at ${findingMin} or above touch ${zone.name} (last 30 minutes).`,
      thresholdText: `any finding at ${findingMin} or above in the last 30 minutes`,
    });
  }
  const chainMaxLevel = options.chainMaxLevel ?? 1;
  const deepZones = zones.filter((zone) => zone.purdueLevel <= chainMaxLevel);
  if (deepZones.length > 0) {
    add('chain-level', {
      uid: ruleUid('chain-level', [String(chainMaxLevel)]),
      title: `Attack chains reaching Purdue level ${chainMaxLevel} or below`,
      watches: `Standing attack chains of the analyzer that touch ${deepZones.map((zone) => zone.name).join(', ')}.`,
      ...thresholdRule(
        {
          store: 'ot',
          influxql: grafanaSelect(
            'conduit_chain',
            [countField('score')],
            [
              { tag: 'replaced_by', op: '=', value: '' },
              { tag: 'zones', op: '=~', value: listItemRegex(deepZones.map((zone) => zone.id)) },
            ],
            ['id']
          ),
          windowSeconds: CHAIN_WINDOW,
        },
        0
      ),
      intervalSeconds: TELEMETRY_INTERVAL,
      pendingSeconds: 0,
      labels: {
        conduit_rule: 'chain-level',
        category: 'chain',
        domain: 'ot',
        severity: 'critical',
        purdue_level: String(chainMaxLevel),
      },
      summary: `Attack chain {{ $labels.id }} reaches Purdue level ${chainMaxLevel} or below.`,
      thresholdText: 'any standing chain that started in the last 6 hours',
    });
  }
  return rules;
}

function isOtProtocol(protocol: string): boolean {
  return (OT_PROTOCOLS as readonly string[]).includes(protocol.toLowerCase());
}
