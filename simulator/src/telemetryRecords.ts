/**
 * Turns what the simulated plant does into telemetry points of the contract: tags filled by attributing
 * addresses to assets and zones, routed to the IT or the OT store, timestamps kept unique per series,
 * and evidence of labelled scenario steps noted as it is written.
 */
import type { AlertSeverity, ControllerMode, OtOperation, StoreKind, TelemetryPoint } from '@conduit/core';

import type { EvidenceLog } from './evidence';
import type { PlantAsset } from './plant';
import type { AddressAttribution, PlantAttribution } from './plantAttribution';
import type { ProcessPointSpec } from './processPhysics';

export interface FlowRecord {
  src: string;
  dst: string;
  transport: 'tcp' | 'udp';
  service: string;
  dstPort: number;
  srcPort: number;
  bytesOut: number;
  bytesIn: number;
  packets: number;
  /** Seconds. */
  duration: number;
  /** Zeek's connection state: SF complete, S1 established and still open, S0 unanswered, REJ refused. */
  connState: string;
}

export interface OtOperationRecord {
  src: string;
  dst: string;
  protocol: string;
  operation: OtOperation;
  functionCode: number;
  unitId: number;
  address: number;
  quantity: number;
  value: number;
  result: string;
  exceptionCode: number;
  detail: string;
}

export interface AuthRecord {
  /** Address of the host that was logged on to. */
  target: string;
  src: string;
  user: string;
  method: string;
  result: 'success' | 'failure';
  reason: string;
}

export interface AlertRecord {
  source: string;
  severity: AlertSeverity;
  /** Address of the asset the alert is about. */
  about: string;
  src?: string;
  dst?: string;
  technique?: string;
  signature: string;
  category: string;
  message: string;
}

export interface ControllerStateRecord {
  mode: ControllerMode;
  programHash: string;
  firmware: string;
  cpuLoad: number;
  scanTimeMs: number;
}

/** The points of one window, per store, in the order they were made. */
export interface StorePoints {
  it: TelemetryPoint[];
  ot: TelemetryPoint[];
}

const NS_PER_MS = 1_000_000n;

/** The scenario step(s) a point is evidence of, by evidence key. */
export type Evidence = string | readonly string[];

/** A timestamp in ns from a time in ms and a sub-millisecond offset in ns. */
export function nanoseconds(timeMs: number, subMsNs = 0): bigint {
  return BigInt(Math.floor(timeMs)) * NS_PER_MS + BigInt(subMsNs);
}

export class TelemetrySink {
  private buffer: StorePoints = { it: [], ot: [] };
  // Last timestamp per series: a second point on the same series and nanosecond would overwrite the first.
  private readonly lastBySeries = new Map<string, bigint>();
  private nudges = 0;

  constructor(
    private readonly attribution: PlantAttribution,
    private readonly evidence: EvidenceLog,
    private readonly storeOfZone: (zone: string) => StoreKind
  ) {}

  /** Hands over the points made since the last call. */
  take(): StorePoints {
    const out = this.buffer;
    this.buffer = { it: [], ot: [] };
    return out;
  }

  /** Points moved forward by a nanosecond or more to keep their series and time unique. */
  get nudged(): number {
    return this.nudges;
  }

  private storeOfPair(a: AddressAttribution, b: AddressAttribution): StoreKind {
    return this.storeOfZone(a.zone) === 'ot' || this.storeOfZone(b.zone) === 'ot' ? 'ot' : 'it';
  }

  private push(store: StoreKind, point: TelemetryPoint, evidence: Evidence | undefined): void {
    let key = point.measurement;
    for (const name in point.tags) {
      key += `,${point.tags[name]}`;
    }
    const last = this.lastBySeries.get(key);
    // Twins arrive together; a point more than a microsecond before the last one is not a twin.
    if (last !== undefined && point.timestampNs <= last && last - point.timestampNs < 1_000n) {
      point.timestampNs = last + 1n;
      this.nudges++;
    }
    this.lastBySeries.set(key, point.timestampNs);
    this.buffer[store].push(point);
    if (typeof evidence === 'string') {
      this.evidence.note(evidence, point.timestampNs);
    } else if (evidence !== undefined) {
      for (const key of evidence) {
        this.evidence.note(key, point.timestampNs);
      }
    }
  }

  flow(timestampNs: bigint, record: FlowRecord, evidence?: Evidence): void {
    const src = this.attribution.of(record.src);
    const dst = this.attribution.of(record.dst);
    this.push(
      this.storeOfPair(src, dst),
      {
        measurement: 'flow',
        tags: {
          src_ip: record.src,
          dst_ip: record.dst,
          src_asset: src.asset,
          dst_asset: dst.asset,
          src_zone: src.zone,
          dst_zone: dst.zone,
          transport: record.transport,
          service: record.service,
          dst_port: String(record.dstPort),
        },
        fields: {
          src_port: record.srcPort,
          bytes_out: Math.round(record.bytesOut),
          bytes_in: Math.round(record.bytesIn),
          packets: Math.round(record.packets),
          duration: record.duration,
          conn_state: record.connState,
        },
        timestampNs,
      },
      evidence
    );
  }

  otOperation(timestampNs: bigint, record: OtOperationRecord, evidence?: Evidence): void {
    const src = this.attribution.of(record.src);
    const dst = this.attribution.of(record.dst);
    this.push(
      'ot',
      {
        measurement: 'ot_operation',
        tags: {
          src_ip: record.src,
          dst_ip: record.dst,
          src_asset: src.asset,
          dst_asset: dst.asset,
          src_zone: src.zone,
          dst_zone: dst.zone,
          protocol: record.protocol,
          operation: record.operation,
          function_code: String(record.functionCode),
        },
        fields: {
          unit_id: record.unitId,
          address: record.address,
          quantity: record.quantity,
          value: record.value,
          result: record.result,
          exception_code: record.exceptionCode,
          detail: record.detail,
        },
        timestampNs,
      },
      evidence
    );
  }

  processValue(
    timestampNs: bigint,
    controller: PlantAsset,
    spec: ProcessPointSpec,
    value: number,
    evidence?: Evidence
  ): void {
    const at = this.attribution.of(controller.ip);
    this.push(
      'ot',
      {
        measurement: 'process_value',
        tags: { asset: at.asset, zone: at.zone, point: spec.point, kind: spec.kind, unit: spec.unit },
        fields: { value, quality: 'good' },
        timestampNs,
      },
      evidence
    );
  }

  controllerState(
    timestampNs: bigint,
    controller: PlantAsset,
    state: ControllerStateRecord,
    evidence?: Evidence
  ): void {
    const at = this.attribution.of(controller.ip);
    this.push(
      'ot',
      {
        measurement: 'controller_state',
        tags: { asset: at.asset, zone: at.zone, vendor: controller.vendor },
        fields: {
          mode: state.mode,
          program_hash: state.programHash,
          firmware: state.firmware,
          cpu_load: state.cpuLoad,
          scan_time_ms: state.scanTimeMs,
        },
        timestampNs,
      },
      evidence
    );
  }

  auth(timestampNs: bigint, record: AuthRecord, evidence?: Evidence): void {
    const target = this.attribution.of(record.target);
    const src = this.attribution.of(record.src);
    this.push(
      this.storeOfZone(target.zone),
      {
        measurement: 'auth',
        tags: {
          asset: target.asset,
          zone: target.zone,
          src_ip: record.src,
          src_asset: src.asset,
          src_zone: src.zone,
          user: record.user,
          method: record.method,
          result: record.result,
        },
        fields: { count: 1, reason: record.reason },
        timestampNs,
      },
      evidence
    );
  }

  alert(timestampNs: bigint, record: AlertRecord, evidence?: Evidence): void {
    const about = this.attribution.of(record.about);
    const tags: Record<string, string> = {
      source: record.source,
      severity: record.severity,
      asset: about.asset,
      zone: about.zone,
    };
    if (record.src !== undefined) {
      tags.src_ip = record.src;
    }
    if (record.dst !== undefined) {
      tags.dst_ip = record.dst;
    }
    if (record.technique !== undefined) {
      tags.technique = record.technique;
    }
    this.push(
      this.storeOfZone(about.zone),
      {
        measurement: 'alert',
        tags,
        fields: { signature: record.signature, category: record.category, message: record.message },
        timestampNs,
      },
      evidence
    );
  }

  asset(timestampNs: bigint, asset: PlantAsset): void {
    const at = this.attribution.of(asset.ip);
    this.push(
      this.storeOfZone(at.zone),
      {
        measurement: 'asset',
        tags: { asset: asset.name, zone: at.zone, role: asset.role, vendor: asset.vendor, model: asset.model },
        fields: {
          ip: asset.ip,
          firmware: asset.firmware,
          criticality: asset.criticality,
          vuln_count: asset.vulnCount,
          vuln_known_exploited: asset.vulnKnownExploited,
          cvss_max: asset.cvssMax,
        },
        timestampNs,
      },
      undefined
    );
  }
}
