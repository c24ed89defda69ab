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
import type { Observations, ProcessPointStat } from '../observations';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';
import { type PointSeries, pointSeriesOf } from '../observationSeries';
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
  stat: ProcessPointStat;
  z: number;
  profile: Profile;
}

function baselineProfile(
  series: PointSeries,
  ctx: DetectionContext,
  excluded: (s: ProcessPointStat) => boolean
): Profile | undefined {
  const settings = ctx.config['process-anomaly'];
  const medians: number[] = [];
  const steps: number[] = [];
  let previous: ProcessPointStat | undefined;
  for (const stat of series.stats) {
    if (stat.bucketStart < ctx.baseline.from || stat.bucketStart >= ctx.baseline.to || excluded(stat)) {
      previous = undefined;
      continue;
    }
    if (!Number.isFinite(stat.median)) {
      continue;
    }
    medians.push(stat.median);
    if (previous !== undefined && stat.bucketStart === previous.bucketStart + previous.bucketMs) {
      steps.push(stat.median - previous.median);
    }
    previous = stat;
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
  excluded: (s: ProcessPointStat) => boolean
): Anomaly[] {
  const settings = ctx.config['process-anomaly'];
  const margin = settings.rangeMargin * Math.max(profile.high - profile.low, profile.sigma);
  const low = profile.low - margin;
  const high = profile.high + margin;
  const found = new Set<ProcessPointStat>();
  const out: Anomaly[] = [];
  let run: Anomaly[] = [];
  const closeRun = () => {
    if (run.length >= Math.max(1, settings.minConsecutive)) {
      for (const a of run) {
        found.add(a.stat);
        out.push(a);
      }
    }
    run = [];
  };
  let previous: ProcessPointStat | undefined;
  let rising = 0;
  let falling = 0;
  for (const stat of series.stats) {
    if (stat.bucketStart < ctx.baseline.to || excluded(stat) || !Number.isFinite(stat.median)) {
      closeRun();
      previous = undefined;
      rising = 0;
      falling = 0;
      continue;
    }
    const z = (stat.median - profile.center) / profile.sigma;
    const beyond = stat.median < low || stat.median > high;
    if (Math.abs(z) >= settings.threshold && beyond) {
      const anomaly = { series, stat, z, profile };
      const last = run[run.length - 1];
      if (last !== undefined && stat.bucketStart !== last.stat.bucketStart + last.stat.bucketMs) {
        closeRun();
      }
      run.push(anomaly);
    } else {
      closeRun();
    }
    // Fast, sustained change leaving the baseline's range.
    if (previous !== undefined && stat.bucketStart === previous.bucketStart + previous.bucketMs) {
      const step = (stat.median - previous.median) / profile.stepSigma;
      rising = step >= settings.rateThreshold ? rising + 1 : 0;
      falling = step <= -settings.rateThreshold ? falling + 1 : 0;
      const outsideBaseline = stat.median < profile.low || stat.median > profile.high;
      if ((rising >= 2 || falling >= 2) && outsideBaseline && !found.has(stat)) {
        found.add(stat);
        out.push({ series, stat, z, profile });
      }
    } else {
      rising = 0;
      falling = 0;
    }
    previous = stat;
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
    list.push([run.start, run.end + run.stats[0].bucketMs]);
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
        : (s: ProcessPointStat) => intervals.some(([from, to]) => s.bucketStart >= from && s.bucketStart < to);
    const profile = baselineProfile(series, ctx, excluded);
    if (profile !== undefined) {
      anomalies.push(...anomaliesOf(series, profile, ctx, excluded));
    }
  }
  const episodes = episodesOf(
    anomalies,
    (a) => a.series.key,
    (a) => a.stat.bucketStart,
    (a) => a.stat.bucketStart + a.stat.bucketMs,
    settings.episodeGapBuckets * ctx.bucketMs
  );
  return episodes.map((episode) => {
    const { series, profile } = episode.items[0];
    const peak = episode.items.reduce((worst, a) => (Math.abs(a.z) > Math.abs(worst.z) ? a : worst));
    const direction = peak.stat.median > profile.center ? 'rose' : 'fell';
    const extreme =
      direction === 'rose'
        ? Math.max(...episode.items.map((a) => a.stat.max))
        : Math.min(...episode.items.map((a) => a.stat.min));
    const unit = series.unit === '' ? '' : ` ${series.unit}`;
    const minutes = Math.max(1, Math.round((episode.end - episode.start) / 60_000));
    const setpoint = series.kind === 'setpoint';
    return makeFinding({
      detector: PROCESS_ANOMALY,
      category: 'process-anomaly',
      time: episode.start,
      endTime: episode.end,
      score: 50 + Math.min(35, Math.abs(peak.z) * 1.5),
      technique: setpoint ? 'T0836' : 'T0831',
      destination: entity(series.asset, undefined, ctx.zoneOf(series.zone, '') ?? series.zone),
      explanation: `${series.point} on ${series.asset} ${direction} to ${format(extreme)}${unit} over ${minutes} minute${
        minutes === 1 ? '' : 's'
      }, against a baseline of ${format(profile.center)}${unit} (usually ${format(profile.low)} to ${format(profile.high)}).`,
      discriminator: series.point,
      evidence: {
        records: evidenceRows(episode.items.map((a) => a.stat)),
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
