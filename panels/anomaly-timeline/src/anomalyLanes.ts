import { ALERT_SEVERITIES, type AlertSeverity } from '@conduit/core';
import { type DataFrame, type Field, FieldType } from '@grafana/data';

import type { Lane, LaneBy, PlacedAnomaly } from './types';

function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((f) => f.name === name);
}

function rank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

function asSeverity(value: unknown): AlertSeverity | undefined {
  return ALERT_SEVERITIES.find((severity) => severity === value);
}

/**
 * Groups anomalies into swimlanes by their `laneBy` field and places each by its `time` within [from, to].
 * A frame counts when it has a time field, the lane field and a `severity` (one of the core's alert
 * severities); rows outside the range, below `minSeverity` or with an unknown severity are left out.
 * Lanes come worst first, then by name. Returns undefined when no frame has those fields.
 */
export function anomalyLanes(
  series: DataFrame[],
  laneBy: LaneBy,
  from: number,
  to: number,
  minSeverity: AlertSeverity
): Lane[] | undefined {
  const frames = series.filter(
    (frame) => frame.fields.some((f) => f.type === FieldType.time) && field(frame, laneBy) && field(frame, 'severity')
  );
  if (frames.length === 0) {
    return undefined;
  }
  const span = Math.max(to - from, 1);
  const lanes = new Map<string, PlacedAnomaly[]>();
  for (const frame of frames) {
    const times = frame.fields.find((f) => f.type === FieldType.time);
    const names = field(frame, laneBy);
    const severities = field(frame, 'severity');
    const titles = field(frame, 'title');
    for (let row = 0; row < frame.length; row++) {
      const time: unknown = times?.values[row];
      const severity = asSeverity(severities?.values[row]);
      if (typeof time !== 'number' || time < from || time > to || !severity || rank(severity) < rank(minSeverity)) {
        continue;
      }
      const name = String(names?.values[row] ?? 'unknown');
      const title: unknown = titles?.values[row];
      const anomaly = { time, severity, title: title ? String(title) : severity, position: (time - from) / span };
      const lane = lanes.get(name);
      if (lane) {
        lane.push(anomaly);
      } else {
        lanes.set(name, [anomaly]);
      }
    }
  }
  return [...lanes.entries()]
    .map(([name, anomalies]) => ({
      name,
      anomalies,
      worst: anomalies.reduce<AlertSeverity>(
        (worst, a) => (rank(a.severity) > rank(worst) ? a.severity : worst),
        'info'
      ),
    }))
    .sort((a, b) => rank(b.worst) - rank(a.worst) || a.name.localeCompare(b.name));
}
