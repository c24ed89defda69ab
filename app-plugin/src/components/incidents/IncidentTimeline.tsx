import { describeEvent, type IncidentFold } from '@conduit/core';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

/** Every event in the agreed order; refused ones stay visible with the reason, so nothing is lost in silence. */
export function IncidentTimeline({ fold }: { fold: IncidentFold }) {
  const styles = useStyles2(getStyles);
  const rows = [
    ...fold.accepted.map((event) => ({ event, reason: undefined as string | undefined })),
    ...fold.rejected.map(({ event, reason }) => ({ event, reason })),
  ].sort((a, b) => a.event.time - b.event.time || (a.event.id < b.event.id ? -1 : 1));
  return (
    <section aria-label="Timeline" className={styles.card}>
      <h3 className={styles.heading}>Timeline</h3>
      <ol className={styles.list}>
        {rows.map(({ event, reason }) => (
          <li
            key={event.id}
            className={cx(styles.row, reason !== undefined && styles.refused)}
            data-event={event.body.type}
            data-refused={reason !== undefined}
          >
            <span className={styles.time}>{dateTimeFormat(event.time, { format: 'YYYY-MM-DD HH:mm:ss' })}</span>
            <span className={styles.user}>{event.user}</span>
            <span className={styles.text}>
              {reason !== undefined && <Icon name="ban" size="sm" />} {describeEvent(event, fold.state?.playbook)}
              {reason !== undefined && <span className={styles.reason}>{` Refused: ${reason}.`}</span>}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ margin: 0 }),
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  row: css({
    display: 'grid',
    gridTemplateColumns: '150px 110px 1fr',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  refused: css({ color: theme.colors.text.secondary }),
  time: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  user: css({ overflow: 'hidden', textOverflow: 'ellipsis' }),
  text: css({ overflowWrap: 'anywhere' }),
  reason: css({ color: theme.colors.error.text }),
});
