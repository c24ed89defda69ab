/**
 * Synthetic telemetry of every measurement, made fast and deterministically from a seed: for
 * benchmarks that need millions of points up front and for tests that compare the core's aggregation
 * with a store's. It has the contract's shape, not a plant's behaviour (the simulator has that).
 */
import type { TelemetryPoint } from '../telemetryContract';
import type { Conduit, ZoneModel } from '../model/zoneModel';

export interface SyntheticTelemetryOptions {
  seed: number;
  /** Epoch milliseconds of the first point. */
  from: number;
  /** Epoch milliseconds after the last point. */
  to: number;
  flows: number;
  processSamples: number;
  /** OT requests, authentication attempts, alerts, controller states and inventory records, each. */
  others?: number;
  /** Distinct source/destination pairs of the flows. */
  pairs?: number;
  /** Distinct process points. */
  points?: number;
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed, the same telemetry. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Host {
  ip: string;
  asset: string;
  zone: string;
}

const SERVICES: ReadonlyArray<[string, number, string]> = [
  ['modbus', 502, 'tcp'],
  ['s7comm', 102, 'tcp'],
  ['https', 443, 'tcp'],
  ['rdp', 3389, 'tcp'],
  ['dns', 53, 'udp'],
  ['opcua', 4840, 'tcp'],
];

function hosts(): Host[] {
  const list: Host[] = [];
  for (let i = 0; i < 40; i++) {
    list.push({ ip: `10.10.10.${10 + i}`, asset: `ws-${i}`, zone: 'enterprise' });
  }
  for (let i = 0; i < 10; i++) {
    list.push({ ip: `10.20.2.${10 + i}`, asset: `hmi-${i}`, zone: 'supervisory' });
  }
  for (let i = 0; i < 20; i++) {
    list.push({ ip: `10.20.1.${10 + i}`, asset: `plc-${i}`, zone: 'basic-control' });
  }
  // An address no inventory knows.
  list.push({ ip: '10.20.2.99', asset: 'unknown', zone: 'supervisory' });
  return list;
}

function timestamp(from: number, span: number, i: number, n: number, jitter: number): bigint {
  const ms = from + Math.floor(((i + jitter) * span) / n);
  return BigInt(ms) * 1_000_000n + BigInt(Math.floor(jitter * 999_999));
}

export function syntheticTelemetry(options: SyntheticTelemetryOptions): TelemetryPoint[] {
  const next = seededRandom(options.seed);
  const span = Math.max(1, options.to - options.from);
  const all = hosts();
  const plcs = all.filter((h) => h.zone === 'basic-control');
  const points: TelemetryPoint[] = [];
  const pairCount = Math.max(1, options.pairs ?? 300);
  const pairs = Array.from({ length: pairCount }, () => {
    const src = all[Math.floor(next() * all.length)];
    const dst = all[Math.floor(next() * all.length)];
    const [service, port, transport] = SERVICES[Math.floor(next() * SERVICES.length)];
    return { src, dst, service, port: String(port), transport };
  });
  for (let i = 0; i < options.flows; i++) {
    const pair = pairs[Math.floor(next() * pairs.length)];
    points.push({
      measurement: 'flow',
      tags: {
        src_ip: pair.src.ip,
        dst_ip: pair.dst.ip,
        src_asset: pair.src.asset,
        dst_asset: pair.dst.asset,
        src_zone: pair.src.zone,
        dst_zone: pair.dst.zone,
        transport: pair.transport,
        service: pair.service,
        dst_port: pair.port,
      },
      fields: {
        src_port: 49152 + Math.floor(next() * 16000),
        bytes_out: Math.floor(next() * 50_000),
        bytes_in: Math.floor(next() * 500_000),
        packets: 4 + Math.floor(next() * 400),
        duration: Math.round(next() * 60_000) / 1000,
        conn_state: 'SF',
      },
      timestampNs: timestamp(options.from, span, i, options.flows, next()),
    });
  }
  const pointCount = Math.max(1, options.points ?? 20);
  const series = Array.from({ length: pointCount }, (_, k) => ({
    asset: plcs[k % plcs.length].asset,
    point: `point_${k}`,
    kind: k % 5 === 0 ? 'setpoint' : 'measurement',
    unit: k % 2 === 0 ? 'mg/L' : 'm3/h',
    level: 1 + k * 10,
  }));
  const perSeries = Math.max(1, Math.ceil(options.processSamples / pointCount));
  for (let i = 0; i < options.processSamples; i++) {
    const s = series[i % pointCount];
    const step = Math.floor(i / pointCount);
    const value = s.kind === 'setpoint' ? s.level : Math.round((s.level + Math.sin(step / 50) + next()) * 1000) / 1000;
    points.push({
      measurement: 'process_value',
      tags: { asset: s.asset, zone: 'basic-control', point: s.point, kind: s.kind, unit: s.unit },
      fields: { value, quality: 'good' },
      timestampNs: timestamp(options.from, span, step, perSeries, 0),
    });
  }
  const others = options.others ?? 0;
  const supervisory = all.filter((h) => h.zone === 'supervisory');
  for (let i = 0; i < others; i++) {
    // Most OT requests come from the supervisory hosts, as in a plant; the rest from anywhere.
    const src =
      next() < 0.998 ? supervisory[Math.floor(next() * supervisory.length)] : all[Math.floor(next() * all.length)];
    const plc = plcs[Math.floor(next() * plcs.length)];
    const write = next() < 0.2;
    // Each register holds its own setpoint, which writes move a little.
    const register = Math.floor(next() * 20);
    points.push({
      measurement: 'ot_operation',
      tags: {
        src_ip: src.ip,
        dst_ip: plc.ip,
        src_asset: src.asset,
        dst_asset: plc.asset,
        src_zone: src.zone,
        dst_zone: plc.zone,
        protocol: 'modbus',
        operation: write ? 'write' : 'read',
        function_code: write ? '16' : '3',
      },
      fields: {
        unit_id: 1,
        address: 40000 + register,
        quantity: 1 + Math.floor(next() * 10),
        value: Math.round((10 + register * 5) * (1 + 0.05 * (next() - 0.5)) * 10) / 10,
        result: 'ok',
        exception_code: 0,
        detail: 'synthetic',
      },
      timestampNs: timestamp(options.from, span, i, others, next()),
    });
    const success = next() < 0.8;
    points.push({
      measurement: 'auth',
      tags: {
        asset: plc.asset,
        zone: plc.zone,
        src_ip: src.ip,
        src_asset: src.asset,
        src_zone: src.zone,
        user: `user-${Math.floor(next() * 5)}`,
        method: 'rdp',
        result: success ? 'success' : 'failure',
      },
      fields: { count: 1, reason: success ? 'ok' : 'bad password' },
      timestampNs: timestamp(options.from, span, i, others, next()),
    });
    points.push({
      measurement: 'controller_state',
      tags: { asset: plc.asset, zone: plc.zone, vendor: 'Acme' },
      fields: {
        mode: next() < 0.999 ? 'run' : 'program',
        program_hash: next() < 0.999 ? 'aaaa' : 'bbbb',
        firmware: 'V1.0',
        cpu_load: Math.round(next() * 1000) / 10,
        scan_time_ms: 10,
      },
      timestampNs: timestamp(options.from, span, i, others, next()),
    });
    if (i % 100 === 0) {
      points.push({
        measurement: 'alert',
        tags: {
          source: 'suricata',
          severity: 'high',
          asset: src.asset,
          zone: src.zone,
          src_ip: src.ip,
          dst_ip: plc.ip,
        },
        fields: { signature: 'ET SCAN synthetic', category: 'attempted-recon', message: `alert ${i}` },
        timestampNs: timestamp(options.from, span, i, others, next()),
      });
      points.push({
        measurement: 'asset',
        tags: { asset: plc.asset, zone: plc.zone, role: 'plc', vendor: 'Acme', model: 'X1' },
        fields: { ip: plc.ip, firmware: 'V1.0', criticality: 4, vuln_count: 3, vuln_known_exploited: 0, cvss_max: 7.5 },
        timestampNs: timestamp(options.from, span, i, others, next()),
      });
    }
  }
  return points;
}

/**
 * A zone model for the synthetic hosts: the office, supervisory and control zones, with conduits that
 * allow every synthetic service between supervisory and control and from the office to supervisory, and
 * none between the office and control, so a share of the random traffic violates the model.
 */
export function syntheticZoneModel(): ZoneModel {
  const services = SERVICES.map(([protocol, port]) => ({ protocol, port }));
  const conduit = (from: string, to: string): Conduit => ({
    id: `${from}-to-${to}`,
    from,
    to,
    direction: 'two-way',
    controlType: 'firewall',
    slTarget: 2,
    services: [...services, { protocol: 'modbus', operations: ['read', 'write'], functionCodes: [3, 16] }],
  });
  return {
    site: 'synthetic',
    zones: [
      {
        id: 'enterprise',
        name: 'Enterprise',
        purdueLevel: 4,
        slTarget: 2,
        safety: false,
        cidrs: ['10.10.0.0/16'],
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
        id: 'basic-control',
        name: 'Basic control',
        purdueLevel: 1,
        slTarget: 3,
        safety: false,
        cidrs: ['10.20.1.0/24'],
        vlans: [],
      },
    ],
    conduits: [conduit('enterprise', 'supervisory'), conduit('supervisory', 'basic-control')],
    assets: [],
  };
}
