import type { LaneGrouping, Severity } from '@conduit/core';

export interface AnomalyTimelineOptions {
  /** What names a finding's swimlane. */
  laneBy: LaneGrouping;
  /** Findings below this severity are left out. */
  minSeverity: Severity;
  /** Draw correlated chains (frames of the chains query) as lines joining their steps. */
  showChains?: boolean;
}
