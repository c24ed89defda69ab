/**
 * Says when the learning window swallowed the data. Detectors that learn what is normal (new talkers, new paths,
 * scans, process anomalies) report nothing inside their learning window; when every observation lies inside it,
 * an attack in the data shows only through the detectors that do not learn, scattered (a scan becomes one conduit
 * violation per host), and nothing says why.
 */
import type { TimeRange } from '../detectors/detectionContext';
import type { Observations } from '../observations';

/** The span from the first to the end of the last bucket or sample observed, or undefined with none. */
export function observedSpan(observations: Observations): TimeRange | undefined {
  let from = Infinity;
  let to = -Infinity;
  const bucketed = [
    ...observations.flows,
    ...observations.otOperations,
    ...observations.processStats,
    ...observations.auth,
  ];
  for (const bucket of bucketed) {
    from = Math.min(from, bucket.bucketStart);
    to = Math.max(to, bucket.bucketStart + bucket.bucketMs);
  }
  for (const sample of [...observations.controllerStates, ...observations.alerts]) {
    from = Math.min(from, sample.time);
    to = Math.max(to, sample.time + 1);
  }
  return from <= to ? { from, to } : undefined;
}

function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** A warning when all the observations lie inside one of the learning windows; undefined otherwise. */
export function learningWindowWarning(observations: Observations, baselines: readonly TimeRange[]): string | undefined {
  const span = observedSpan(observations);
  if (span === undefined) {
    return undefined;
  }
  const swallowing = baselines.find((baseline) => baseline.from <= span.from && span.to <= baseline.to);
  if (swallowing === undefined) {
    return undefined;
  }
  return (
    `all the data (${isoMinute(span.from)} to ${isoMinute(span.to)}) lies in the learning window ` +
    `(${isoMinute(swallowing.from)} to ${isoMinute(swallowing.to)}), where new talkers, new paths, scans and ` +
    'process anomalies are learnt, not reported; end the range nearer the data or give the end of the learning window'
  );
}
