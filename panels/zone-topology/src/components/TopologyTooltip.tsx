import type { LaidOutEdge } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Portal, useStyles2, VizTooltipContainer } from '@grafana/ui';

import { selectors } from '../selectors';
import type { TopologyEntity } from '../types';

interface Props {
  position: { x: number; y: number };
  entity?: TopologyEntity;
  edge?: LaidOutEdge;
  titleOf: (id: string) => string;
  /** Text of the input links an edge sums (the first few). */
  edgeText?: string;
}

function edgeHeading(edge: LaidOutEdge): string {
  return edge.kind === 'conduit'
    ? `Conduit${edge.twoWay ? ', two-way' : ', one-way'}`
    : `Traffic: ${edge.verdict ?? 'unknown'}`;
}

/** Grafana's tooltip container (the one core panels use) with what the map knows of a zone, an asset or an edge. */
export function TopologyTooltip({ position, entity, edge, titleOf, edgeText }: Props) {
  const styles = useStyles2(getStyles);
  const rows: Array<[string, string]> = [];
  let heading = '';
  if (entity !== undefined) {
    heading = entity.title;
    rows.push(['Kind', entity.kind === 'zone' ? `zone${entity.safety ? ' (safety)' : ''}` : 'asset']);
    if (entity.subtitle) {
      rows.push(['', entity.subtitle]);
    }
    if (entity.colorText !== undefined) {
      rows.push(['Colour value', entity.colorText]);
    }
    rows.push([
      'Findings',
      entity.findingCount === 0
        ? 'none'
        : `${entity.findingCount}${entity.maxSeverity ? `, highest ${entity.maxSeverity}` : ''}`,
    ]);
    if (entity.slTarget !== undefined) {
      rows.push([
        'Security level',
        `SL-T ${entity.slTarget}${entity.slAchieved === undefined ? ', SL-A not assessed' : `, SL-A ${entity.slAchieved}`}`,
      ]);
    }
    rows.push(
      ...entity.details.filter(([label]) => !['Kind', 'Findings', 'Security level'].includes(label)).slice(0, 8)
    );
  } else if (edge !== undefined) {
    heading = edgeHeading(edge);
    rows.push(['From', titleOf(edge.source)], ['To', titleOf(edge.target)]);
    if (edge.kind === 'flow') {
      rows.push([
        'Volume',
        `${edge.volume.toLocaleString('en')} over ${edge.links} flow${edge.links === 1 ? '' : 's'}`,
      ]);
    }
    if (edgeText) {
      rows.push(['', edgeText]);
    }
  }
  return (
    <Portal>
      <VizTooltipContainer position={position} offset={{ x: 12, y: 12 }}>
        <div className={styles.body} data-testid={selectors.tooltip}>
          <div className={styles.heading}>{heading}</div>
          <table>
            <tbody>
              {rows.map(([label, value], index) => (
                <tr key={index}>
                  <th className={styles.label}>{label}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </VizTooltipContainer>
    </Portal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ padding: theme.spacing(1), maxWidth: 420, fontSize: theme.typography.bodySmall.fontSize }),
  heading: css({
    fontWeight: theme.typography.fontWeightMedium,
    marginBottom: theme.spacing(0.5),
    wordBreak: 'break-all',
  }),
  label: css({
    color: theme.colors.text.secondary,
    fontWeight: 'normal',
    paddingRight: theme.spacing(1),
    verticalAlign: 'top',
    whiteSpace: 'nowrap',
  }),
});
