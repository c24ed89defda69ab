import {
  type DataFrame,
  type Field,
  FieldType,
  formattedValueToString,
  NodeGraphDataFrameFieldNames as Names,
} from '@grafana/data';

/**
 * A ring segment of a node (the node graph's `arc__*` fields): where it starts and its share of the circle,
 * both from 0 to 1 clockwise from the top, and its colour.
 */
export interface NodeArc {
  start: number;
  share: number;
  color: string;
}

export interface GraphNode {
  id: string;
  title: string;
  subtitle: string;
  mainStat: string;
  secondaryStat: string;
  arcs: NodeArc[];
  /** The ring's colour when the node has no arcs (the `color` field), else undefined. */
  color?: string;
  highlighted: boolean;
  radius: number;
  details: string[];
  x: number;
  y: number;
}

export interface GraphEdge {
  id: string;
  source: GraphNode;
  target: GraphNode;
  mainStat: string;
  color?: string;
  thickness: number;
  dash?: string;
  highlighted: boolean;
  details: string[];
  /** Offset from the centre line, so that edges between the same two nodes do not cover each other. */
  offset: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const MAX_RADIUS = 40;
const MIN_RADIUS = 18;
/** Room beside the outer nodes for their labels, and below the lowest for its title and subtitle. */
const SIDE_MARGIN = 110;
const TOP_MARGIN = 50;
const BOTTOM_MARGIN = 70;
const PARALLEL_EDGE_GAP = 7;

function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((candidate) => candidate.name === name);
}

/** A field's value as its display processor shows it (unit, decimals, mappings), or as text. */
function shown(frame: DataFrame, name: string, row: number): string {
  const found = field(frame, name);
  const value = found?.values[row];
  if (value === null || value === undefined) {
    return '';
  }
  const display = found?.display?.(value);
  return display ? formattedValueToString(display) : String(value);
}

function detailsOf(frame: DataFrame, row: number): string[] {
  return frame.fields
    .filter((candidate) => candidate.name.startsWith(Names.detail))
    .map((detail) => ({
      label: detail.config.displayName ?? detail.name.slice(Names.detail.length),
      value: shown(frame, detail.name, row),
    }))
    .filter(({ value }) => value !== '')
    .map(({ label, value }) => `${label}: ${value}`);
}

/** The node graph's two frames, as Grafana's Node Graph panel finds them: edges have source and target. */
export function nodeGraphFrames(series: DataFrame[]): { nodes?: DataFrame; edges?: DataFrame } {
  const isEdges = (frame: DataFrame) => Boolean(field(frame, Names.source) && field(frame, Names.target));
  return {
    edges: series.find(isEdges),
    nodes: series.find((frame) => !isEdges(frame) && field(frame, Names.id) !== undefined),
  };
}

function readNodes(frame: DataFrame): GraphNode[] {
  const arcFields = frame.fields.filter((candidate) => candidate.name.startsWith(Names.arc));
  const colorField = field(frame, Names.color);
  const radiusField = field(frame, Names.nodeRadius);
  const highlightedField = field(frame, Names.highlighted);
  return Array.from({ length: frame.length }, (_, row) => {
    const arcs: NodeArc[] = [];
    for (const arc of arcFields) {
      const share = Number(arc.values[row] ?? 0);
      if (share > 0) {
        const start = arcs.reduce((sum, previous) => sum + previous.share, 0);
        const color = arc.config.color?.fixedColor ?? arc.display?.(arc.values[row]).color ?? 'gray';
        arcs.push({ start, share, color });
      }
    }
    const colorValue = colorField?.values[row];
    const color = colorField?.type === FieldType.string ? String(colorValue) : colorField?.display?.(colorValue).color;
    return {
      id: String(field(frame, Names.id)?.values[row]),
      title: shown(frame, Names.title, row),
      subtitle: shown(frame, Names.subTitle, row),
      mainStat: shown(frame, Names.mainStat, row),
      secondaryStat: shown(frame, Names.secondaryStat, row),
      arcs,
      color: arcs.length === 0 ? color : undefined,
      highlighted: highlightedField?.values[row] === true,
      radius: Number(radiusField?.values[row] ?? MAX_RADIUS) || MAX_RADIUS,
      details: detailsOf(frame, row),
      x: 0,
      y: 0,
    };
  });
}

/**
 * Layers from left to right by breadth-first distance from the nodes nothing points to (the way traffic
 * enters), each layer a column spread over the panel: a layered drawing in place of Grafana's force layout,
 * stable from run to run. Circles shrink to fit the gaps, down to a size their stats still fit in.
 */
function placeInLayers(nodes: GraphNode[], links: Array<[GraphNode, GraphNode]>, width: number, height: number): void {
  const outgoing = new Map<GraphNode, GraphNode[]>(nodes.map((node) => [node, []]));
  const pointedTo = new Set<GraphNode>();
  for (const [source, target] of links) {
    outgoing.get(source)?.push(target);
    pointedTo.add(target);
  }
  const layerOf = new Map<GraphNode, number>();
  const visit = (starts: GraphNode[]) => {
    let frontier = starts.filter((node) => !layerOf.has(node));
    frontier.forEach((node) => layerOf.set(node, 0));
    for (let layer = 1; frontier.length > 0; layer++) {
      frontier = [...new Set(frontier.flatMap((node) => outgoing.get(node) ?? []))].filter(
        (node) => !layerOf.has(node)
      );
      frontier.forEach((node) => layerOf.set(node, layer));
    }
  };
  visit(nodes.filter((node) => !pointedTo.has(node)));
  // Nodes only reachable through a cycle: each unplaced one starts a layering of its own.
  for (const node of nodes) {
    visit([node]);
  }
  const layers: GraphNode[][] = [];
  for (const node of nodes) {
    (layers[layerOf.get(node) ?? 0] ??= []).push(node);
  }
  const tallest = Math.max(...layers.map((layer) => layer.length));
  const columnGap = layers.length > 1 ? (width - 2 * SIDE_MARGIN) / (layers.length - 1) : 0;
  const rowGap = tallest > 1 ? (height - TOP_MARGIN - BOTTOM_MARGIN) / (tallest - 1) : 0;
  const fits = Math.min(columnGap > 0 ? columnGap / 3 : MAX_RADIUS, rowGap > 0 ? (rowGap - 40) / 2 : MAX_RADIUS);
  const radius = Math.max(MIN_RADIUS, Math.min(MAX_RADIUS, fits));
  layers.forEach((layer, column) =>
    layer.forEach((node, row) => {
      node.radius = Math.min(node.radius, radius);
      node.x = layers.length > 1 ? SIDE_MARGIN + column * columnGap : width / 2;
      node.y =
        tallest > 1 ? TOP_MARGIN + (row + (tallest - layer.length) / 2) * rowGap : height / 2 - BOTTOM_MARGIN / 2;
    })
  );
}

/** The nodes and edges frames of a node graph, read and laid out on a panel of the given size. */
export function layoutNodeGraph(
  nodesFrame: DataFrame,
  edgesFrame: DataFrame | undefined,
  width: number,
  height: number
): GraphLayout {
  const nodes = readNodes(nodesFrame);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges: GraphEdge[] = [];
  const pairCounts = new Map<string, number>();
  for (let row = 0; edgesFrame && row < edgesFrame.length; row++) {
    const source = byId.get(String(field(edgesFrame, Names.source)?.values[row]));
    const target = byId.get(String(field(edgesFrame, Names.target)?.values[row]));
    if (!source || !target || source === target) {
      continue;
    }
    const pair = [source.id, target.id].sort().join('\u0000');
    const index = pairCounts.get(pair) ?? 0;
    pairCounts.set(pair, index + 1);
    const dash = field(edgesFrame, Names.strokeDasharray)?.values[row];
    const colorField = field(edgesFrame, Names.color);
    const colorValue = colorField?.values[row];
    edges.push({
      id: String(field(edgesFrame, Names.id)?.values[row] ?? `${source.id}-${target.id}-${index}`),
      source,
      target,
      mainStat: shown(edgesFrame, Names.mainStat, row),
      color: colorField?.type === FieldType.string ? String(colorValue) : colorField?.display?.(colorValue).color,
      thickness: Number(field(edgesFrame, Names.thickness)?.values[row] ?? 1) || 1,
      dash: typeof dash === 'string' && dash !== '' ? dash : undefined,
      highlighted: field(edgesFrame, Names.highlighted)?.values[row] === true,
      details: detailsOf(edgesFrame, row),
      // 0, +1, -1, +2, ... gaps from the centre line.
      offset: (index % 2 === 0 ? 1 : -1) * Math.ceil(index / 2) * PARALLEL_EDGE_GAP,
    });
  }
  placeInLayers(
    nodes,
    edges.map((edge) => [edge.source, edge.target]),
    width,
    height
  );
  return { nodes, edges };
}
