import type { DetectionRuleLabels } from '@conduit/core';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

/** The labels notification policies route on, most telling first. */
const ORDER: ReadonlyArray<keyof DetectionRuleLabels> = [
  'severity',
  'domain',
  'zone',
  'purdue_level',
  'category',
  'technique',
  'conduit_rule',
];

/** A rule's labels as Grafana's alerting pages show them: `key=value` chips. */
export function RuleLabels({ labels }: { labels: DetectionRuleLabels }) {
  const styles = useStyles2(getStyles);
  const entries = ORDER.filter((key) => labels[key] !== undefined).map((key) => [key, String(labels[key])] as const);
  return (
    <ul className={styles.labels} aria-label="Labels">
      {entries.map(([key, value]) => (
        <li key={key} className={styles.label} data-label={key} data-severity={key === 'severity' ? value : undefined}>
          <span className={styles.key}>{key}</span>
          <span className={styles.value}>{value}</span>
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  labels: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), margin: 0, padding: 0, listStyle: 'none' }),
  label: css({
    display: 'inline-flex',
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.6,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    overflow: 'hidden',
    '&[data-severity="critical"] > span:first-child': { background: theme.colors.error.transparent },
    '&[data-severity="high"] > span:first-child': { background: theme.colors.warning.transparent },
  }),
  key: css({
    padding: theme.spacing(0, 0.75),
    background: theme.colors.background.secondary,
    color: theme.colors.text.secondary,
  }),
  value: css({ padding: theme.spacing(0, 0.75), color: theme.colors.text.primary }),
});
