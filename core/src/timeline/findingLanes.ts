/**
 * Swimlanes of an anomaly timeline: findings grouped by what they are about (zone, asset, category or ATT&CK
 * technique), each lane's marks in time order. Lanes by zone follow the Purdue model top down, so an attack
 * that descends from the enterprise to the controllers reads from the top lane to the bottom one; other
 * groupings put the worst lane first.
 */
import { SEVERITIES, type Severity } from '../finding';

export type LaneGrouping = 'zone' | 'asset' | 'category' | 'technique';

/** What a lane needs of a finding; `key` is its value for the grouping. */
export interface LaneMark {
  key: string;
  time: number;
  severity: Severity;
  /** Purdue level of the finding's zone, when known. */
  level?: number;
}

export interface Lane<M extends LaneMark> {
  key: string;
  /** The highest Purdue level among the lane's marks (zone lanes), for ordering and labels. */
  level?: number;
  worst: Severity;
  /** In time order. */
  marks: M[];
}

/** The key of findings that say nothing for the grouping (no zone, no technique). */
export const NO_LANE_KEY = '';

function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

function byLevelTopDown<M extends LaneMark>(a: Lane<M>, b: Lane<M>): number {
  const levelA = a.level ?? Number.NEGATIVE_INFINITY;
  const levelB = b.level ?? Number.NEGATIVE_INFINITY;
  return levelB - levelA || a.key.localeCompare(b.key);
}

function byWorstFirst<M extends LaneMark>(a: Lane<M>, b: Lane<M>): number {
  return rank(b.worst) - rank(a.worst) || b.marks.length - a.marks.length || a.key.localeCompare(b.key);
}

/**
 * Groups marks into lanes by their key. Zone lanes come by Purdue level, highest first (levels unknown last);
 * other lanes by worst severity, then size, then name. The lane of marks without a key is always last.
 */
export function assignLanes<M extends LaneMark>(marks: readonly M[], grouping: LaneGrouping): Array<Lane<M>> {
  const lanes = new Map<string, Lane<M>>();
  for (const mark of marks) {
    let lane = lanes.get(mark.key);
    if (lane === undefined) {
      lane = { key: mark.key, worst: mark.severity, marks: [] };
      lanes.set(mark.key, lane);
    }
    lane.marks.push(mark);
    if (rank(mark.severity) > rank(lane.worst)) {
      lane.worst = mark.severity;
    }
    if (mark.level !== undefined && (lane.level === undefined || mark.level > lane.level)) {
      lane.level = mark.level;
    }
  }
  const order = grouping === 'zone' ? byLevelTopDown : byWorstFirst;
  const ordered = [...lanes.values()].sort((a, b) => {
    const unkeyed = Number(a.key === NO_LANE_KEY) - Number(b.key === NO_LANE_KEY);
    return unkeyed || order(a, b);
  });
  for (const lane of ordered) {
    lane.marks.sort((a, b) => a.time - b.time);
  }
  return ordered;
}
