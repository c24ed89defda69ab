import { formatDuration, type IncidentMetric, METRIC_LABELS, METRICS, type MetricSummary } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

interface Props {
  /** Per metric: one incident's time (a number) or a summary over many. */
  values: Partial<Record<IncidentMetric, number | MetricSummary>>;
  label: string;
}

/** The four response times as stat cards: a single incident's, or the median over incidents with the count. */
export function ResponseTimes({ values, label }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.row} aria-label={label}>
      {METRICS.map((metric) => {
        const value = values[metric];
        const ms = typeof value === 'number' ? value : value?.median;
        const note =
          typeof value === 'object' ? (value.count === 0 ? 'no incident yet' : `median of ${value.count}`) : undefined;
        return (
          <div key={metric} className={styles.card} data-metric={metric}>
            <span className={styles.name}>{METRIC_LABELS[metric]}</span>
            <span className={styles.value}>{ms === undefined ? '–' : formatDuration(ms)}</span>
            {note !== undefined && <span className={styles.note}>{note}</span>}
          </div>
        );
      })}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
    gap: theme.spacing(1),
  }),
  card: css({
    display: 'flex',
    flexDirection: 'column',
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  name: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  value: css({ fontSize: theme.typography.h3.fontSize, fontWeight: theme.typography.fontWeightMedium }),
  note: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
