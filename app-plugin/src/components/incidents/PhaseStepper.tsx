import { INCIDENT_PHASES, type IncidentState, PHASE_INFO } from '@conduit/core';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

/** The six phases in a row: where the incident is, what it has completed or waived, with the CSF and Rev. 2 names. */
export function PhaseStepper({ state }: { state: IncidentState }) {
  const styles = useStyles2(getStyles);
  return (
    <ol className={styles.row} aria-label="Phases">
      {INCIDENT_PHASES.map((phase) => {
        const info = PHASE_INFO[phase];
        const current = phase === state.phase;
        const completed = state.phaseCompleted[phase] !== undefined;
        const waived = state.waived[phase] !== undefined;
        return (
          <li
            key={phase}
            className={cx(styles.step, current && styles.current, (completed || waived) && !current && styles.done)}
            aria-current={current ? 'step' : undefined}
            title={`${info.csf}; SP 800-61 Rev. 2: ${info.rev2}`}
          >
            <span className={styles.label}>
              {completed && !current && <Icon name="check" size="sm" />}
              {waived && !completed && !current && <Icon name="minus-circle" size="sm" />}
              {info.label}
            </span>
            <span className={styles.detail}>{waived && !completed ? 'waived' : info.csf}</span>
          </li>
        );
      })}
    </ol>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'grid',
    gridTemplateColumns: `repeat(${INCIDENT_PHASES.length}, minmax(0, 1fr))`,
    gap: theme.spacing(0.5),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  }),
  step: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
    padding: theme.spacing(0.75, 1),
    borderTop: `3px solid ${theme.colors.border.medium}`,
    background: theme.colors.background.secondary,
    minWidth: 0,
  }),
  current: css({
    borderTopColor: theme.colors.primary.main,
    background: theme.colors.primary.transparent,
  }),
  done: css({ borderTopColor: theme.colors.success.main }),
  label: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  detail: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
});
