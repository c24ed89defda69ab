/**
 * Process-value anomalies, judged robustly against the point's own baseline: the median and MAD of its
 * bucket medians. A bucket is anomalous when its median lies `threshold` MADs from the baseline median
 * and also beyond the baseline's whole range widened by `rangeMargin` of its width, so a full day of
 * baseline absorbs the diurnal cycle and slow drifts do not alarm. A fast sustained change (the median
 * moving `rateThreshold` MADs of the baseline's bucket-to-bucket changes, two buckets running, in one
 * direction, leaving the baseline range) is reported before the level gets there. Status points are not
 * judged, and buckets where the sensor is stuck belong to sensor health.
 */
import type { Finding } from '../finding';
import type { Observations } from '../observations';
import { techniqueOf } from './attackTechniques';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding, MAX_EVIDENCE_ROWS } from './findingDraft';
import { type PointSeries, pointSeriesOf, STAT, STAT_FIGURES } from '../observationSeries';
import { MAD_TO_SIGMA, median, medianAbsoluteDeviation } from './robustStatistics';
import { stuckRuns } from './sensorHealth';

export const PROCESS_ANOMALY = 'process-anomaly';

interface Profile {
  center: number;
  sigma: number;
  low: number;
  high: number;
  stepSigma: number;
}

interface Anomaly {
  series: PointSeries;
  /** The bucket's place in the series. */
  index: number;
  z: number;
  profile: Profile;
}

/** The median of the bucket at `index`. */
function medianAt(series: PointSeries, index: number): number {
  return series.figures[index * STAT_FIGURES + STAT.median];
}

function baselineProfile(
  series: PointSeries,
  ctx: DetectionContext,
  excluded: (bucketStart: number) => boolean
): Profile | undefined {
  const settings = ctx.config['process-anomaly'];
  const { bucketStarts, bucketMs, size } = series;
  const medians: number[] = [];
  const steps: number[] = [];
  let previous = -1;
  for (let i = 0; i < size; i++) {
    const start = bucketStarts[i];
    if (start < ctx.baseline.from || start >= ctx.baseline.to || excluded(start)) {
      previous = -1;
      continue;
    }
    const value = medianAt(series, i);
    if (!Number.isFinite(value)) {
      continue;
    }
    medians.push(value);
    if (previous >= 0 && start === bucketStarts[previous] + bucketMs) {
      steps.push(value - medianAt(series, previous));
    }
    previous = i;
  }
  if (medians.length < Math.max(1, settings.minBaselineBuckets)) {
    return undefined;
  }
  const center = median(medians);
  const mad = medianAbsoluteDeviation(medians, center);
  const low = Math.min(...medians);
  const high = Math.max(...medians);
  // A perfectly steady point (a setpoint nobody touched) still gets a tolerance: a share of its value.
  const floor = Math.max(settings.minMadFraction * Math.abs(center), 1e-9);
  const sigma = MAD_TO_SIGMA * Math.max(mad, floor);
  const stepCenter = median(steps);
  const stepMad = steps.length > 0 ? medianAbsoluteDeviation(steps, stepCenter) : 0;
  const stepSigma = MAD_TO_SIGMA * Math.max(stepMad, floor / 4);
  return { center, sigma, low, high, stepSigma };
}

function anomaliesOf(
  series: PointSeries,
  profile: Profile,
  ctx: DetectionContext,
  excluded: (bucketStart: number) => boolean
): Anomaly[] {
  const settings = ctx.config['process-anomaly'];
  const { bucketStarts, bucketMs, size } = series;
  const margin = settings.rangeMargin * Math.max(profile.high - profile.low, profile.sigma);
  const low = profile.low - margin;
  const high = profile.high + margin;
  const found = new Set<number>();
  const out: Anomaly[] = [];
  let run: Anomaly[] = [];
  const closeRun = () => {
    if (run.length >= Math.max(1, settings.minConsecutive)) {
      for (const a of run) {
        found.add(a.index);
        out.push(a);
      }
    }
    run = [];
  };
  let previous = -1;
  let rising = 0;
  let falling = 0;
  for (let i = 0; i < size; i++) {
    const start = bucketStarts[i];
    const value = medianAt(series, i);
    if (start < ctx.baseline.to || excluded(start) || !Number.isFinite(value)) {
      closeRun();
      previous = -1;
      rising = 0;
      falling = 0;
      continue;
    }
    const z = (value - profile.center) / profile.sigma;
    const beyond = value < low || value > high;
    if (Math.abs(z) >= settings.threshold && beyond) {
      const anomaly = { series, index: i, z, profile };
      const last = run[run.length - 1];
      if (last !== undefined && start !== bucketStarts[last.index] + bucketMs) {
        closeRun();
      }
      run.push(anomaly);
    } else {
      closeRun();
    }
    // Fast, sustained change leaving the baseline's range.
    if (previous >= 0 && start === bucketStarts[previous] + bucketMs) {
      const step = (value - medianAt(series, previous)) / profile.stepSigma;
      rising = step >= settings.rateThreshold ? rising + 1 : 0;
      falling = step <= -settings.rateThreshold ? falling + 1 : 0;
      const outsideBaseline = value < profile.low || value > profile.high;
      if ((rising >= 2 || falling >= 2) && outsideBaseline && !found.has(i)) {
        found.add(i);
        out.push({ series, index: i, z, profile });
      }
    } else {
      rising = 0;
      falling = 0;
    }
    previous = i;
  }
  closeRun();
  return out;
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

export function detectProcessAnomalies(obs: Observations, ctx: DetectionContext): Finding[] {
  const settings = ctx.config['process-anomaly'];
  const stuck = new Map<PointSeries, Array<[number, number]>>();
  for (const run of stuckRuns(obs, ctx)) {
    const list = stuck.get(run.series) ?? [];
    // The bucket after a stuck run (the value jumping back) belongs to the fault too.
    list.push([run.start, run.end + run.series.bucketMs]);
    stuck.set(run.series, list);
  }
  const anomalies: Anomaly[] = [];
  for (const series of pointSeriesOf(obs)) {
    if (series.kind === 'status') {
      continue;
    }
    const intervals = stuck.get(series) ?? [];
    const excluded =
      intervals.length === 0
        ? () => false
        : (bucketStart: number) => intervals.some(([from, to]) => bucketStart >= from && bucketStart < to);
    const profile = baselineProfile(series, ctx, excluded);
    if (profile !== undefined) {
      anomalies.push(...anomaliesOf(series, profile, ctx, excluded));
    }
  }
  const episodes = episodesOf(
    anomalies,
    (a) => a.series.key,
    (a) => a.series.bucketStarts[a.index],
    (a) => a.series.bucketStarts[a.index] + a.series.bucketMs,
    settings.episodeGapBuckets * ctx.bucketMs
  );
  return episodes.map((episode) => {
    const { series, profile } = episode.items[0];
    const peak = episode.items.reduce((worst, a) => (Math.abs(a.z) > Math.abs(worst.z) ? a : worst));
    const direction = medianAt(series, peak.index) > profile.center ? 'rose' : 'fell';
    const extreme =
      direction === 'rose'
        ? Math.max(...episode.items.map((a) => series.figures[a.index * STAT_FIGURES + STAT.max]))
        : Math.min(...episode.items.map((a) => series.figures[a.index * STAT_FIGURES + STAT.min]));
    const unit = series.unit === '' ? '' : ` ${series.unit}`;
    const minutes = Math.max(1, Math.round((episode.end - episode.start) / 60_000));
    const setpoint = series.kind === 'setpoint';
    return makeFinding({
      detector: PROCESS_ANOMALY,
      category: 'process-anomaly',
      time: episode.start,
      endTime: episode.end,
      score: 50 + Math.min(35, Math.abs(peak.z) * 1.5),
      technique: techniqueOf('process-anomaly', setpoint ? 'setpoint' : 'measurement'),
      destination: entity(series.asset, undefined, ctx.zoneOf(series.zone, '') ?? series.zone),
      explanation: `${series.point} on ${series.asset} ${direction} to ${format(extreme)}${unit} over ${minutes} minute${
        minutes === 1 ? '' : 's'
      }, against a baseline of ${format(profile.center)}${unit} (usually ${format(profile.low)} to ${format(profile.high)}).`,
      discriminator: series.point,
      evidence: {
        records: evidenceRows(episode.items.slice(0, MAX_EVIDENCE_ROWS).map((a) => series.record(a.index))),
        query: evidenceQuery({
          measurement: 'process_value',
          tags: { asset: series.asset, point: series.point },
          from: episode.start,
          to: episode.end,
        }),
        store: 'ot',
      },
    });
  });
}
