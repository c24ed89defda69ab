import { css } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps, PanelPlugin } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import { type GraphEdge, type GraphNode, layoutNodeGraph, nodeGraphFrames, type NodeArc } from './nodeGraphLayout';

const ARROW_SIZE = 8;

/** The circle of a node as ring segments, one per arc field, clockwise from the top. */
function NodeRing({ node, fallback }: { node: GraphNode; fallback: string }) {
  const { x, y, radius, arcs } = node;
  if (arcs.length === 0) {
    return <circle cx={x} cy={y} r={radius} fill="none" stroke={node.color ?? fallback} strokeWidth={4} />;
  }
  if (arcs.length === 1 && arcs[0].share >= 0.999) {
    return <circle cx={x} cy={y} r={radius} fill="none" stroke={arcs[0].color} strokeWidth={4} />;
  }
  const point = (turn: number) => ({
    x: x + radius * Math.sin(2 * Math.PI * turn),
    y: y - radius * Math.cos(2 * Math.PI * turn),
  });
  return (
    <>
      {arcs.map((arc: NodeArc, index) => {
        const from = point(arc.start);
        const to = point(arc.start + arc.share);
        const large = arc.share > 0.5 ? 1 : 0;
        return (
          <path
            key={index}
            d={`M ${from.x} ${from.y} A ${radius} ${radius} 0 ${large} 1 ${to.x} ${to.y}`}
            fill="none"
            stroke={arc.color}
            strokeWidth={4}
          />
        );
      })}
    </>
  );
}

/** An edge from circle to circle with an arrow at the target, shifted sideways by its offset. */
function EdgeLine({ edge, fallback }: { edge: GraphEdge; fallback: string }) {
  const { source, target, offset } = edge;
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const length = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / length, dy / length];
  const [nx, ny] = [-uy * offset, ux * offset];
  const start = { x: source.x + ux * source.radius + nx, y: source.y + uy * source.radius + ny };
  const tip = { x: target.x - ux * (target.radius + 2) + nx, y: target.y - uy * (target.radius + 2) + ny };
  const base = { x: tip.x - ux * ARROW_SIZE, y: tip.y - uy * ARROW_SIZE };
  const color = edge.color ?? fallback;
  const width = edge.highlighted ? edge.thickness + 1 : edge.thickness;
  return (
    <g data-testid="host-node-graph-edge">
      <title>{[edge.mainStat, ...edge.details].filter(Boolean).join('\n')}</title>
      <line
        x1={start.x}
        y1={start.y}
        x2={base.x}
        y2={base.y}
        stroke={color}
        strokeWidth={width}
        strokeDasharray={edge.dash}
      />
      <polygon
        points={`${tip.x},${tip.y} ${base.x - uy * ARROW_SIZE * 0.6},${base.y + ux * ARROW_SIZE * 0.6} ${base.x + uy * ARROW_SIZE * 0.6},${base.y - ux * ARROW_SIZE * 0.6}`}
        fill={color}
      />
    </g>
  );
}

/**
 * Grafana's Node Graph panel in brief, which @grafana/ui does not export: the nodes frame's circles with their
 * arcs, stats, title and subtitle, the edges frame's arrows with colour, thickness and dashes, details as
 * hover titles; laid out in layers (see nodeGraphLayout.ts) rather than by Grafana's force simulation.
 */
function NodeGraphPanel({ id, data, width, height, fieldConfig }: PanelProps<{}>) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const layout = useMemo(() => {
    const { nodes, edges } = nodeGraphFrames(data.series);
    return nodes && nodes.length > 0 ? layoutNodeGraph(nodes, edges, width, height) : undefined;
  }, [data.series, width, height]);
  if (!layout) {
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} message="No nodes in the data" />;
  }
  const secondary = theme.colors.text.secondary;
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`Node graph of ${layout.nodes.length} nodes and ${layout.edges.length} edges`}
      className={styles.graph}
    >
      {layout.edges.map((edge) => (
        <EdgeLine key={edge.id} edge={edge} fallback={secondary} />
      ))}
      {layout.nodes.map((node) => (
        <g key={node.id} data-testid="host-node-graph-node">
          <title>{[node.title, node.subtitle, ...node.details].filter(Boolean).join('\n')}</title>
          <circle
            cx={node.x}
            cy={node.y}
            r={node.radius}
            className={node.highlighted ? styles.highlighted : styles.node}
          />
          <NodeRing node={node} fallback={secondary} />
          <text x={node.x} y={node.y - 2} className={styles.mainStat}>
            {node.mainStat}
          </text>
          <text x={node.x} y={node.y + 12} className={styles.secondaryStat}>
            {node.secondaryStat}
          </text>
          <text x={node.x} y={node.y + node.radius + 16} className={styles.title}>
            {node.title}
          </text>
          <text x={node.x} y={node.y + node.radius + 30} className={styles.subtitle}>
            {node.subtitle}
          </text>
        </g>
      ))}
    </svg>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  // A halo of the panel's background keeps labels legible where edges cross them.
  const label = {
    textAnchor: 'middle' as const,
    fill: theme.colors.text.primary,
    paintOrder: 'stroke',
    stroke: theme.colors.background.primary,
    strokeWidth: 3,
  };
  return {
    graph: css({ display: 'block' }),
    node: css({ fill: theme.colors.background.primary }),
    highlighted: css({
      fill: theme.colors.background.primary,
      stroke: theme.colors.error.main,
      strokeWidth: 10,
      strokeOpacity: 0.3,
    }),
    mainStat: css({ ...label, fontSize: 11 }),
    secondaryStat: css({ ...label, fontSize: 10, fill: theme.colors.text.secondary }),
    title: css({ ...label, fontSize: 12, fontWeight: theme.typography.fontWeightMedium }),
    subtitle: css({ ...label, fontSize: 10, fill: theme.colors.text.secondary }),
  };
};

/** The node graph panel: options are Grafana's panel options the host has no use for, so none are set. */
export function nodeGraphPanelPlugin(): PanelPlugin {
  return new PanelPlugin(NodeGraphPanel);
}
