/**
 * Exposure: the observed paths INTO an asset or zone that an attacker could use.
 *
 * Three parts, from the flows and OT operations in the observations:
 * - lower trust (half): traffic from a zone of a higher Purdue level number; the further down it
 *   reaches, the worse (four boundaries or more count fully; the industrial DMZ is a boundary);
 * - internet (a quarter): traffic from an L5 zone or from addresses no zone claims;
 * - cleartext OT (a quarter): an unauthenticated OT protocol (Modbus, S7comm, EtherNet/IP, DNP3,
 *   BACnet) arriving from another zone.
 * Traffic inside the entity's own zone is not exposure.
 */
import type { Observations } from '../observations';
import { UNKNOWN } from '../telemetryContract';
import type { PurdueLevel, Zone } from '../model/zoneModel';
import { formatLevel, levelsDown, trustLevel, UNTRUSTED_LEVEL } from './purdueTrust';

/** One observed source-to-destination path with its service, however many buckets it spans. */
export interface InboundEdge {
  srcZone: string;
  srcAsset: string;
  srcIp: string;
  dstZone: string;
  dstAsset: string;
  dstIp: string;
  protocol: string;
  port: number;
}

export const EXPOSURE_PARTS = Object.freeze({ lowerTrust: 0.5, internet: 0.25, cleartextOt: 0.25 });

/** Boundaries crossed downward at which the lower-trust part counts fully. */
const FULL_DESCENT = 4;

/** OT protocols with neither authentication nor encryption (OPC UA can do both, so it is not listed). */
const CLEARTEXT_OT_PROTOCOLS = new Set(['modbus', 's7comm', 'enip', 'dnp3', 'bacnet']);
const CLEARTEXT_OT_PORTS = new Set([502, 102, 44818, 2222, 20000, 47808]);

export function isCleartextOt(edge: InboundEdge): boolean {
  return CLEARTEXT_OT_PROTOCOLS.has(edge.protocol.toLowerCase()) || CLEARTEXT_OT_PORTS.has(edge.port);
}

export interface EdgeIndex {
  byAsset: Map<string, InboundEdge[]>;
  byIp: Map<string, InboundEdge[]>;
  byZone: Map<string, InboundEdge[]>;
}

/** Distinct paths from the flow and OT operation aggregates, indexed by destination. */
export function indexInboundEdges(observations: Observations | undefined, warnings: string[]): EdgeIndex {
  const seen = new Map<string, InboundEdge>();
  const add = (row: unknown, protocolKey: 'service' | 'protocol', field: string, i: number): void => {
    if (typeof row !== 'object' || row === null) {
      warnings.push(`observations.${field}[${i}]: not a record; ignored`);
      return;
    }
    const r = row as Record<string, unknown>;
    const edge: InboundEdge = {
      srcZone: text(r.srcZone),
      srcAsset: text(r.srcAsset),
      srcIp: text(r.srcIp),
      dstZone: text(r.dstZone),
      dstAsset: text(r.dstAsset),
      dstIp: text(r.dstIp),
      protocol: text(r[protocolKey]),
      port: typeof r.dstPort === 'number' ? r.dstPort : -1,
    };
    const key = [
      edge.srcZone,
      edge.srcAsset,
      edge.srcIp,
      edge.dstZone,
      edge.dstAsset,
      edge.dstIp,
      edge.protocol,
      edge.port,
    ].join('\u0000');
    if (!seen.has(key)) {
      seen.set(key, edge);
    }
  };
  for (const [field, protocolKey] of [
    ['flows', 'service'],
    ['otOperations', 'protocol'],
  ] as const) {
    const list: unknown = observations?.[field];
    if (list === undefined) {
      continue;
    }
    if (!Array.isArray(list)) {
      warnings.push(`observations.${field}: expected a list; ignored`);
      continue;
    }
    list.forEach((row: unknown, i) => add(row, protocolKey, field, i));
  }
  const index: EdgeIndex = { byAsset: new Map(), byIp: new Map(), byZone: new Map() };
  for (const edge of seen.values()) {
    push(index.byAsset, edge.dstAsset, edge);
    push(index.byIp, edge.dstIp, edge);
    push(index.byZone, edge.dstZone, edge);
  }
  return index;
}

/** Paths into one asset, matched by asset name or address. */
export function edgesIntoAsset(index: EdgeIndex, id: string, ip: string | undefined): InboundEdge[] {
  const byName = index.byAsset.get(id) ?? [];
  const byIp = ip ? (index.byIp.get(ip) ?? []) : [];
  return byIp.length === 0 ? byName : [...new Set([...byName, ...byIp])];
}

export interface Exposure {
  value: number;
  detail: string;
}

export function exposureOf(edges: InboundEdge[], targetZone: string | undefined, zones: Map<string, Zone>): Exposure {
  const targetLevel = trustLevel(zones, targetZone);
  let lowerTrust = 0;
  let internet = 0;
  let cleartext = 0;
  const lowerSources = new Map<string, { down: number; level: PurdueLevel }>();
  const internetSources = new Set<string>();
  const cleartextProtocols = new Set<string>();
  for (const edge of edges) {
    const srcKnown = zones.has(edge.srcZone);
    if (srcKnown && edge.srcZone === targetZone) {
      continue;
    }
    const srcLevel = trustLevel(zones, srcKnown ? edge.srcZone : undefined);
    if (srcLevel > targetLevel) {
      const down = levelsDown(srcLevel, targetLevel);
      lowerTrust = Math.max(lowerTrust, Math.min(1, down / FULL_DESCENT));
      const label = srcKnown ? zoneName(zones, edge.srcZone) : 'unattributed addresses';
      const previous = lowerSources.get(label);
      if (!previous || down > previous.down) {
        lowerSources.set(label, { down, level: srcLevel });
      }
    }
    if (!srcKnown || srcLevel === UNTRUSTED_LEVEL) {
      internet = 1;
      internetSources.add(edge.srcIp || edge.srcAsset || 'unknown');
    }
    if (isCleartextOt(edge)) {
      cleartext = 1;
      cleartextProtocols.add(edge.protocol || `port ${edge.port}`);
    }
  }
  const value =
    EXPOSURE_PARTS.lowerTrust * lowerTrust +
    EXPOSURE_PARTS.internet * internet +
    EXPOSURE_PARTS.cleartextOt * cleartext;
  const parts: string[] = [];
  if (lowerSources.size > 0) {
    const list = [...lowerSources.entries()]
      .sort((a, b) => b[1].down - a[1].down || (a[0] < b[0] ? -1 : 1))
      .map(
        ([label, { down, level }]) => `${label} (${formatLevel(level)}, ${down} level${down === 1 ? '' : 's'} down)`
      );
    parts.push(`reached from lower-trust ${list.join(', ')}`);
  }
  if (internet > 0) {
    parts.push(`reached from the internet or unattributed addresses (${firstFew([...internetSources].sort())})`);
  }
  if (cleartext > 0) {
    parts.push(`cleartext OT from another zone: ${[...cleartextProtocols].sort().join(', ')}`);
  }
  const detail =
    parts.length > 0
      ? parts.join('; ')
      : edges.length > 0
        ? `${edges.length} observed inbound path${edges.length === 1 ? '' : 's'}, none from a lower-trust zone, the internet or over cleartext OT`
        : 'no inbound traffic observed';
  return { value, detail };
}

export function zoneName(zones: Map<string, Zone>, zoneId: string): string {
  const zone = zones.get(zoneId);
  return zone ? zone.name || zone.id : zoneId;
}

export function zoneLabel(zones: Map<string, Zone>, zoneId: string): string {
  const zone = zones.get(zoneId);
  return zone ? `${zone.name || zone.id} (${formatLevel(zone.purdueLevel)})` : zoneId;
}

function firstFew(items: string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' && value !== UNKNOWN ? value : typeof value === 'number' ? String(value) : '';
}
