import type { AlertSeverity } from '@conduit/core';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import { anomalyLanes } from '../anomalyLanes';
import type { AnomalyTimelineOptions } from '../types';

const SEVERITY_COLORS: Record<AlertSeverity, string> = {
  info: 'blue',
  low: 'green',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

type Props = PanelProps<AnomalyTimelineOptions>;

/** One swimlane per zone, asset or category; each anomaly a mark at its time, coloured by severity. */
export function AnomalyTimelinePanel({ id, data, width, height, options, fieldConfig, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const from = data.timeRange.from.valueOf();
  const to = data.timeRange.to.valueOf();
  const lanes = useMemo(
    () => anomalyLanes(data.series, options.laneBy, from, to, options.minSeverity),
    [data.series, options.laneBy, from, to, options.minSeverity]
  );

  if (!lanes) {
    return (
      <PanelDataErrorView
        panelId={id}
        data={data}
        fieldConfig={fieldConfig}
        message={`No anomalies to lay out: the query must return a time field, a lane field named "${options.laneBy}" and a "severity" field (a Conduit anomaly query does).`}
      />
    );
  }
  if (lanes.length === 0) {
    return (
      <div className={styles.empty}>No anomalies of {options.minSeverity} severity or above in this time range.</div>
    );
  }

  return (
    <div className={styles.lanes} style={{ width, height }} role="list" aria-label="Anomaly swimlanes">
      {lanes.map((lane) => (
        <div key={lane.name} className={styles.lane} role="listitem" aria-label={lane.name}>
          <div className={styles.laneName} title={lane.name}>
            {lane.name}
          </div>
          <div className={styles.track}>
            {lane.anomalies.map((anomaly, index) => {
              const label = `${anomaly.title} (${anomaly.severity}) at ${dateTimeFormat(anomaly.time, { timeZone })}`;
              return (
                <span
                  key={`${anomaly.time}-${index}`}
                  className={styles.mark}
                  style={{
                    left: `${anomaly.position * 100}%`,
                    background: theme.visualization.getColorByName(SEVERITY_COLORS[anomaly.severity]),
                  }}
                  title={label}
                  aria-label={label}
                  role="img"
                />
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  lanes: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    overflowY: 'auto',
  }),
  lane: css({
    display: 'flex',
    alignItems: 'center',
    minHeight: theme.spacing(3),
  }),
  laneName: css({
    flex: '0 0 25%',
    paddingRight: theme.spacing(1),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  track: css({
    position: 'relative',
    flex: 1,
    height: theme.spacing(2),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  mark: css({
    position: 'absolute',
    top: 2,
    width: 10,
    height: 10,
    marginLeft: -5,
    borderRadius: '50%',
  }),
  empty: css({
    color: theme.colors.text.secondary,
    padding: theme.spacing(1),
  }),
});
