import { type PurdueBand, purdueLayout } from '@conduit/core';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import { topologyFromFrames } from '../topologyFrames';
import type { ZoneTopologyOptions } from '../types';

/** Average width of a character of the small font, to cut titles that do not fit their box. */
const CHAR_WIDTH = 6.5;
/** Below this box height a title cannot be read; the box keeps it as a tooltip only. */
const MIN_TITLE_HEIGHT = 14;

function fitted(title: string, width: number): string {
  const chars = Math.floor((width - 8) / CHAR_WIDTH);
  if (title.length <= chars) {
    return title;
  }
  return chars < 2 ? '' : `${title.slice(0, chars - 1)}…`;
}

/** The band's whole label when the label column holds it, else the level alone (`L1`). */
function bandLabel(band: PurdueBand, labelWidth: number): string {
  return band.label.length * CHAR_WIDTH <= labelWidth - 8 || band.level === undefined ? band.label : `L${band.level}`;
}

type Props = PanelProps<ZoneTopologyOptions>;

/**
 * Zones in Purdue bands (enterprise on top, the process at the bottom), conduits as lines between them; at asset
 * level each zone is drawn around its assets.
 */
export function ZoneTopologyPanel({ id, data, width, height, options, fieldConfig }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const topology = useMemo(() => topologyFromFrames(data.series), [data.series]);
  const layout = useMemo(
    () =>
      topology &&
      purdueLayout(
        topology.nodes,
        options.showConduits ? topology.edges : [],
        { width, height },
        {
          maxBoxWidth: options.nodeWidth,
        }
      ),
    [topology, options.showConduits, options.nodeWidth, width, height]
  );

  if (!topology || !layout) {
    return (
      <PanelDataErrorView
        panelId={id}
        data={data}
        fieldConfig={fieldConfig}
        message="No zones or assets to draw: the query must return a nodes frame with an id field (a Conduit topology query does)."
      />
    );
  }

  const edgeStyle = new Map(topology.edges.map((edge) => [edge.id, edge]));
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={`Topology of ${topology.nodes.length} nodes and ${topology.edges.length} conduits`}
    >
      {layout.bands.map((band, index) => (
        <g key={band.key} data-testid="purdue-band" data-band={band.key}>
          <rect
            className={index % 2 === 0 ? styles.band : styles.bandAlternate}
            x={0}
            y={band.y}
            width={layout.width}
            height={band.height}
          />
          <text className={styles.bandLabel} x={4} y={band.y + band.height / 2 + 4}>
            {bandLabel(band, layout.labelWidth)}
          </text>
        </g>
      ))}
      {layout.containers.map((container) => (
        <rect
          key={`${container.id}@${container.y}`}
          data-testid="zone-container"
          data-zone={container.id}
          className={styles.container}
          x={container.x}
          y={container.y}
          width={container.width}
          height={container.height}
          rx={6}
        >
          <title>{`${container.title} and its assets`}</title>
        </rect>
      ))}
      {layout.edges.map((segment) => {
        const edge = edgeStyle.get(segment.id);
        return (
          <line
            key={segment.id}
            data-testid="conduit"
            className={styles.conduit}
            stroke={edge?.color ?? theme.colors.text.disabled}
            strokeDasharray={edge?.dash}
            x1={segment.x1}
            y1={segment.y1}
            x2={segment.x2}
            y2={segment.y2}
          />
        );
      })}
      {layout.boxes.map((box) => (
        <g key={box.id} data-testid="zone-box" data-node={box.id} transform={`translate(${box.x} ${box.y})`}>
          <title>{`${box.title} (${layout.bands[box.band]?.label ?? ''}${box.safety ? ', safety zone' : ''})`}</title>
          <rect className={cx(styles.node, box.safety && styles.safety)} width={box.width} height={box.height} rx={4} />
          {box.height >= MIN_TITLE_HEIGHT && (
            <text className={styles.nodeTitle} x={box.width / 2} y={box.height / 2 + 4} textAnchor="middle">
              {fitted(box.title, box.width)}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  band: css({
    fill: theme.colors.background.primary,
  }),
  bandAlternate: css({
    fill: theme.colors.background.secondary,
  }),
  bandLabel: css({
    fill: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  container: css({
    fill: theme.colors.action.hover,
    stroke: theme.colors.border.medium,
    strokeDasharray: '4 3',
    strokeWidth: 1,
  }),
  node: css({
    fill: theme.colors.background.canvas,
    stroke: theme.colors.border.strong,
    strokeWidth: 1,
  }),
  safety: css({
    stroke: theme.colors.warning.border,
    strokeWidth: 2,
  }),
  nodeTitle: css({
    fill: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  conduit: css({
    strokeWidth: 1.5,
  }),
});
