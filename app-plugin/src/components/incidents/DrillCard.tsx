import {
  type DrillScript,
  formatDuration,
  type IncidentState,
  nextInjectAt,
  PHASE_INFO,
  revealedInjects,
  scoreDrill,
} from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Icon, useStyles2 } from '@grafana/ui';
import { useEffect, useState } from 'react';

/** A drill's injects as they come due, and its score: the time to each phase against the script's targets. */
export function DrillCard({ state, script }: { state: IncidentState; script?: DrillScript }) {
  const styles = useStyles2(getStyles);
  const [now, setNow] = useState(() => Date.now());
  const next = script === undefined ? undefined : nextInjectAt(script, state.opened.at, now);
  useEffect(() => {
    if (next === undefined || state.status === 'closed') {
      return;
    }
    const timer = setTimeout(() => setNow(Date.now()), Math.max(1000, next - Date.now()));
    return () => clearTimeout(timer);
  }, [next, state.status]);
  if (script === undefined) {
    return (
      <Alert severity="warning" title="Drill script not found">
        {`The drill names the script “${state.drill?.script ?? ''}”, which this version of the app does not have.`}
      </Alert>
    );
  }
  const injects = revealedInjects(script, state.opened.at, now);
  const score = scoreDrill(state, script);
  return (
    <section aria-label="Drill" className={styles.card}>
      <h3 className={styles.heading}>
        <Icon name="presentation-play" /> {`Drill: ${script.name}`}
      </h3>
      {script.scenario !== undefined && (
        <p
          className={styles.muted}
        >{`Paired with the simulator scenario ${script.scenario}: conduit-sim live --scenario ${script.scenario}`}</p>
      )}
      <ol className={styles.injects} aria-label="Injects">
        {injects.map((inject) => (
          <li key={`${inject.afterMinutes}-${inject.title}`}>
            <strong>{`+${inject.afterMinutes} min ${inject.title}: `}</strong>
            {inject.text}
          </li>
        ))}
      </ol>
      {next !== undefined && state.status === 'open' && (
        <p className={styles.muted}>{`Next inject in ${formatDuration(next - now)}.`}</p>
      )}
      <table className={styles.table} aria-label="Drill score">
        <thead>
          <tr>
            <th>Phase</th>
            <th>Target</th>
            <th>Reached after</th>
          </tr>
        </thead>
        <tbody>
          {score.phases.map((phase) => (
            <tr key={phase.phase} data-met={phase.met}>
              <td>{PHASE_INFO[phase.phase].label}</td>
              <td>{formatDuration(phase.target)}</td>
              <td className={phase.met ? styles.met : styles.missed}>
                {phase.actual === undefined ? 'not yet' : formatDuration(phase.actual)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{`${score.met} of ${score.phases.length} targets met.`}</p>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ margin: 0 }),
  injects: css({
    margin: 0,
    paddingLeft: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  table: css({ borderCollapse: 'collapse', 'th, td': { textAlign: 'left', padding: theme.spacing(0.25, 1, 0.25, 0) } }),
  met: css({ color: theme.colors.success.text }),
  missed: css({ color: theme.colors.text.secondary }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, margin: 0 }),
});
