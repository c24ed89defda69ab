import type { DetectionAlertRule } from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import type { RulePreview } from '../../detectionRules/rulePreview';

export type PreviewState =
  { status: 'running' } | { status: 'failed'; message: string } | { status: 'done'; preview: RulePreview };

/** Instances beyond this are counted, not listed: a rule over many series would push the page apart. */
const SHOWN = 12;

function formatValue(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** What one evaluation of the rule now gives: would it fire, and for which series with which values. */
export function RulePreviewResult({ rule, state }: { rule: DetectionAlertRule; state: PreviewState }) {
  const styles = useStyles2(getStyles);
  if (state.status === 'running') {
    return <LoadingPlaceholder text="Running the rule's queries now…" />;
  }
  if (state.status === 'failed') {
    return (
      <Alert severity="error" title="The preview failed" className={styles.alert}>
        {state.message}
      </Alert>
    );
  }
  const { preview } = state;
  const firing = preview.instances.filter((instance) => instance.firing).length;
  const ruleLabels: Record<string, string | undefined> = { ...rule.labels };
  const pending =
    rule.pendingSeconds > 0 ? ` Grafana fires once the condition has held for ${rule.pendingSeconds / 60} min.` : '';
  return (
    <div className={styles.result} role="status" aria-label="Preview result" data-would-fire={preview.wouldFire}>
      <div className={styles.verdict}>
        {preview.wouldFire ? (
          <Badge color="red" icon="fire" text="Would fire" />
        ) : (
          <Badge color="green" icon="check" text="Would not fire" />
        )}
        <span className={styles.muted}>
          {`Evaluated at ${dateTimeFormat(preview.at, { format: 'HH:mm:ss' })}: ${preview.instances.length} series, ${firing} firing.${pending}`}
        </span>
      </div>
      {preview.instances.length === 0 ? (
        <p className={styles.muted}>
          The queries returned no series: nothing matches now, and Grafana counts no data as normal for these rules.
        </p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Series</th>
              <th scope="col">Values</th>
            </tr>
          </thead>
          <tbody>
            {preview.instances.slice(0, SHOWN).map((instance, index) => {
              // The series' own labels: what its tags add to, or change in, the rule's labels.
              const own = Object.entries(instance.labels).filter(([key, value]) => ruleLabels[key] !== value);
              return (
                <tr key={`${index}-${JSON.stringify(own)}`} data-firing={instance.firing}>
                  <td>{instance.firing ? 'Firing' : 'Normal'}</td>
                  <td className={styles.mono}>
                    {own.length === 0 ? '(one series)' : own.map(([name, value]) => `${name}=${value}`).join(', ')}
                  </td>
                  <td className={styles.mono}>
                    {Object.entries(instance.values)
                      .map(([refId, value]) => `${refId}=${formatValue(value)}`)
                      .join(' ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {preview.instances.length > SHOWN && (
        <p className={styles.muted}>{`and ${preview.instances.length - SHOWN} more series`}</p>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  alert: css({ marginBottom: 0 }),
  result: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(1),
    background: theme.colors.background.canvas,
    borderRadius: theme.shape.radius.default,
    p: { margin: 0 },
  }),
  verdict: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1) }),
  muted: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: theme.spacing(0.25, 1, 0.25, 0),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'tr[data-firing="true"] td:first-child': {
      color: theme.colors.error.text,
      fontWeight: theme.typography.fontWeightMedium,
    },
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-word' }),
});
