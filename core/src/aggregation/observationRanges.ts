/**
 * Observations cut and joined by time: what lets the analyzer keep the observations no later data will change and
 * read from the store only the minutes after them. A cut on a bucket boundary gives what a read of that range gives,
 * since every list is in time order (observationOrder.ts) and a bucket's rows lie at its start.
 */
import type { Observations } from '../observations';

function timeOfBucket(row: { bucketStart: number }): number {
  return row.bucketStart;
}

function timeOfRecord(row: { time: number }): number {
  return row.time;
}

/** The rows of a time-ordered list with `from <= time < to`, found by halving rather than scanning. */
function rowsWithin<T>(rows: readonly T[], timeOf: (row: T) => number, from: number, to: number): T[] {
  const firstAtOrAfter = (time: number): number => {
    let low = 0;
    let high = rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (timeOf(rows[middle]) < time) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  };
  return rows.slice(firstAtOrAfter(from), firstAtOrAfter(to));
}

/** The part of `observations` inside `range` (which should start and end on bucket boundaries). */
export function observationsWithin(observations: Observations, range: { from: number; to: number }): Observations {
  const from = Math.max(range.from, observations.range.from);
  const to = Math.max(from, Math.min(range.to, observations.range.to));
  return {
    range: { from, to },
    flows: rowsWithin(observations.flows, timeOfBucket, from, to),
    otOperations: rowsWithin(observations.otOperations, timeOfBucket, from, to),
    processStats: rowsWithin(observations.processStats, timeOfBucket, from, to),
    controllerStates: rowsWithin(observations.controllerStates, timeOfRecord, from, to),
    auth: rowsWithin(observations.auth, timeOfBucket, from, to),
    alerts: rowsWithin(observations.alerts, timeOfRecord, from, to),
    assets: rowsWithin(observations.assets, timeOfRecord, from, to),
  };
}

/** Observations of two adjacent ranges as one: `later` must start where `earlier` ends. */
export function joinObservations(earlier: Observations, later: Observations): Observations {
  if (earlier.range.to !== later.range.from) {
    throw new Error(
      `cannot join observations that do not meet: the first ends at ${earlier.range.to}, the second starts at ${later.range.from}`
    );
  }
  return {
    range: { from: earlier.range.from, to: later.range.to },
    flows: earlier.flows.concat(later.flows),
    otOperations: earlier.otOperations.concat(later.otOperations),
    processStats: earlier.processStats.concat(later.processStats),
    controllerStates: earlier.controllerStates.concat(later.controllerStates),
    auth: earlier.auth.concat(later.auth),
    alerts: earlier.alerts.concat(later.alerts),
    assets: earlier.assets.concat(later.assets),
  };
}
