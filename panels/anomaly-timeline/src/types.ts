import type { AlertSeverity } from '@conduit/core';

/** Which field of an anomaly names its swimlane. */
export type LaneBy = 'zone' | 'asset' | 'category';

export interface AnomalyTimelineOptions {
  laneBy: LaneBy;
  /** Anomalies below this severity are left out. */
  minSeverity: AlertSeverity;
}

export interface PlacedAnomaly {
  time: number;
  severity: AlertSeverity;
  title: string;
  /** Where in the time range the anomaly sits, from 0 (start) to 1 (end). */
  position: number;
}

export interface Lane {
  name: string;
  anomalies: PlacedAnomaly[];
  /** The highest severity in the lane, for ordering lanes. */
  worst: AlertSeverity;
}
