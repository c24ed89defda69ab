/**
 * The threat side of likelihood: findings about an entity, weighed by severity and decaying with age.
 *
 * Each finding counts severityWeight x 0.5^(age / half-life); the factor value combines them as
 * independent signals, 1 - product(1 - count_i), so it saturates at 1 instead of growing without bound.
 * Findings later than the assessment time are not seen yet; sensor-health findings describe faults,
 * not attacks, and are not counted.
 */
import type { Finding, Severity } from '../finding';

export const FINDING_SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = Object.freeze({
  info: 0.02,
  low: 0.1,
  medium: 0.25,
  high: 0.5,
  critical: 0.8,
});

/** Past this many half-lives a finding weighs less than one millionth and is dropped. */
const HORIZON_HALF_LIVES = 20;

/** One entity's findings, oldest first, reduced to what the factor needs. */
export interface FindingTrack {
  times: number[];
  weights: number[];
  severities: Severity[];
}

export function emptyTrack(): FindingTrack {
  return { times: [], weights: [], severities: [] };
}

/** Whether a finding weighs on risk at all. */
export function countsAsThreat(finding: Finding): boolean {
  return finding.category !== 'sensor-health' && severityWeight(finding.severity) !== undefined;
}

export function severityWeight(severity: unknown): number | undefined {
  return typeof severity === 'string' && Object.prototype.hasOwnProperty.call(FINDING_SEVERITY_WEIGHTS, severity)
    ? FINDING_SEVERITY_WEIGHTS[severity as Severity]
    : undefined;
}

/** Adds a finding; call `sortTrack` once all are in. */
export function addToTrack(track: FindingTrack, time: number, severity: Severity): void {
  track.times.push(time);
  track.weights.push(FINDING_SEVERITY_WEIGHTS[severity]);
  track.severities.push(severity);
}

export function sortTrack(track: FindingTrack): void {
  const order = track.times.map((_, i) => i).sort((a, b) => track.times[a] - track.times[b] || a - b);
  track.times = order.map((i) => track.times[i]);
  track.weights = order.map((i) => track.weights[i]);
  track.severities = order.map((i) => track.severities[i]);
}

/** The factor value from the findings at indices [start, end) of a sorted track. */
function combine(track: FindingTrack, start: number, end: number, at: number, halfLifeMs: number): number {
  let keep = 1;
  for (let i = start; i < end; i++) {
    const decay = Math.pow(0.5, (at - track.times[i]) / halfLifeMs);
    keep *= 1 - track.weights[i] * decay;
  }
  return 1 - keep;
}

export interface RecentFindingsValue {
  value: number;
  detail: string;
}

/** The factor at one instant, with a sentence for the analyst. */
export function recentFindingsAt(track: FindingTrack, at: number, halfLifeMs: number): RecentFindingsValue {
  const { start, end } = window(track, at, halfLifeMs, 0, 0);
  if (end <= start) {
    return { value: 0, detail: 'no findings in the recent past' };
  }
  const value = combine(track, start, end, at, halfLifeMs);
  const bySeverity = new Map<Severity, number>();
  for (let i = start; i < end; i++) {
    bySeverity.set(track.severities[i], (bySeverity.get(track.severities[i]) ?? 0) + 1);
  }
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as Severity[])
    .filter((s) => bySeverity.has(s))
    .map((s) => `${bySeverity.get(s)} ${s}`)
    .join(', ');
  const newest = at - track.times[end - 1];
  const total = end - start;
  return {
    value,
    detail: `${total} finding${total === 1 ? '' : 's'} (${counts}), the latest ${formatAge(newest)} ago; half-life ${formatAge(halfLifeMs)}`,
  };
}

/**
 * A cursor over a sorted track for instants that only move forward, so a time series costs one pass
 * over the findings plus the findings inside the decay horizon at each instant.
 */
export interface TrackCursor {
  start: number;
  end: number;
}

export function recentFindingsValueAt(
  track: FindingTrack,
  at: number,
  halfLifeMs: number,
  cursor: TrackCursor
): number {
  const next = window(track, at, halfLifeMs, cursor.start, cursor.end);
  cursor.start = next.start;
  cursor.end = next.end;
  return next.end > next.start ? combine(track, next.start, next.end, at, halfLifeMs) : 0;
}

function window(track: FindingTrack, at: number, halfLifeMs: number, start: number, end: number): TrackCursor {
  const horizon = HORIZON_HALF_LIVES * halfLifeMs;
  let e = end;
  while (e < track.times.length && track.times[e] <= at) {
    e++;
  }
  let s = start;
  while (s < e && at - track.times[s] > horizon) {
    s++;
  }
  return { start: s, end: e };
}

export function formatAge(ms: number): string {
  const minutes = Math.max(0, ms) / 60_000;
  if (minutes < 90) {
    return `${Math.round(minutes)} min`;
  }
  const hours = minutes / 60;
  if (hours < 48) {
    return `${Math.round(hours)} h`;
  }
  return `${Math.round(hours / 24)} d`;
}
