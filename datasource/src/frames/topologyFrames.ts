/**
 * The topology query: zones (or assets), conduits and the observed flows with their policy verdict, as the two
 * frames Grafana's Node Graph panel reads, `nodes` and `edges` (the core names and types the columns; see
 * core/src/topology/nodeGraphFields.ts), which the zone topology panel reads too.
 */
import {
  buildTopology,
  NODE_GRAPH_META,
  type NodeGraphField,
  nodeGraphFields,
  type Topology,
  type TopologyNode,
} from '@conduit/core';
import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

import type { PlantAnalysis } from '../analysis/plantAnalysis';
import type { TopologyLevel } from '../types';
import { analysisMeta, warningNotices } from './frameMeta';

const FIELD_TYPES: Readonly<Record<NodeGraphField['type'], FieldType>> = {
  string: FieldType.string,
  number: FieldType.number,
  boolean: FieldType.boolean,
  time: FieldType.time,
};

function nodeZone(node: TopologyNode): string | undefined {
  return node.kind === 'unzoned' ? undefined : node.zone;
}

/**
 * The part of a topology that touches some zones: their nodes, every edge with an end there and its other end,
 * and the zone of every asset kept (its container, which the zone topology panel draws around it).
 */
export function topologyOfZones(topology: Topology, zones: readonly string[]): Topology {
  const inside = new Set(
    topology.nodes
      .filter((node) => {
        const zone = nodeZone(node);
        return zone !== undefined && zones.includes(zone);
      })
      .map((node) => node.id)
  );
  const edges = topology.edges.filter((edge) => inside.has(edge.source) || inside.has(edge.target));
  const kept = new Set([...inside, ...edges.flatMap((edge) => [edge.source, edge.target])]);
  for (const node of topology.nodes) {
    if (kept.has(node.id) && node.kind === 'asset' && node.parent !== undefined) {
      kept.add(node.parent);
    }
  }
  return { ...topology, nodes: topology.nodes.filter((node) => kept.has(node.id)), edges };
}

function frame(
  name: 'nodes' | 'edges',
  fields: readonly NodeGraphField[],
  refId: string,
  meta: DataFrame['meta']
): DataFrame {
  return createDataFrame({
    refId,
    name,
    meta,
    fields: fields.map((field) => ({
      name: field.name,
      type: FIELD_TYPES[field.type],
      values: field.values,
      config: field.config,
    })),
  });
}

export function topologyFrames(
  analysis: PlantAnalysis,
  level: TopologyLevel,
  zones: readonly string[] | undefined,
  refId: string
): DataFrame[] {
  const whole = buildTopology({
    model: analysis.model,
    flows: analysis.observations.flows,
    findings: analysis.findings,
    assets: analysis.observations.assets,
    level,
  });
  const topology = zones === undefined ? whole : topologyOfZones(whole, zones);
  const columns = nodeGraphFields(topology);
  const base = analysisMeta(analysis, 'nodeGraph');
  const notices = [...(base.notices ?? []), ...warningNotices(topology.problems)];
  const meta = { ...base, ...NODE_GRAPH_META, ...(notices.length > 0 ? { notices } : {}) };
  return [frame('nodes', columns.nodes, refId, meta), frame('edges', columns.edges, refId, meta)];
}
