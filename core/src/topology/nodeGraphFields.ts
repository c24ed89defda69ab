/**
 * A topology as the columns of two data frames, `nodes` and `edges`, named as Grafana's Node Graph panel reads
 * them (`NodeGraphDataFrameFieldNames` in @grafana/data 12: id, title, subtitle, mainstat, secondarystat, arc__*,
 * color, highlighted, detail__*; edges add source, target, thickness, strokedasharray), plus Conduit's own typed
 * fields (kind, parent, verdict, ...) that the zone topology panel reads. The datasource only wraps each list of
 * fields in a frame with `meta: NODE_GRAPH_META`.
 *
 * The Node Graph panel fails on an edge whose end is not a node, so every edge here ends at a listed node. Traffic
 * within one zone is a loop at zone level, which the panel cannot draw: it is left out of the edges and shown on
 * the zone node instead (`detail__intrazone`).
 */
import { SEVERITIES } from '../finding';
import type { PurdueLevel } from '../model/zoneModel';
import { POLICY_VERDICTS, type PolicyVerdict, type Topology, type TopologyEdge, type TopologyNode } from './topology';

export type NodeGraphValue = string | number | boolean | null;

export interface NodeGraphFieldConfig {
  displayName?: string;
  unit?: string;
  min?: number;
  max?: number;
  color?: { mode: 'fixed'; fixedColor: string } | { mode: 'continuous-GrYlRd' };
}

/** One column of a frame, in the shape of a Grafana `Field` (the datasource passes it as it is). */
export interface NodeGraphField {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'time';
  values: NodeGraphValue[];
  config: NodeGraphFieldConfig;
}

export interface NodeGraphFrames {
  nodes: NodeGraphField[];
  edges: NodeGraphField[];
}

/** Frame meta that makes Grafana pick the Node Graph visualisation for both frames. */
export const NODE_GRAPH_META = { preferredVisualisationType: 'nodeGraph' } as const;

/** Edge colours by verdict, Grafana's palette; conduits (declared policy) in blue. */
export const VERDICT_COLORS: Record<PolicyVerdict, string> = {
  allowed: '#73BF69',
  violation: '#F2495C',
  unknown: '#FF9830',
};
export const CONDUIT_COLOR = '#8AB8FF';
/** Conduits are drawn dashed: they are what is allowed, not what was seen. */
const CONDUIT_DASH = '6 4';

const PURDUE_NAMES: Record<PurdueLevel, string> = {
  0: 'process',
  1: 'basic control',
  2: 'supervisory',
  3: 'site operations',
  3.5: 'industrial DMZ',
  4: 'business',
  5: 'enterprise',
};

const VERDICT_NAMES: Record<PolicyVerdict, string> = {
  allowed: 'Allowed traffic',
  violation: 'Policy violations',
  unknown: 'Traffic with an end in no zone',
};

function count(n: number, word: string): string {
  const digits = String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${digits} ${word}${n === 1 ? '' : 's'}`;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? String(Math.round(value)) : value.toFixed(1)} ${units[unit]}`;
}

function isoTime(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The columns of one frame, in the order they are added, each read from every row. */
class Columns<T> {
  private readonly fields: Array<{ field: NodeGraphField; read: (row: T) => NodeGraphValue | undefined }> = [];

  add(
    name: string,
    type: NodeGraphField['type'],
    read: (row: T) => NodeGraphValue | undefined,
    config: NodeGraphFieldConfig = {}
  ): this {
    this.fields.push({ field: { name, type, values: [], config }, read });
    return this;
  }

  build(rows: readonly T[]): NodeGraphField[] {
    return this.fields.map(({ field, read }) => ({ ...field, values: rows.map((row) => read(row) ?? null) }));
  }
}

function severityShare(node: TopologyNode): number {
  return node.maxSeverity === undefined ? 0 : SEVERITIES.indexOf(node.maxSeverity) / (SEVERITIES.length - 1);
}

function trafficTotal(node: TopologyNode): number {
  return POLICY_VERDICTS.reduce((sum, v) => sum + node.traffic[v], 0);
}

function subtitle(node: TopologyNode): string {
  switch (node.kind) {
    case 'zone': {
      const sl = `SL-T ${node.slTarget}${node.slAchieved === undefined ? '' : ` / SL-A ${node.slAchieved}`}`;
      return `L${node.purdueLevel} ${PURDUE_NAMES[node.purdueLevel] ?? ''} · ${sl}${node.safety ? ' · safety' : ''}`;
    }
    case 'asset':
      return [node.role, node.criticality === undefined ? undefined : `criticality ${node.criticality}`]
        .filter((part) => part !== undefined)
        .join(' · ');
    case 'unzoned':
      return 'addresses in no zone';
  }
}

function describeTraffic(node: TopologyNode): string {
  return POLICY_VERDICTS.map((v) => `${count(node.traffic[v], 'connection')} ${v}`).join(', ');
}

const nodeColumns = new Columns<TopologyNode>()
  .add('id', 'string', (n) => n.id)
  .add('title', 'string', (n) => n.title)
  .add('subtitle', 'string', subtitle)
  .add('mainstat', 'string', (n) => (n.findingCount === 0 ? 'no findings' : count(n.findingCount, 'finding')))
  .add('secondarystat', 'string', (n) =>
    n.kind === 'asset' ? (n.ip ?? n.zone ?? 'no zone') : count(n.assetCount, n.kind === 'zone' ? 'asset' : 'address')
  );
for (const verdict of POLICY_VERDICTS) {
  // Arcs show how the node's traffic was judged; a node without traffic has no arc and shows its colour.
  nodeColumns.add(
    `arc__${verdict}`,
    'number',
    (n) => {
      const total = trafficTotal(n);
      return total === 0 ? 0 : n.traffic[verdict] / total;
    },
    { displayName: VERDICT_NAMES[verdict], color: { mode: 'fixed', fixedColor: VERDICT_COLORS[verdict] } }
  );
}
nodeColumns
  .add('color', 'number', severityShare, {
    displayName: 'Highest finding severity',
    min: 0,
    max: 1,
    color: { mode: 'continuous-GrYlRd' },
  })
  .add(
    'highlighted',
    'boolean',
    (n) => n.traffic.violation > 0 || n.maxSeverity === 'high' || n.maxSeverity === 'critical'
  )
  .add('detail__kind', 'string', (n) => n.kind, { displayName: 'Kind' })
  .add('detail__zone', 'string', (n) => (n.kind === 'unzoned' ? null : n.zone), { displayName: 'Zone' })
  .add(
    'detail__purdue',
    'string',
    (n) => (n.kind === 'zone' ? `L${n.purdueLevel} (${PURDUE_NAMES[n.purdueLevel] ?? 'unknown'})` : null),
    { displayName: 'Purdue level' }
  )
  .add(
    'detail__securitylevel',
    'string',
    (n) => {
      if (n.kind !== 'zone') {
        return null;
      }
      if (n.slAchieved === undefined) {
        return `SL-T ${n.slTarget}, SL-A not assessed`;
      }
      const gap = n.slTarget - n.slAchieved;
      return `SL-T ${n.slTarget}, SL-A ${n.slAchieved}${gap > 0 ? ` (gap ${gap})` : ''}`;
    },
    { displayName: 'Security level' }
  )
  .add('detail__safety', 'string', (n) => (n.kind === 'zone' ? (n.safety ? 'safety zone' : 'no') : null), {
    displayName: 'Safety',
  })
  .add('detail__role', 'string', (n) => (n.kind === 'asset' ? n.role : null), { displayName: 'Role' })
  .add('detail__criticality', 'number', (n) => (n.kind === 'asset' ? n.criticality : null), {
    displayName: 'Criticality',
  })
  .add('detail__ip', 'string', (n) => (n.kind === 'asset' ? n.ip : null), { displayName: 'Address' })
  .add(
    'detail__findings',
    'string',
    (n) =>
      n.findingCount === 0 ? 'none' : `${count(n.findingCount, 'finding')}, highest ${n.maxSeverity ?? 'unknown'}`,
    { displayName: 'Findings' }
  )
  .add('detail__traffic', 'string', describeTraffic, { displayName: 'Traffic' })
  .add(
    'detail__intrazone',
    'string',
    (n) =>
      n.kind === 'zone' ? `${count(n.intraZone.connections, 'connection')}, ${formatBytes(n.intraZone.bytes)}` : null,
    { displayName: 'Within the zone' }
  )
  // Conduit's own fields, typed, for the zone topology panel.
  .add('kind', 'string', (n) => n.kind)
  .add('parent', 'string', (n) => (n.kind === 'asset' ? n.parent : null))
  .add('zone', 'string', (n) => (n.kind === 'unzoned' ? null : n.zone))
  .add('purdueLevel', 'number', (n) => (n.kind === 'zone' ? n.purdueLevel : null))
  .add('slTarget', 'number', (n) => (n.kind === 'zone' ? n.slTarget : null))
  .add('slAchieved', 'number', (n) => (n.kind === 'zone' ? n.slAchieved : null))
  .add('safety', 'boolean', (n) => (n.kind === 'zone' ? n.safety : null))
  .add('assetCount', 'number', (n) => (n.kind === 'asset' ? null : n.assetCount))
  .add('findingCount', 'number', (n) => n.findingCount)
  .add('maxSeverity', 'string', (n) => n.maxSeverity)
  .add('role', 'string', (n) => (n.kind === 'asset' ? n.role : null))
  .add('criticality', 'number', (n) => (n.kind === 'asset' ? n.criticality : null))
  .add('ip', 'string', (n) => (n.kind === 'asset' ? n.ip : null));

function serviceText(service: string, port: number): string {
  return `${service === '' ? 'port ' : `${service}/`}${port}`;
}

const edgeColumns = new Columns<TopologyEdge>()
  .add('id', 'string', (e) => e.id)
  .add('source', 'string', (e) => e.source)
  .add('target', 'string', (e) => e.target)
  .add('mainstat', 'string', (e) =>
    e.kind === 'flow'
      ? `${serviceText(e.service, e.port)} · ${count(e.connections, 'connection')}`
      : `conduit ${e.conduit}`
  )
  .add('secondarystat', 'string', (e) =>
    e.kind === 'flow'
      ? `${e.verdict} · ${formatBytes(e.bytes)}`
      : `${e.direction} ${e.controlType} · ${e.connections === 0 ? 'unused' : count(e.connections, 'connection')}`
  )
  .add('color', 'string', (e) => (e.kind === 'flow' ? VERDICT_COLORS[e.verdict] : CONDUIT_COLOR))
  .add('thickness', 'number', (e) =>
    e.kind === 'flow' ? Math.min(5, 1 + Math.log10(1 + Math.max(0, e.connections)) / 2) : 1
  )
  .add('strokedasharray', 'string', (e) => (e.kind === 'conduit' ? CONDUIT_DASH : null))
  .add('highlighted', 'boolean', (e) => e.kind === 'flow' && e.verdict === 'violation')
  .add('detail__kind', 'string', (e) => (e.kind === 'flow' ? 'observed traffic' : 'conduit'), { displayName: 'Kind' })
  .add('detail__verdict', 'string', (e) => (e.kind === 'flow' ? e.verdict : null), { displayName: 'Verdict' })
  .add('detail__reason', 'string', (e) => (e.kind === 'flow' ? e.reason : null), { displayName: 'Why' })
  .add(
    'detail__service',
    'string',
    (e) => (e.kind === 'flow' ? serviceText(e.service, e.port) : e.services.join(', ')),
    {
      displayName: 'Service',
    }
  )
  .add('detail__conduit', 'string', (e) => e.conduit, { displayName: 'Conduit' })
  .add(
    'detail__conduitpolicy',
    'string',
    (e) =>
      e.kind === 'conduit'
        ? `${e.direction}, ${e.controlType}, SL-T ${e.slTarget}${e.slAchieved === undefined ? '' : `, SL-A ${e.slAchieved}`}`
        : null,
    { displayName: 'Conduit policy' }
  )
  .add('detail__traffic', 'string', (e) => `${count(e.connections, 'connection')}, ${formatBytes(e.bytes)}`, {
    displayName: 'Traffic',
  })
  .add('detail__firstseen', 'string', (e) => (e.kind === 'flow' ? isoTime(e.firstSeen) : null), {
    displayName: 'First seen',
  })
  .add('detail__lastseen', 'string', (e) => (e.kind === 'flow' ? isoTime(e.lastSeen) : null), {
    displayName: 'Last seen',
  })
  .add(
    'detail__purdue',
    'string',
    (e) => (e.skippedLevels === 0 ? 'adjacent or same level' : `skips ${count(e.skippedLevels, 'Purdue level')}`),
    { displayName: 'Purdue levels' }
  )
  // Conduit's own fields, typed, for the zone topology panel.
  .add('kind', 'string', (e) => e.kind)
  .add('verdict', 'string', (e) => (e.kind === 'flow' ? e.verdict : null))
  .add('reason', 'string', (e) => (e.kind === 'flow' ? e.reason : null))
  .add('service', 'string', (e) => (e.kind === 'flow' ? e.service : null))
  .add('port', 'number', (e) => (e.kind === 'flow' ? e.port : null))
  .add('conduit', 'string', (e) => e.conduit)
  .add('direction', 'string', (e) => (e.kind === 'conduit' ? e.direction : null))
  .add('connections', 'number', (e) => e.connections)
  .add('bytes', 'number', (e) => e.bytes)
  .add('skippedLevels', 'number', (e) => e.skippedLevels)
  .add('skipsLevels', 'boolean', (e) => e.skippedLevels > 0);

/** The `nodes` and `edges` columns of a topology for Grafana's Node Graph panel and Conduit's topology panel. */
export function nodeGraphFields(topology: Topology): NodeGraphFrames {
  const nodes = Array.isArray(topology?.nodes) ? topology.nodes : [];
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (Array.isArray(topology?.edges) ? topology.edges : []).filter(
    (e) => e.source !== e.target && ids.has(e.source) && ids.has(e.target)
  );
  return { nodes: nodeColumns.build(nodes), edges: edgeColumns.build(edges) };
}
