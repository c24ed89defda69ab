/**
 * The plant as a graph: zones (and, at asset level, their assets) as nodes; declared conduits and observed traffic
 * as edges, each traffic edge judged against the conduit policy.
 *
 * The judgement is the conduit-policy detector's own: ends are placed in zones by the detection context (zone tag
 * first, then address), and the allow-list is checked by `connectionPermission`, so the map and the findings can
 * never disagree about a flow. Traffic within one zone needs no conduit and is `allowed`; traffic with an end in no
 * zone is `unknown`, because the model cannot say what it may do.
 *
 * Flows are summed per pair of nodes, service and port, and verdict, so an edge never mixes allowed and refused
 * traffic (two source roles in one zone can get different verdicts for the same service).
 *
 * The rows of one flow series and bucket are summed first, whichever store or read they came from, so the graph is
 * the same whether a bucket's flows were read whole, in parts, or from the analyzer's hourly rollup.
 */
import { compareFlows, emptyObservations } from '../aggregation/observationOrder';
import { connectionPermission } from '../detectors/conduitPermission';
import { createDetectionContext, type DetectionContext } from '../detectors/detectionContext';
import { skippedLevels } from '../detectors/purdueDistance';
import { type Finding, SEVERITIES, type Severity } from '../finding';
import type { AssetRecord, FlowAggregate } from '../observations';
import { UNKNOWN } from '../telemetryContract';
import type {
  Conduit,
  ConduitDirection,
  ConduitService,
  ControlType,
  PurdueLevel,
  SecurityLevel,
  Zone,
  ZoneModel,
} from '../model/zoneModel';

export type TopologyLevel = 'zone' | 'asset';
export type PolicyVerdict = 'allowed' | 'violation' | 'unknown';
export const POLICY_VERDICTS: readonly PolicyVerdict[] = ['allowed', 'violation', 'unknown'];

/** Connections that touch a node, by the verdict of their edge. */
export type VerdictTotals = Record<PolicyVerdict, number>;

interface NodeCommon {
  id: string;
  title: string;
  findingCount: number;
  /** The highest severity among the node's findings. */
  maxSeverity?: Severity;
  traffic: VerdictTotals;
}

export interface ZoneNode extends NodeCommon {
  kind: 'zone';
  zone: string;
  purdueLevel: PurdueLevel;
  slTarget: SecurityLevel;
  slAchieved?: SecurityLevel;
  safety: boolean;
  /** Distinct assets placed in the zone by the model, the inventory or the traffic. */
  assetCount: number;
  /** Traffic between two ends in this zone (no conduit involved). */
  intraZone: { connections: number; bytes: number };
}

/** Where the ends that lie in no zone meet, at zone level. */
export interface UnzonedNode extends NodeCommon {
  kind: 'unzoned';
  assetCount: number;
}

export interface AssetNode extends NodeCommon {
  kind: 'asset';
  /** The asset's name, or its address when it has no name. */
  asset: string;
  /** The node id of its zone; absent for an asset in no zone. */
  parent?: string;
  zone?: string;
  role?: string;
  criticality?: number;
  ip?: string;
}

export type TopologyNode = ZoneNode | UnzonedNode | AssetNode;

export interface ConduitEdge {
  kind: 'conduit';
  id: string;
  source: string;
  target: string;
  conduit: string;
  direction: ConduitDirection;
  controlType: ControlType;
  slTarget: SecurityLevel;
  slAchieved?: SecurityLevel;
  /** The allow-list, as `protocol/port` (or the protocol alone). */
  services: string[];
  /** Purdue levels between the two zones (the DMZ counts); above 0 means the conduit bypasses a level. */
  skippedLevels: number;
  /** Observed traffic this conduit allowed; 0 for a conduit nothing used. */
  connections: number;
  bytes: number;
}

export interface FlowEdge {
  kind: 'flow';
  id: string;
  source: string;
  target: string;
  /** The flow's service tag; empty when the telemetry did not name it. */
  service: string;
  port: number;
  verdict: PolicyVerdict;
  /** Why, in words an analyst can check against the zone model: `reasons` joined by `; `. */
  reason: string;
  /** Each distinct reason of the flows summed here (several source roles can be refused for different reasons). */
  reasons: string[];
  /** The conduit that allowed the traffic. */
  conduit?: string;
  connections: number;
  bytes: number;
  /** Flow series and buckets summed into this edge (a series seen in two buckets counts twice). */
  flows: number;
  firstSeen: number;
  lastSeen: number;
  skippedLevels: number;
  /** Both ends in one zone; at zone level such an edge starts and ends at the same node. */
  intraZone: boolean;
}

export type TopologyEdge = ConduitEdge | FlowEdge;

export interface Topology {
  level: TopologyLevel;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** Parts of the input that could not be drawn (a conduit to a zone that does not exist, ...). */
  problems: string[];
}

export interface TopologyInput {
  model: ZoneModel;
  flows: FlowAggregate[];
  findings?: Finding[];
  assets?: AssetRecord[];
  level: TopologyLevel;
}

export const UNZONED_NODE_ID = 'unzoned';

export function zoneNodeId(zone: string): string {
  return `zone:${zone}`;
}

export function assetNodeId(asset: string): string {
  return `asset:${asset}`;
}

/** The verdict on one flow, as the conduit-policy detector sees it. */
export interface FlowJudgement {
  verdict: PolicyVerdict;
  reason: string;
  src?: Zone;
  dst?: Zone;
  conduit?: string;
}

function known(text: string | undefined): text is string {
  return text !== undefined && text !== '' && text !== UNKNOWN;
}

function describeAllowed(conduit: Conduit, service: ConduitService): string {
  return `conduit ${conduit.id} allows ${service.port === undefined ? service.protocol : `${service.protocol}/${service.port}`}`;
}

/** Judges one flow with the detector's zone placement and allow-list check. */
export function judgeFlow(flow: FlowAggregate, ctx: DetectionContext): FlowJudgement {
  const src = ctx.zoneOf(flow.srcZone, flow.srcIp);
  const dst = ctx.zoneOf(flow.dstZone, flow.dstIp);
  if (src === undefined || dst === undefined) {
    const ends = [
      src === undefined ? `the source ${flow.srcIp === '' ? '' : flow.srcIp + ' '}` : '',
      dst === undefined ? `the destination ${flow.dstIp === '' ? '' : flow.dstIp + ' '}` : '',
    ].filter((e) => e !== '');
    const subject = ends.length === 2 ? `${ends[0]}and ${ends[1]}` : ends[0];
    return {
      verdict: 'unknown',
      reason: `${subject}lie${ends.length === 2 ? '' : 's'} in no zone of the model`,
      src,
      dst,
    };
  }
  if (src.id === dst.id) {
    return { verdict: 'allowed', reason: `traffic within zone ${src.name} needs no conduit`, src, dst };
  }
  const permission = connectionPermission(
    ctx.conduitsBetween(src.id, dst.id),
    flow.service,
    flow.dstPort,
    ctx.roleOf(flow.srcAsset, flow.srcIp)
  );
  if (permission.allowed) {
    return {
      verdict: 'allowed',
      reason: describeAllowed(permission.conduit, permission.service),
      src,
      dst,
      conduit: permission.conduit.id,
    };
  }
  if (permission.reason === 'no-conduit') {
    const reverse = ctx.conduitsBetween(dst.id, src.id);
    const reason =
      reverse.length > 0
        ? `conduit ${reverse[0].id} is one-way from ${dst.name} to ${src.name}, against this traffic`
        : `no conduit connects ${src.name} to ${dst.name}`;
    return { verdict: 'violation', reason, src, dst };
  }
  return { verdict: 'violation', reason: permission.detail, src, dst };
}

// ---------------------------------------------------------------------------------------------------------------

const SEVERITY_RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

function higher(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || (SEVERITY_RANK.get(b) ?? 0) > (SEVERITY_RANK.get(a) ?? 0) ? b : a;
}

function emptyTotals(): VerdictTotals {
  return { allowed: 0, violation: 0, unknown: 0 };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

interface AssetInfo {
  asset: string;
  zone?: Zone;
  role?: string;
  criticality?: number;
  ip?: string;
}

/** Every asset the model, the inventory and the traffic know of, with the zone each is placed in. */
class AssetBook {
  readonly byKey = new Map<string, AssetInfo>();
  /** Known assets by address, so that a flow end without a name still meets the asset the model or inventory names. */
  readonly byIp = new Map<string, AssetInfo>();

  constructor(private readonly ctx: DetectionContext) {}

  add(asset: string, ip: string, zone: Zone | undefined): AssetInfo {
    const named = known(asset);
    let info = named ? this.byKey.get(asset) : known(ip) ? this.byIp.get(ip) : undefined;
    if (info === undefined) {
      const key = named ? asset : known(ip) ? ip : UNKNOWN;
      info = this.byKey.get(key) ?? { asset: key };
      this.byKey.set(key, info);
    }
    info.zone ??= zone;
    if (known(ip)) {
      info.ip ??= ip;
      if (!this.byIp.has(ip)) {
        this.byIp.set(ip, info);
      }
    }
    return info;
  }

  fromModel(model: ZoneModel): void {
    for (const override of model.assets) {
      const zone = override.zone === undefined ? undefined : this.ctx.zoneById(override.zone);
      const info = this.add(override.name, override.address ?? '', zone ?? this.ctx.zoneOf('', override.address ?? ''));
      info.role ??= override.role;
      info.criticality ??= override.criticality;
    }
  }

  fromInventory(records: readonly AssetRecord[]): void {
    const latest = new Map<string, AssetRecord>();
    for (const record of records) {
      const before = latest.get(record.asset);
      if (before === undefined || record.time >= before.time) {
        latest.set(record.asset, record);
      }
    }
    for (const record of [...latest.values()].sort((a, b) => compareText(a.asset, b.asset))) {
      const info = this.add(record.asset, record.ip, this.ctx.zoneOf(record.zone, record.ip));
      if (info.role === undefined && known(record.role)) {
        info.role = record.role;
      }
      if (info.criticality === undefined && Number.isFinite(record.criticality) && record.criticality > 0) {
        info.criticality = record.criticality;
      }
    }
  }
}

/** One row per flow series and bucket, in the observations' order: rows of the same series and bucket summed. */
export function coalesceFlowSeries(flows: readonly FlowAggregate[]): FlowAggregate[] {
  const sorted = [...flows].sort(compareFlows);
  const rows: FlowAggregate[] = [];
  for (const flow of sorted) {
    const last = rows[rows.length - 1];
    if (last !== undefined && compareFlows(last, flow) === 0) {
      rows[rows.length - 1] = {
        ...last,
        connections: last.connections + flow.connections,
        bytes: last.bytes + flow.bytes,
        firstSeen: Math.min(last.firstSeen, flow.firstSeen),
        lastSeen: Math.max(last.lastSeen, flow.lastSeen),
      };
    } else {
      rows.push(flow);
    }
  }
  return rows;
}

interface EdgeAccumulator {
  edge: FlowEdge;
  reasons: Set<string>;
}

/** Builds the graph; pure and deterministic, never throws (an unreadable input gives an empty graph and a problem). */
export function buildTopology(input: TopologyInput): Topology {
  const level: TopologyLevel = input?.level === 'asset' ? 'asset' : 'zone';
  try {
    return build({ ...input, level });
  } catch (error) {
    return {
      level,
      nodes: [],
      edges: [],
      problems: [`the topology could not be built: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

function build(input: TopologyInput): Topology {
  const model: ZoneModel = {
    ...input.model,
    zones: Array.isArray(input.model?.zones) ? input.model.zones : [],
    conduits: Array.isArray(input.model?.conduits) ? input.model.conduits : [],
    assets: Array.isArray(input.model?.assets) ? input.model.assets : [],
  };
  const flows = coalesceFlowSeries(Array.isArray(input.flows) ? input.flows : []);
  const inventory = Array.isArray(input.assets) ? input.assets : [];
  const findings = Array.isArray(input.findings) ? input.findings : [];
  const problems: string[] = [];
  const observations = { ...emptyObservations(0, 0), assets: inventory };
  const ctx = createDetectionContext(model, observations);

  const zones = new Map<string, Zone>();
  for (const zone of model.zones) {
    if (!zones.has(zone.id)) {
      zones.set(zone.id, zone);
    }
  }
  const book = new AssetBook(ctx);
  book.fromModel(model);
  book.fromInventory(inventory);

  // Judge each distinct combination once: a day of traffic repeats the same few thousand.
  const judgements = new Map<string, FlowJudgement>();
  const judged = flows.map((flow) => {
    const key = `${flow.srcZone}\u0001${flow.srcIp}\u0001${flow.dstZone}\u0001${flow.dstIp}\u0001${flow.srcAsset}\u0001${flow.service}\u0001${flow.dstPort}`;
    let judgement = judgements.get(key);
    if (judgement === undefined) {
      judgement = judgeFlow(flow, ctx);
      judgements.set(key, judgement);
    }
    const srcAsset = book.add(flow.srcAsset, flow.srcIp, judgement.src);
    const dstAsset = book.add(flow.dstAsset, flow.dstIp, judgement.dst);
    return { flow, judgement, srcAsset, dstAsset };
  });

  const zoneEnd = (zone: Zone | undefined) => (zone === undefined ? UNZONED_NODE_ID : zoneNodeId(zone.id));
  const assetEnd = (info: AssetInfo) => assetNodeId(info.asset);

  // Flow edges.
  const accumulators = new Map<string, EdgeAccumulator>();
  const conduitTraffic = new Map<string, { connections: number; bytes: number }>();
  const touching = new Map<string, VerdictTotals>();
  const touch = (node: string, verdict: PolicyVerdict, connections: number) => {
    let totals = touching.get(node);
    if (totals === undefined) {
      totals = emptyTotals();
      touching.set(node, totals);
    }
    totals[verdict] += connections;
  };
  const intraZone = new Map<string, { connections: number; bytes: number }>();
  let unzonedUsed = false;
  for (const { flow, judgement, srcAsset, dstAsset } of judged) {
    const source = input.level === 'zone' ? zoneEnd(judgement.src) : assetEnd(srcAsset);
    const target = input.level === 'zone' ? zoneEnd(judgement.dst) : assetEnd(dstAsset);
    unzonedUsed ||= source === UNZONED_NODE_ID || target === UNZONED_NODE_ID;
    const service = typeof flow.service === 'string' ? flow.service : '';
    const port = finite(flow.dstPort);
    const connections = finite(flow.connections);
    const bytes = finite(flow.bytes);
    const key = [source, target, service, String(port), judgement.verdict].map(encodeURIComponent).join('|');
    let acc = accumulators.get(key);
    const same = judgement.src !== undefined && judgement.src.id === judgement.dst?.id;
    if (acc === undefined) {
      acc = {
        edge: {
          kind: 'flow',
          id: `flow:${key}`,
          source,
          target,
          service,
          port,
          verdict: judgement.verdict,
          reason: '',
          reasons: [],
          connections: 0,
          bytes: 0,
          flows: 0,
          firstSeen: flow.firstSeen,
          lastSeen: flow.lastSeen,
          skippedLevels:
            judgement.src !== undefined && judgement.dst !== undefined
              ? skippedLevels(judgement.src.purdueLevel, judgement.dst.purdueLevel)
              : 0,
          intraZone: same,
        },
        reasons: new Set<string>(),
      };
      accumulators.set(key, acc);
    }
    const edge = acc.edge;
    acc.reasons.add(judgement.reason);
    if (judgement.conduit !== undefined) {
      edge.conduit ??= judgement.conduit;
      const carried = conduitTraffic.get(judgement.conduit) ?? { connections: 0, bytes: 0 };
      carried.connections += connections;
      carried.bytes += bytes;
      conduitTraffic.set(judgement.conduit, carried);
    }
    edge.connections += connections;
    edge.bytes += bytes;
    edge.flows++;
    edge.firstSeen = Math.min(edge.firstSeen, flow.firstSeen);
    edge.lastSeen = Math.max(edge.lastSeen, flow.lastSeen);
    touch(source, judgement.verdict, connections);
    if (target !== source) {
      touch(target, judgement.verdict, connections);
    }
    if (same && judgement.src !== undefined) {
      const totals = intraZone.get(judgement.src.id) ?? { connections: 0, bytes: 0 };
      totals.connections += connections;
      totals.bytes += bytes;
      intraZone.set(judgement.src.id, totals);
    }
  }
  const flowEdges = [...accumulators.values()]
    .map(({ edge, reasons }) => {
      const sorted = [...reasons].sort(compareText);
      return { ...edge, reason: sorted.join('; '), reasons: sorted };
    })
    .sort((a, b) => compareText(a.id, b.id));

  // Conduit edges, in model order, even those nothing used.
  const conduitEdges: ConduitEdge[] = [];
  const conduitIds = new Set<string>();
  for (const conduit of model.conduits) {
    const from = zones.get(conduit.from);
    const to = zones.get(conduit.to);
    if (from === undefined || to === undefined) {
      problems.push(
        `conduit ${conduit.id} connects zone ${from === undefined ? conduit.from : conduit.to}, which the model does not have; not drawn`
      );
      continue;
    }
    let id = `conduit:${conduit.id}`;
    for (let n = 2; conduitIds.has(id); n++) {
      id = `conduit:${conduit.id}#${n}`;
    }
    conduitIds.add(id);
    const carried = conduitTraffic.get(conduit.id) ?? { connections: 0, bytes: 0 };
    const edge: ConduitEdge = {
      kind: 'conduit',
      id,
      source: zoneNodeId(from.id),
      target: zoneNodeId(to.id),
      conduit: conduit.id,
      direction: conduit.direction,
      controlType: conduit.controlType,
      slTarget: conduit.slTarget,
      services: (Array.isArray(conduit.services) ? conduit.services : []).map((s) =>
        s.port === undefined ? s.protocol : `${s.protocol}/${s.port}`
      ),
      skippedLevels: skippedLevels(from.purdueLevel, to.purdueLevel),
      connections: carried.connections,
      bytes: carried.bytes,
    };
    if (conduit.slAchieved !== undefined) {
      edge.slAchieved = conduit.slAchieved;
    }
    conduitEdges.push(edge);
  }

  // Findings per node.
  const findingStats = new Map<string, { count: number; max?: Severity }>();
  const credit = (node: string, severity: Severity) => {
    const stats = findingStats.get(node) ?? { count: 0 };
    stats.count++;
    stats.max = higher(stats.max, severity);
    findingStats.set(node, stats);
  };
  for (const finding of findings) {
    const nodes = new Set<string>();
    for (const entity of [finding.source, finding.destination]) {
      if (entity === undefined) {
        continue;
      }
      if (entity.zone !== undefined && zones.has(entity.zone)) {
        nodes.add(zoneNodeId(entity.zone));
      }
      const info =
        (entity.asset !== undefined ? book.byKey.get(entity.asset) : undefined) ??
        (entity.ip !== undefined ? (book.byIp.get(entity.ip) ?? book.byKey.get(entity.ip)) : undefined);
      if (info !== undefined) {
        nodes.add(assetNodeId(info.asset));
      }
    }
    for (const node of nodes) {
      credit(node, finding.severity);
    }
  }

  // Nodes: zones from the enterprise down, then the unzoned meeting point, then assets by zone and name.
  const zoneOrder = [...zones.values()].sort((a, b) => b.purdueLevel - a.purdueLevel || compareText(a.id, b.id));
  const assetsPerZone = new Map<string, number>();
  let unzonedAssets = 0;
  for (const info of book.byKey.values()) {
    if (info.zone === undefined) {
      unzonedAssets++;
    } else {
      assetsPerZone.set(info.zone.id, (assetsPerZone.get(info.zone.id) ?? 0) + 1);
    }
  }
  const withFindings = <T extends NodeCommon>(node: T): T => {
    const stats = findingStats.get(node.id);
    if (stats !== undefined) {
      node.findingCount = stats.count;
      if (stats.max !== undefined) {
        node.maxSeverity = stats.max;
      }
    }
    return node;
  };
  const nodes: TopologyNode[] = zoneOrder.map((zone) => {
    const id = zoneNodeId(zone.id);
    const node: ZoneNode = {
      kind: 'zone',
      id,
      title: zone.name,
      zone: zone.id,
      purdueLevel: zone.purdueLevel,
      slTarget: zone.slTarget,
      safety: zone.safety === true,
      assetCount: assetsPerZone.get(zone.id) ?? 0,
      findingCount: 0,
      traffic: touching.get(id) ?? emptyTotals(),
      intraZone: intraZone.get(zone.id) ?? { connections: 0, bytes: 0 },
    };
    if (zone.slAchieved !== undefined) {
      node.slAchieved = zone.slAchieved;
    }
    return withFindings(node);
  });
  if (input.level === 'zone' && unzonedUsed) {
    nodes.push({
      kind: 'unzoned',
      id: UNZONED_NODE_ID,
      title: 'No zone',
      assetCount: unzonedAssets,
      findingCount: 0,
      traffic: touching.get(UNZONED_NODE_ID) ?? emptyTotals(),
    });
  }
  if (input.level === 'asset') {
    const zoneRank = new Map(zoneOrder.map((z, i) => [z.id, i]));
    const assets = [...book.byKey.values()].sort(
      (a, b) =>
        (a.zone === undefined ? zoneOrder.length : (zoneRank.get(a.zone.id) ?? 0)) -
          (b.zone === undefined ? zoneOrder.length : (zoneRank.get(b.zone.id) ?? 0)) || compareText(a.asset, b.asset)
    );
    for (const info of assets) {
      const id = assetNodeId(info.asset);
      const node: AssetNode = {
        kind: 'asset',
        id,
        title: info.asset,
        asset: info.asset,
        findingCount: 0,
        traffic: touching.get(id) ?? emptyTotals(),
      };
      if (info.zone !== undefined) {
        node.parent = zoneNodeId(info.zone.id);
        node.zone = info.zone.id;
      }
      if (info.role !== undefined) {
        node.role = info.role;
      }
      if (info.criticality !== undefined) {
        node.criticality = info.criticality;
      }
      if (info.ip !== undefined) {
        node.ip = info.ip;
      }
      nodes.push(withFindings(node));
    }
  }

  return { level: input.level, nodes, edges: [...conduitEdges, ...flowEdges], problems };
}
