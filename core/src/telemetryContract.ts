/**
 * The telemetry contract: what the IT store and the OT store hold, measurement by measurement.
 *
 * Every writer (the simulator, the importers, Telegraf pipelines) and every reader (the datasource,
 * the analytics) agrees on these names. Tags are what queries group and filter by, so they carry the
 * attribution (zone, asset) that aggregation per zone pair and asset pair needs; fields carry values.
 * docs/data-contract.md explains each measurement to the people who feed the stores.
 */

export type StoreKind = 'it' | 'ot';
export const STORE_KINDS: readonly StoreKind[] = ['it', 'ot'];

/**
 * Zones at this Purdue level or below are OT: a flow or login that touches one belongs to the OT store, since the
 * plant's sensor sees every connection that reaches the plant; the rest belong to the IT store.
 */
export const OT_STORE_HIGHEST_LEVEL = 3;

/** InfluxDB 1.x field types, as `SHOW FIELD KEYS` names them. */
export type FieldType = 'float' | 'integer' | 'string' | 'boolean';

export interface MeasurementContract {
  name: string;
  /** Which stores carry this measurement. */
  stores: readonly StoreKind[];
  description: string;
  tags: readonly string[];
  fields: Readonly<Record<string, FieldType>>;
  /**
   * A field every point of the measurement carries, so that counting it counts the points. InfluxDB 1.x
   * answers `count()` of one field several times faster than `count(*)`, which counts every field.
   */
  countedBy?: string;
}

/** Application protocols as tag values; OT ones first. */
export const OT_PROTOCOLS = ['modbus', 's7comm', 'enip', 'dnp3', 'opcua', 'bacnet'] as const;
export const IT_PROTOCOLS = [
  'https',
  'http',
  'dns',
  'ssh',
  'rdp',
  'smb',
  'ldap',
  'kerberos',
  'ntp',
  'smtp',
  'sql',
] as const;

/** Operations an OT protocol request performs, normalised across protocols. */
export const OT_OPERATIONS = [
  'read',
  'write',
  'program_download',
  'program_upload',
  'mode_change',
  'firmware_update',
  'diagnostic',
] as const;
export type OtOperation = (typeof OT_OPERATIONS)[number];

export const CONTROLLER_MODES = ['run', 'program', 'stop', 'remote', 'fault'] as const;
export type ControllerMode = (typeof CONTROLLER_MODES)[number];

export const ALERT_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Asset roles used by the inventory, the zone model's asset overrides and conduit source roles. */
export const ASSET_ROLES = [
  'workstation',
  'server',
  'domain-controller',
  'mail-server',
  'web-proxy',
  'firewall',
  'jump-host',
  'historian',
  'mes',
  'scada-server',
  'hmi',
  'engineering-workstation',
  'plc',
  'rtu',
  'safety-plc',
  'sensor',
  'actuator',
  'external',
] as const;
export type AssetRole = (typeof ASSET_ROLES)[number];

/** Tag value written when an address belongs to no known asset or zone. */
export const UNKNOWN = 'unknown';

const FLOW: MeasurementContract = {
  name: 'flow',
  stores: ['it', 'ot'],
  description:
    'One network connection (a Zeek conn.log record): who talked to whom over which service, attributed to zones and assets.',
  tags: ['src_ip', 'dst_ip', 'src_asset', 'dst_asset', 'src_zone', 'dst_zone', 'transport', 'service', 'dst_port'],
  fields: {
    src_port: 'integer',
    bytes_out: 'integer',
    bytes_in: 'integer',
    packets: 'integer',
    duration: 'float',
    conn_state: 'string',
  },
  countedBy: 'bytes_out',
};

const OT_OPERATION: MeasurementContract = {
  name: 'ot_operation',
  stores: ['ot'],
  description:
    'One OT protocol request (an ICSNPP record): protocol, function code and the normalised operation, with the addresses touched.',
  tags: [
    'src_ip',
    'dst_ip',
    'src_asset',
    'dst_asset',
    'src_zone',
    'dst_zone',
    'protocol',
    'operation',
    'function_code',
  ],
  fields: {
    unit_id: 'integer',
    address: 'integer',
    quantity: 'integer',
    value: 'float',
    result: 'string',
    exception_code: 'integer',
    detail: 'string',
  },
  countedBy: 'detail',
};

const PROCESS_VALUE: MeasurementContract = {
  name: 'process_value',
  stores: ['ot'],
  description: 'One sample of a process point (a sensor reading or a setpoint) read from a controller.',
  tags: ['asset', 'zone', 'point', 'kind', 'unit'],
  fields: {
    value: 'float',
    quality: 'string',
  },
};

const CONTROLLER_STATE: MeasurementContract = {
  name: 'controller_state',
  stores: ['ot'],
  description: "A controller's operating mode, program and firmware identity, and health, sampled periodically.",
  tags: ['asset', 'zone', 'vendor'],
  fields: {
    mode: 'string',
    program_hash: 'string',
    firmware: 'string',
    cpu_load: 'float',
    scan_time_ms: 'float',
  },
};

const AUTH: MeasurementContract = {
  name: 'auth',
  stores: ['it', 'ot'],
  description: 'One authentication attempt against a host or service (logon events, SSH, RDP, VPN, HMI logins).',
  tags: ['asset', 'zone', 'src_ip', 'src_asset', 'src_zone', 'user', 'method', 'result'],
  fields: {
    count: 'integer',
    reason: 'string',
  },
  countedBy: 'count',
};

const ALERT: MeasurementContract = {
  name: 'alert',
  stores: ['it', 'ot'],
  description: 'An alert raised by an IDS or EDR (Suricata, Zeek notice, an endpoint agent), passed through as is.',
  tags: ['source', 'severity', 'asset', 'zone', 'src_ip', 'dst_ip', 'technique'],
  fields: {
    signature: 'string',
    category: 'string',
    message: 'string',
  },
};

const ASSET: MeasurementContract = {
  name: 'asset',
  stores: ['it', 'ot'],
  description:
    'The asset inventory, one snapshot per asset per inventory run: identity, role, placement and vulnerability summary.',
  tags: ['asset', 'zone', 'role', 'vendor', 'model'],
  fields: {
    ip: 'string',
    firmware: 'string',
    criticality: 'integer',
    vuln_count: 'integer',
    vuln_known_exploited: 'integer',
    cvss_max: 'float',
  },
};

// What the always-on analyzer (`conduit-analyze --follow`) writes back. Every tag is part of what makes the record
// the same record (a finding's id already hashes its detector, category and ends), so a rewrite of the same record
// lands on the same series and time and replaces it: writes are idempotent. Values that change as an episode grows
// (severity, score, end) are fields.

const CONDUIT_FINDING: MeasurementContract = {
  name: 'conduit_finding',
  stores: ['ot'],
  description: "A detector's finding, at its start time, written by the analyzer.",
  tags: ['id', 'detector', 'category', 'src_zone', 'src_asset', 'dst_zone', 'dst_asset'],
  fields: {
    severity: 'string',
    score: 'float',
    technique: 'string',
    end_ms: 'integer',
    src_ip: 'string',
    dst_ip: 'string',
    explanation: 'string',
    finding: 'string',
  },
  countedBy: 'score',
};

const CONDUIT_CHAIN: MeasurementContract = {
  name: 'conduit_chain',
  stores: ['ot'],
  description: 'An attack chain (a candidate incident) correlated from findings, at its start time.',
  tags: ['id', 'shard'],
  fields: {
    replaced_by: 'string',
    title: 'string',
    severity: 'string',
    score: 'float',
    steps: 'integer',
    end_ms: 'integer',
    zones: 'string',
    techniques: 'string',
    chain: 'string',
  },
  countedBy: 'score',
};

const CONDUIT_RISK: MeasurementContract = {
  name: 'conduit_risk',
  stores: ['ot'],
  description: 'The risk of an asset or a zone at the end of an analyzer pass.',
  tags: ['kind', 'entity', 'zone'],
  fields: {
    name: 'string',
    score: 'float',
    impact: 'float',
    likelihood: 'float',
    top_factors: 'string',
    risk: 'string',
  },
  countedBy: 'score',
};

const CONDUIT_ZONE_FLOW: MeasurementContract = {
  name: 'conduit_zone_flow',
  stores: ['ot'],
  description: 'Flows of both stores rolled up per zone pair, service and minute.',
  tags: ['src_zone', 'dst_zone', 'service'],
  fields: {
    connections: 'integer',
    bytes: 'integer',
  },
  countedBy: 'connections',
};

const CONDUIT_FLOW_ROLLUP: MeasurementContract = {
  name: 'conduit_flow_rollup',
  stores: ['ot'],
  description: "Each store's flows summed per hour and flow series (the tags of flow, and the store).",
  tags: [...FLOW.tags, 'store'],
  fields: {
    connections: 'integer',
    bytes: 'integer',
  },
  countedBy: 'connections',
};

const CONDUIT_ANALYSIS: MeasurementContract = {
  name: 'conduit_analysis',
  stores: ['ot'],
  description: 'One analyzer pass: the range it covered, at the range start, per shard.',
  tags: ['shard'],
  fields: {
    to_ms: 'integer',
    findings: 'integer',
    chains: 'integer',
    duration_ms: 'float',
    flow_rollup: 'integer',
  },
  countedBy: 'to_ms',
};

/** The measurements the analyzer writes, as opposed to the telemetry the sensors write. */
export const ANALYSIS_MEASUREMENTS: readonly MeasurementContract[] = [
  CONDUIT_FINDING,
  CONDUIT_CHAIN,
  CONDUIT_RISK,
  CONDUIT_ZONE_FLOW,
  CONDUIT_FLOW_ROLLUP,
  CONDUIT_ANALYSIS,
];

export const MEASUREMENTS: readonly MeasurementContract[] = [
  FLOW,
  OT_OPERATION,
  PROCESS_VALUE,
  CONTROLLER_STATE,
  AUTH,
  ALERT,
  ASSET,
];

export function measurementsOf(store: StoreKind): MeasurementContract[] {
  return MEASUREMENTS.filter((m) => m.stores.includes(store));
}

/** The contract of a measurement, telemetry or the analyzer's. */
export function measurementContract(name: string): MeasurementContract | undefined {
  return MEASUREMENTS.find((m) => m.name === name) ?? ANALYSIS_MEASUREMENTS.find((m) => m.name === name);
}

/** A point as writers hand it over, before it becomes line protocol. */
export interface TelemetryPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | string | boolean>;
  /** Nanoseconds since the epoch, as a bigint so no precision is lost. */
  timestampNs: bigint;
}
