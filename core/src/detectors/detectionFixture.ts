/**
 * A small plant (office, DMZ, supervisory, control and safety zones with their conduits) and builders of
 * observations about it, for specifying detectors in tests and examples.
 */
import { emptyObservations } from '../aggregation/observationOrder';
import type {
  AlertRecord,
  AuthAggregate,
  ControllerStateSample,
  FlowAggregate,
  Observations,
  OtOperationAggregate,
  ProcessPointStat,
} from '../observations';
import type { ZoneModel } from '../model/zoneModel';

export const FIXTURE_BUCKET_MS = 60_000;
/** Monday 3 March 2025, 00:00 UTC: the start of the fixture's day of baseline. */
export const FIXTURE_START = Date.UTC(2025, 2, 3);
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const FIXTURE_HOSTS: Record<string, { ip: string; zone: string }> = {
  'ws-1': { ip: '10.10.10.11', zone: 'enterprise' },
  'ws-2': { ip: '10.10.10.12', zone: 'enterprise' },
  'jump-1': { ip: '172.16.35.10', zone: 'dmz' },
  'scada-1': { ip: '10.20.2.10', zone: 'supervisory' },
  'ews-1': { ip: '10.20.2.20', zone: 'supervisory' },
  'hmi-1': { ip: '10.20.2.31', zone: 'supervisory' },
  'plc-1': { ip: '10.20.1.10', zone: 'control' },
  'plc-2': { ip: '10.20.1.11', zone: 'control' },
  'sis-1': { ip: '10.20.9.10', zone: 'safety' },
  'ext-1': { ip: '203.0.113.10', zone: 'internet' },
};

export function fixtureModel(): ZoneModel {
  return {
    site: 'fixture plant',
    zones: [
      {
        id: 'internet',
        name: 'Internet',
        purdueLevel: 5,
        slTarget: 0,
        safety: false,
        cidrs: ['203.0.113.0/24'],
        vlans: [],
      },
      {
        id: 'enterprise',
        name: 'Office',
        purdueLevel: 4,
        slTarget: 2,
        safety: false,
        cidrs: ['10.10.0.0/16'],
        vlans: [],
      },
      {
        id: 'dmz',
        name: 'Industrial DMZ',
        purdueLevel: 3.5,
        slTarget: 3,
        safety: false,
        cidrs: ['172.16.35.0/24'],
        vlans: [],
      },
      {
        id: 'supervisory',
        name: 'Supervisory',
        purdueLevel: 2,
        slTarget: 3,
        safety: false,
        cidrs: ['10.20.2.0/24'],
        vlans: [],
      },
      {
        id: 'control',
        name: 'Basic control',
        purdueLevel: 1,
        slTarget: 3,
        safety: false,
        cidrs: ['10.20.1.0/24'],
        vlans: [],
      },
      {
        id: 'safety',
        name: 'Safety system',
        purdueLevel: 1,
        slTarget: 4,
        safety: true,
        cidrs: ['10.20.9.0/24'],
        vlans: [],
      },
    ],
    conduits: [
      {
        id: 'office-to-dmz',
        from: 'enterprise',
        to: 'dmz',
        direction: 'one-way',
        controlType: 'firewall',
        slTarget: 3,
        services: [
          { protocol: 'rdp', port: 3389, sourceRoles: ['workstation'] },
          { protocol: 'https', port: 443, sourceRoles: ['workstation'] },
        ],
      },
      {
        id: 'dmz-to-supervisory',
        from: 'dmz',
        to: 'supervisory',
        direction: 'one-way',
        controlType: 'firewall',
        slTarget: 3,
        services: [{ protocol: 'rdp', port: 3389, sourceRoles: ['jump-host'] }],
      },
      {
        id: 'supervisory-to-control',
        from: 'supervisory',
        to: 'control',
        direction: 'one-way',
        controlType: 'firewall',
        slTarget: 3,
        services: [
          {
            protocol: 'modbus',
            port: 502,
            operations: ['read', 'write'],
            functionCodes: [3, 4, 6, 16],
            sourceRoles: ['hmi', 'scada-server'],
          },
          { protocol: 's7comm', port: 102, operations: ['read', 'write'], sourceRoles: ['engineering-workstation'] },
        ],
      },
      {
        id: 'supervisory-to-safety',
        from: 'supervisory',
        to: 'safety',
        direction: 'one-way',
        controlType: 'firewall',
        slTarget: 4,
        services: [
          { protocol: 'modbus', port: 502, operations: ['read'], functionCodes: [3, 4], sourceRoles: ['scada-server'] },
        ],
      },
    ],
    assets: [
      { name: 'ws-1', address: '10.10.10.11', role: 'workstation' },
      { name: 'ws-2', address: '10.10.10.12', role: 'workstation' },
      { name: 'jump-1', address: '172.16.35.10', role: 'jump-host' },
      { name: 'scada-1', address: '10.20.2.10', role: 'scada-server' },
      { name: 'ews-1', address: '10.20.2.20', role: 'engineering-workstation' },
      { name: 'hmi-1', address: '10.20.2.31', role: 'hmi' },
      { name: 'plc-1', address: '10.20.1.10', role: 'plc', criticality: 5 },
      { name: 'plc-2', address: '10.20.1.11', role: 'plc' },
      { name: 'sis-1', address: '10.20.9.10', role: 'safety-plc', criticality: 5 },
    ],
  };
}

/** An end of a record: a fixture host by name, or a raw address in no inventory. */
function end(nameOrIp: string): { ip: string; asset: string; zone: string } {
  const host = FIXTURE_HOSTS[nameOrIp];
  return host === undefined
    ? { ip: nameOrIp, asset: 'unknown', zone: 'unknown' }
    : { ip: host.ip, asset: nameOrIp, zone: host.zone };
}

/** The start of the bucket `minutes` after the fixture start. */
export function minute(minutes: number): number {
  return FIXTURE_START + minutes * FIXTURE_BUCKET_MS;
}

export function flow(
  at: number,
  src: string,
  dst: string,
  service: string,
  port: number,
  extra: Partial<FlowAggregate> = {}
): FlowAggregate {
  const s = end(src);
  const d = end(dst);
  return {
    bucketStart: at,
    bucketMs: FIXTURE_BUCKET_MS,
    srcIp: s.ip,
    dstIp: d.ip,
    srcAsset: s.asset,
    dstAsset: d.asset,
    srcZone: s.zone,
    dstZone: d.zone,
    transport: 'tcp',
    service,
    dstPort: port,
    connections: 1,
    bytes: 500,
    firstSeen: at,
    lastSeen: at + FIXTURE_BUCKET_MS - 1,
    ...extra,
  };
}

export function otOperation(
  at: number,
  src: string,
  dst: string,
  protocol: string,
  operation: string,
  functionCode: string,
  extra: Partial<OtOperationAggregate> = {}
): OtOperationAggregate {
  const s = end(src);
  const d = end(dst);
  return {
    bucketStart: at,
    bucketMs: FIXTURE_BUCKET_MS,
    srcIp: s.ip,
    dstIp: d.ip,
    srcAsset: s.asset,
    dstAsset: d.asset,
    srcZone: s.zone,
    dstZone: d.zone,
    protocol,
    operation,
    functionCode,
    count: 1,
    minAddress: 100,
    maxAddress: 100,
    lastValue: null,
    firstSeen: at,
    lastSeen: at + FIXTURE_BUCKET_MS - 1,
    ...extra,
  };
}

/** A bucket of a point whose samples all lie at `median` unless `spread` widens them. */
export function pointStat(
  at: number,
  asset: string,
  point: string,
  median: number,
  extra: Partial<ProcessPointStat> & { spread?: number } = {}
): ProcessPointStat {
  const { spread = 0.01, ...rest } = extra;
  const flat = spread === 0;
  return {
    bucketStart: at,
    bucketMs: FIXTURE_BUCKET_MS,
    asset,
    zone: end(asset).zone,
    point,
    kind: 'measurement',
    unit: 'mg/L',
    count: 6,
    mean: median,
    median,
    min: median - spread,
    max: median + spread,
    first: median,
    last: median,
    distinct: flat ? 1 : 6,
    ...rest,
  };
}

export function controllerState(
  time: number,
  asset: string,
  mode: string,
  programHash = 'aaaa',
  firmware = 'V1'
): ControllerStateSample {
  return { time, asset, zone: end(asset).zone, mode, programHash, firmware };
}

export function authAttempts(
  at: number,
  src: string,
  target: string,
  result: string,
  count: number,
  user = 'admin'
): AuthAggregate {
  const s = end(src);
  const t = end(target);
  return {
    bucketStart: at,
    bucketMs: FIXTURE_BUCKET_MS,
    asset: t.asset,
    zone: t.zone,
    srcIp: s.ip,
    srcAsset: s.asset,
    srcZone: s.zone,
    user,
    method: 'rdp',
    result,
    count,
    firstSeen: at,
    lastSeen: at,
  };
}

export function alertRecord(
  time: number,
  asset: string,
  severity: string,
  category: string,
  signature = 'test signature'
): AlertRecord {
  const a = end(asset);
  return {
    time,
    source: 'edr',
    severity,
    asset: a.asset,
    zone: a.zone,
    srcIp: a.ip,
    dstIp: '',
    technique: '',
    signature,
    category,
    message: '',
  };
}

/** Observations over two days (the first is the baseline by default) holding the given records. */
export function fixtureObservations(parts: Partial<Omit<Observations, 'range'>>, days = 2): Observations {
  return { ...emptyObservations(FIXTURE_START, FIXTURE_START + days * DAY_MS), ...parts };
}

/** One record per bucket from `fromMinute` (inclusive) to `toMinute` (exclusive), every `step` minutes. */
export function everyMinute<T>(
  fromMinute: number,
  toMinute: number,
  make: (at: number, index: number) => T,
  step = 1
): T[] {
  const out: T[] = [];
  for (let m = fromMinute, i = 0; m < toMinute; m += step, i++) {
    out.push(make(minute(m), i));
  }
  return out;
}
