import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';

import { type ApplyProgress, type ApplyReport, changedNothing } from '../../detectionRules/applyRules';

const ACTION_WORDS = {
  create: 'creating',
  update: 'updating',
  delete: 'deleting',
  interval: 'setting the interval of',
};

/** How far an apply has got, then what it changed and what Grafana refused, by rule. */
export function ApplyStatus({ progress, report }: { progress?: ApplyProgress; report?: ApplyReport }) {
  const styles = useStyles2(getStyles);
  if (progress !== undefined && report === undefined) {
    return (
      <div className={styles.progress} role="status" aria-label="Apply progress">
        <progress max={Math.max(progress.total, 1)} value={progress.done} className={styles.bar} />
        <span>{`${progress.step} (${progress.done} of ${progress.total})`}</span>
      </div>
    );
  }
  if (report === undefined) {
    return null;
  }
  if (report.error !== undefined) {
    return (
      <section aria-label="Apply summary">
        <Alert severity="error" title="Nothing was applied">
          {report.error}
        </Alert>
      </section>
    );
  }
  const fromFiles =
    report.fileManaged.length > 0 ? `, ${report.fileManaged.length} left to their provisioning file` : '';
  const counts = `${report.created.length} created, ${report.updated.length} updated, ${report.deleted.length} deleted, ${report.unchanged.length} unchanged${fromFiles}`;
  const failed = report.failures.length > 0;
  return (
    <section aria-label="Apply summary">
      <Alert
        severity={failed ? 'warning' : 'success'}
        title={failed ? `Applied with ${report.failures.length} refused: ${counts}` : `Applied: ${counts}`}
      >
        <div
          className={styles.details}
          data-created={report.created.length}
          data-updated={report.updated.length}
          data-deleted={report.deleted.length}
          data-unchanged={report.unchanged.length}
        >
          {!failed && changedNothing(report) && <span>Grafana already held these rules; nothing was changed.</span>}
          {report.folderCreated && <span>The folder for the rules was created.</span>}
          {report.intervals.map((interval) => (
            <span key={interval.group}>{`${interval.group}: interval set to ${interval.seconds} s.`}</span>
          ))}
          {failed && (
            <ul className={styles.failures} aria-label="Refused by Grafana">
              {report.failures.map((failure) => (
                <li key={`${failure.action}-${failure.uid}`}>
                  <strong>{failure.title}</strong>
                  {` (${ACTION_WORDS[failure.action]}): ${failure.message}`}
                </li>
              ))}
            </ul>
          )}
        </div>
      </Alert>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  progress: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), color: theme.colors.text.secondary }),
  bar: css({ width: 240, accentColor: theme.colors.primary.main }),
  details: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  failures: css({ margin: 0, paddingLeft: theme.spacing(2) }),
});
