import { css } from '@emotion/css';
import { type DataFrame, dateTimeFormat, FieldType, type GrafanaTheme2, type TimeZone } from '@grafana/data';
import { Alert, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { useEffect, useState } from 'react';

import { evidenceFrames } from '../data/evidenceRecords';
import type { TimelineFinding } from '../data/readTimeline';
import { selectors } from '../selectors';

const SHOWN_ROWS = 10;

/** What was read, for the finding it was read for. */
type Read = { uid: string } & ({ frames: DataFrame[] } | { error: string });

function cell(frame: DataFrame, field: number, row: number, timeZone: TimeZone): string {
  const column = frame.fields[field];
  const value: unknown = column.values[row];
  if (value === null || value === undefined) {
    return '';
  }
  return column.type === FieldType.time && typeof value === 'number'
    ? dateTimeFormat(value, { timeZone, format: 'YYYY-MM-DD HH:mm:ss' })
    : String(value);
}

/** The records behind a finding, as the store holds them now: the first rows of each series, or why not. */
export function EvidenceRecords({
  finding,
  datasourceUid,
  timeZone,
}: {
  finding: TimelineFinding;
  datasourceUid: string;
  timeZone: TimeZone;
}) {
  const styles = useStyles2(getStyles);
  const [read, setRead] = useState<Read>();
  useEffect(() => {
    let current = true;
    const uid = finding.uid;
    evidenceFrames(finding, datasourceUid).then(
      (frames) => current && setRead({ uid, frames }),
      (error: unknown) => current && setRead({ uid, error: error instanceof Error ? error.message : String(error) })
    );
    return () => {
      current = false;
    };
  }, [finding, datasourceUid]);

  if (read === undefined || read.uid !== finding.uid) {
    return <LoadingPlaceholder text="Reading the evidence from the store..." />;
  }
  if ('error' in read) {
    return (
      <Alert severity="warning" title="The evidence could not be read">
        {read.error}
      </Alert>
    );
  }
  const frames = read.frames.filter((frame) => frame.length > 0);
  if (frames.length === 0) {
    return <p className={styles.none}>The store holds no records for this query any more.</p>;
  }
  return (
    <div className={styles.records} data-testid={selectors.evidence}>
      {frames.map((frame, index) => (
        <table key={`${frame.name ?? ''}-${index}`} className={styles.table}>
          {frame.name !== undefined && frames.length > 1 && <caption>{frame.name}</caption>}
          <thead>
            <tr>
              {frame.fields.map((field) => (
                <th key={field.name}>{field.config.displayNameFromDS ?? field.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: Math.min(frame.length, SHOWN_ROWS) }, (_, row) => (
              <tr key={row}>
                {frame.fields.map((field, column) => (
                  <td key={field.name}>{cell(frame, column, row, timeZone)}</td>
                ))}
              </tr>
            ))}
          </tbody>
          {frame.length > SHOWN_ROWS && (
            <tfoot>
              <tr>
                <td colSpan={frame.fields.length}>{`${frame.length - SHOWN_ROWS} more in Explore`}</td>
              </tr>
            </tfoot>
          )}
        </table>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  records: css({ overflowX: 'auto', display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  table: css({
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': {
      padding: theme.spacing(0.25, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      whiteSpace: 'nowrap',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    caption: { textAlign: 'left', color: theme.colors.text.secondary },
  }),
  none: css({ color: theme.colors.text.secondary, margin: 0 }),
});
