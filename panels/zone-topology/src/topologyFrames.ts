import { type DataFrame, type Field, FieldType } from '@grafana/data';

import type { Topology, TopologyEdge, TopologyNode } from './types';

function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((f) => f.name === name);
}

function text(f: Field | undefined, row: number): string | undefined {
  const value: unknown = f?.values[row];
  return value === undefined || value === null ? undefined : String(value);
}

function isEdgeFrame(frame: DataFrame): boolean {
  return Boolean(field(frame, 'source') && field(frame, 'target'));
}

function readNodes(frame: DataFrame): TopologyNode[] {
  const ids = field(frame, 'id');
  const titles = field(frame, 'title');
  // `purdueLevel` is the Conduit datasource's name; `level` is accepted from other sources.
  const levels = frame.fields.find(
    (f) => (f.name === 'purdueLevel' || f.name === 'level') && f.type === FieldType.number
  );
  const safety = frame.fields.find((f) => f.name === 'safety' && f.type === FieldType.boolean);
  const parents = field(frame, 'parent');
  const nodes: TopologyNode[] = [];
  for (let row = 0; row < frame.length; row++) {
    const id = text(ids, row);
    if (id !== undefined) {
      const level: unknown = levels?.values[row];
      const parent = text(parents, row);
      nodes.push({
        id,
        title: text(titles, row) ?? id,
        level: typeof level === 'number' && Number.isFinite(level) ? level : undefined,
        ...(safety?.values[row] === true ? { safety: true } : {}),
        ...(parent === undefined ? {} : { parent }),
      });
    }
  }
  return nodes;
}

function readEdges(frame: DataFrame, known: Set<string>): TopologyEdge[] {
  const ids = field(frame, 'id');
  const sources = field(frame, 'source');
  const targets = field(frame, 'target');
  const colors = field(frame, 'color');
  const dashes = field(frame, 'strokedasharray');
  const edges: TopologyEdge[] = [];
  for (let row = 0; row < frame.length; row++) {
    const source = text(sources, row);
    const target = text(targets, row);
    // An edge to a node the query did not return has nowhere to be drawn.
    if (source !== undefined && target !== undefined && known.has(source) && known.has(target)) {
      const color = colors?.type === FieldType.string ? text(colors, row) : undefined;
      const dash = text(dashes, row);
      edges.push({
        id: text(ids, row) ?? `${source}->${target}`,
        source,
        target,
        ...(color === undefined ? {} : { color }),
        ...(dash === undefined ? {} : { dash }),
      });
    }
  }
  return edges;
}

/**
 * Reads nodes and edges from data frames in the Node Graph panel's convention: a nodes frame with `id`
 * (and `title`, `purdueLevel` or `level`, `safety`, `parent`), an edges frame with `id`, `source` and `target` (and
 * `color`, `strokedasharray`). Returns undefined when there are no nodes.
 */
export function topologyFromFrames(series: DataFrame[]): Topology | undefined {
  const nodes = series.filter((frame) => !isEdgeFrame(frame) && field(frame, 'id')).flatMap(readNodes);
  if (nodes.length === 0) {
    return undefined;
  }
  const known = new Set(nodes.map((node) => node.id));
  const edges = series.filter(isEdgeFrame).flatMap((frame) => readEdges(frame, known));
  return { nodes, edges };
}
