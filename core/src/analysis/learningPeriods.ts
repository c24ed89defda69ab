/**
 * Learning periods: time is cut into periods as long as the model's learning window (`detection.baseline.hours`,
 * counted from the Unix epoch, so 24 hours gives UTC days), and what happens in each period is judged against
 * the period before it. A finding is then a fact about the plant: the same hour gives the same findings whatever
 * range it is viewed in, analysed in, or resumed from, because its learning window does not move with the range.
 */
import type { DetectionConfig } from '../detectors/detectionConfig';
import type { TimeRange } from '../detectors/detectionContext';

const HOUR_MS = 3_600_000;

export interface LearningPeriod {
  /** The part of the asked range inside this period: findings starting here are this period's. */
  report: TimeRange;
  /** The whole period before it, which the learning detectors learn from. */
  baseline: TimeRange;
}

/** Length of a learning period in milliseconds; 0 when the settings ask for no learning window. */
export function learningPeriodMs(config: DetectionConfig): number {
  const hours = config.baseline.hours;
  return Number.isFinite(hours) && hours > 0 ? Math.round(hours * HOUR_MS) : 0;
}

/** The periods a range falls into, in time order, each with its learning window. */
export function learningPeriods(range: TimeRange, config: DetectionConfig): LearningPeriod[] {
  const length = learningPeriodMs(config);
  if (!(range.to > range.from)) {
    return [];
  }
  if (length === 0) {
    return [{ report: { ...range }, baseline: { from: range.from, to: range.from } }];
  }
  const periods: LearningPeriod[] = [];
  for (let start = Math.floor(range.from / length) * length; start < range.to; start += length) {
    periods.push({
      report: { from: Math.max(range.from, start), to: Math.min(range.to, start + length) },
      baseline: { from: start - length, to: start },
    });
  }
  return periods;
}

/** What must be observed to analyse a range by learning period: from the first period's learning window to the range's end. */
export function learningObservationRange(range: TimeRange, config: DetectionConfig): TimeRange {
  const first = learningPeriods(range, config)[0];
  return { from: first === undefined ? range.from : first.baseline.from, to: range.to };
}
