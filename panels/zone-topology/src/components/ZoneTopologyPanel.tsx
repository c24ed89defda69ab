import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { useMemo } from 'react';

import { topologyFromFrames } from '../topologyFrames';
import type { Topology, TopologyNode, ZoneTopologyOptions } from '../types';

const NODE_HEIGHT = 32;
const ROW_GAP = 40;
const COLUMN_GAP = 16;
const LABEL_WIDTH = 72;

interface PlacedNode extends TopologyNode {
  x: number;
  y: number;
}

interface Layer {
  label: string;
  nodes: TopologyNode[];
}

/** Purdue layers top-down (enterprise above process); nodes without a level share one last row. */
function layers(nodes: TopologyNode[]): Layer[] {
  const levels = [...new Set(nodes.flatMap((node) => (node.level === undefined ? [] : [node.level])))].sort(
    (a, b) => b - a
  );
  const result: Layer[] = levels.map((level) => ({
    label: `Level ${level}`,
    nodes: nodes.filter((node) => node.level === level),
  }));
  const unlevelled = nodes.filter((node) => node.level === undefined);
  if (unlevelled.length > 0) {
    result.push({ label: levels.length > 0 ? 'No level' : '', nodes: unlevelled });
  }
  return result;
}

function place(topology: Topology, nodeWidth: number) {
  const rows = layers(topology.nodes);
  const placed = new Map<string, PlacedNode>();
  rows.forEach((row, rowIndex) => {
    row.nodes.forEach((node, column) => {
      placed.set(node.id, {
        ...node,
        x: LABEL_WIDTH + column * (nodeWidth + COLUMN_GAP),
        y: rowIndex * (NODE_HEIGHT + ROW_GAP),
      });
    });
  });
  const widest = Math.max(...rows.map((row) => row.nodes.length));
  const width = LABEL_WIDTH + widest * (nodeWidth + COLUMN_GAP);
  const height = rows.length * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
  return { rows, placed, width, height };
}

type Props = PanelProps<ZoneTopologyOptions>;

/** Zones and assets as boxes in Purdue layers, conduits as lines between them. */
export function ZoneTopologyPanel({ id, data, width, height, options, fieldConfig }: Props) {
  const styles = useStyles2(getStyles);
  const topology = useMemo(() => topologyFromFrames(data.series), [data.series]);

  if (!topology) {
    return (
      <PanelDataErrorView
        panelId={id}
        data={data}
        fieldConfig={fieldConfig}
        message="No zones or assets to draw: the query must return a nodes frame with an id field (a Conduit topology query does)."
      />
    );
  }

  const layout = place(topology, options.nodeWidth);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`-4 -4 ${layout.width + 8} ${layout.height + 8}`}
      preserveAspectRatio="xMidYMin meet"
      role="img"
      aria-label={`Topology of ${topology.nodes.length} nodes and ${topology.edges.length} conduits`}
    >
      {layout.rows.map((row, index) => (
        <text key={row.label || index} className={styles.layerLabel} x={0} y={index * (NODE_HEIGHT + ROW_GAP) + 20}>
          {row.label}
        </text>
      ))}
      {options.showConduits &&
        topology.edges.map((edge) => {
          const from = layout.placed.get(edge.source);
          const to = layout.placed.get(edge.target);
          return from && to ? (
            <line
              key={edge.id}
              data-testid="conduit"
              className={styles.conduit}
              x1={from.x + options.nodeWidth / 2}
              y1={from.y + NODE_HEIGHT / 2}
              x2={to.x + options.nodeWidth / 2}
              y2={to.y + NODE_HEIGHT / 2}
            />
          ) : null;
        })}
      {[...layout.placed.values()].map((node) => (
        <g key={node.id} transform={`translate(${node.x} ${node.y})`}>
          <rect className={styles.node} width={options.nodeWidth} height={NODE_HEIGHT} rx={4} />
          <text className={styles.nodeTitle} x={options.nodeWidth / 2} y={NODE_HEIGHT / 2 + 4} textAnchor="middle">
            {node.title}
          </text>
        </g>
      ))}
    </svg>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  node: css({
    fill: theme.colors.background.secondary,
    stroke: theme.colors.border.strong,
    strokeWidth: 1,
  }),
  nodeTitle: css({
    fill: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  layerLabel: css({
    fill: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  conduit: css({
    stroke: theme.colors.text.disabled,
    strokeWidth: 1.5,
  }),
});
