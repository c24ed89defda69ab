import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import { riskMatrix } from '../riskMatrix';
import type { RiskHeatmapOptions } from '../types';

/** Colour bands of a classic risk matrix, by likelihood x impact as a share of the largest product. */
function bandColor(theme: GrafanaTheme2, likelihood: number, impact: number, scale: number): string {
  const share = (likelihood * impact) / (scale * scale);
  const name = share <= 0.16 ? 'green' : share <= 0.36 ? 'yellow' : share <= 0.64 ? 'orange' : 'red';
  return theme.visualization.getColorByName(name);
}

function describeCell(likelihood: number, impact: number, entities: string[]): string {
  const who = entities.length > 0 ? ` (${entities.join(', ')})` : '';
  return `Likelihood ${likelihood}, impact ${impact}: ${entities.length} ${entities.length === 1 ? 'entity' : 'entities'}${who}`;
}

type Props = PanelProps<RiskHeatmapOptions>;

/** Likelihood (across) against impact (up): how many zones or assets sit in each cell. */
export function RiskHeatmapPanel({ id, data, width, height, options, fieldConfig }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const matrix = useMemo(() => riskMatrix(data.series, options.scale), [data.series, options.scale]);

  if (!matrix) {
    return (
      <PanelDataErrorView
        panelId={id}
        data={data}
        fieldConfig={fieldConfig}
        message="No risk scores to place: the query must return likelihood and impact fields (a Conduit risk query does)."
      />
    );
  }

  const levels = Array.from({ length: matrix.scale }, (_, index) => index + 1);
  return (
    <div className={styles.wrapper} style={{ width, height }}>
      <div
        className={styles.grid}
        style={{
          gridTemplateColumns: `auto repeat(${matrix.scale}, 1fr)`,
          gridTemplateRows: `repeat(${matrix.scale}, 1fr) auto`,
        }}
        role="grid"
        aria-label="Risk matrix"
      >
        {[...levels].reverse().map((impact) => [
          <div key={`impact-${impact}`} className={styles.axis}>
            {impact}
          </div>,
          ...levels.map((likelihood) => {
            const entities = matrix.cells[impact - 1][likelihood - 1];
            return (
              <div
                key={`${impact}-${likelihood}`}
                role="gridcell"
                aria-label={describeCell(likelihood, impact, entities)}
                title={describeCell(likelihood, impact, entities)}
                className={styles.cell}
                style={{
                  background: bandColor(theme, likelihood, impact, matrix.scale),
                  opacity: entities.length > 0 ? 1 : 0.35,
                }}
              >
                {options.showCounts && entities.length > 0 ? entities.length : null}
              </div>
            );
          }),
        ])}
        <div className={styles.axis}>impact / likelihood</div>
        {levels.map((likelihood) => (
          <div key={`likelihood-${likelihood}`} className={styles.axis}>
            {likelihood}
          </div>
        ))}
      </div>
      {matrix.ignored > 0 && (
        <div className={styles.note}>
          {matrix.ignored} {matrix.ignored === 1 ? 'row' : 'rows'} without a likelihood and impact from 1 to{' '}
          {matrix.scale} left out
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  grid: css({
    display: 'grid',
    flex: 1,
    gap: 2,
    minHeight: 0,
  }),
  cell: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    borderRadius: theme.shape.radius.default,
    color: theme.colors.getContrastText(theme.visualization.getColorByName('orange')),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  axis: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    padding: theme.spacing(0, 0.5),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  note: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
