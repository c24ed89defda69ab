/**
 * Sensor health: a measurement that stops moving (the same value bucket after bucket, when it normally
 * moves) or reports a value no physical quantity of its unit can take. These are equipment faults, not
 * attacks, and the process-anomaly detector leaves the same point and time alone.
 */
import type { Finding } from '../finding';
import type { Observations, ProcessPointStat } from '../observations';
import type { DetectionContext } from './detectionContext';
import { episodesOf } from './episodes';
import { evidenceQuery } from './evidenceQuery';
import { entity, evidenceRows, makeFinding } from './findingDraft';
import { type PointSeries, pointSeriesOf } from '../observationSeries';

export const SENSOR_HEALTH = 'sensor-health';

export interface StuckRun {
  series: PointSeries;
  /** Start of the first flat bucket. */
  start: number;
  /** End of the last flat bucket. */
  end: number;
  value: number;
  stats: ProcessPointStat[];
}

function isFlat(stat: ProcessPointStat): boolean {
  return stat.distinct === 1 && stat.count >= 2 && stat.min === stat.max;
}

/** Units whose quantity cannot be negative (flows, concentrations, levels, turbidity, pH). */
const NON_NEGATIVE_UNITS = new Set([
  'm3/h',
  'l/s',
  'kg/h',
  'mg/l',
  'ppm',
  'ntu',
  'm',
  'ph',
  '%',
  'bool',
  'rpm',
  'a',
  'kw',
]);

type Range = readonly [number, number];

const PH: Range = [0, 14];
const PERCENT: Range = [0, 100];
const BOOLEAN: Range = [0, 1];
const NON_NEGATIVE: Range = [0, Infinity];

/** The physically possible range of a unit, where one is known. */
export function physicalRange(unit: string): Range | undefined {
  const u = unit.trim().toLowerCase();
  if (u === 'ph') {
    return PH;
  }
  if (u === '%') {
    return PERCENT;
  }
  if (u === 'bool') {
    return BOOLEAN;
  }
  return NON_NEGATIVE_UNITS.has(u) ? NON_NEGATIVE : undefined;
}

/**
 * Runs of at least `stuckBuckets` consecutive flat buckets with one value, for points that were rarely
 * flat during the baseline (setpoints and status points are flat by nature and are not judged).
 */
export function stuckRuns(obs: Observations, ctx: DetectionContext): StuckRun[] {
  let byContext = stuckMemory.get(obs.processStats);
  if (byContext === undefined) {
    byContext = new WeakMap();
    stuckMemory.set(obs.processStats, byContext);
  }
  const known = byContext.get(ctx);
  if (known !== undefined && known.length === obs.processStats.length) {
    return known.runs;
  }
  const runs = findStuckRuns(obs, ctx);
  byContext.set(ctx, { length: obs.processStats.length, runs });
  return runs;
}

// The process-anomaly detector asks for the same runs as this one; remembered per observations and context.
const stuckMemory = new WeakMap<
  readonly ProcessPointStat[],
  WeakMap<DetectionContext, { length: number; runs: StuckRun[] }>
>();

function findStuckRuns(obs: Observations, ctx: DetectionContext): StuckRun[] {
  const settings = ctx.config['sensor-health'];
  const runs: StuckRun[] = [];
  for (const series of pointSeriesOf(obs)) {
    if (series.kind === 'setpoint' || series.kind === 'status') {
      continue;
    }
    let baselineBuckets = 0;
    let baselineFlat = 0;
    for (const stat of series.stats) {
      if (stat.bucketStart >= ctx.baseline.from && stat.bucketStart < ctx.baseline.to) {
        baselineBuckets++;
        if (isFlat(stat)) {
          baselineFlat++;
        }
      }
    }
    if (baselineBuckets > 0 && baselineFlat / baselineBuckets > settings.maxBaselineFlatShare) {
      continue;
    }
    let current: ProcessPointStat[] = [];
    const close = () => {
      if (current.length >= Math.max(1, settings.stuckBuckets)) {
        const last = current[current.length - 1];
        runs.push({
          series,
          start: current[0].bucketStart,
          end: last.bucketStart + last.bucketMs,
          value: current[0].min,
          stats: current,
        });
      }
      current = [];
    };
    for (const stat of series.stats) {
      const previous = current[current.length - 1];
      const continues =
        previous !== undefined &&
        isFlat(stat) &&
        stat.min === previous.min &&
        stat.bucketStart === previous.bucketStart + previous.bucketMs;
      if (!continues) {
        close();
      }
      if (isFlat(stat)) {
        current.push(stat);
      }
    }
    close();
  }
  return runs;
}

function stuckFindings(obs: Observations, ctx: DetectionContext): Finding[] {
  return stuckRuns(obs, ctx).map((run) => {
    const s = run.series;
    const minutes = Math.round((run.end - run.start) / 60_000);
    return makeFinding({
      detector: SENSOR_HEALTH,
      category: 'sensor-health',
      time: run.start,
      endTime: run.end,
      score: 35 + Math.min(15, run.stats.length / 10),
      destination: entity(s.asset, undefined, ctx.zoneOf(s.zone, '') ?? s.zone),
      explanation: `${s.point} on ${s.asset} has read exactly ${run.value}${s.unit === '' ? '' : ' ' + s.unit} for ${minutes} minutes, although it normally moves: the sensor looks stuck.`,
      discriminator: `stuck|${s.point}`,
      evidence: {
        records: evidenceRows(run.stats),
        query: evidenceQuery({
          measurement: 'process_value',
          tags: { asset: s.asset, point: s.point },
          from: run.start,
          to: run.end,
        }),
        store: 'ot',
      },
    });
  });
}

function rangeFindings(obs: Observations, ctx: DetectionContext): Finding[] {
  const outside: ProcessPointStat[] = [];
  // A unit's range once per unit, not per statistic: reading the unit makes a lower-case copy of it.
  const rangeOfUnit = new Map<string, Range | undefined>();
  for (const stat of obs.processStats) {
    let range = rangeOfUnit.get(stat.unit);
    if (range === undefined && !rangeOfUnit.has(stat.unit)) {
      range = physicalRange(stat.unit);
      rangeOfUnit.set(stat.unit, range);
    }
    if (range !== undefined && (stat.min < range[0] || stat.max > range[1])) {
      outside.push(stat);
    }
  }
  const episodes = episodesOf(
    outside,
    (s) => `${s.asset}|${s.point}`,
    (s) => s.bucketStart,
    (s) => s.bucketStart + s.bucketMs,
    ctx.config['sensor-health'].episodeGapBuckets * ctx.bucketMs
  );
  return episodes.map((episode) => {
    const first = episode.items[0];
    const range = physicalRange(first.unit) ?? NON_NEGATIVE;
    const low = Math.min(...episode.items.map((s) => s.min));
    const high = Math.max(...episode.items.map((s) => s.max));
    const value = low < range[0] ? low : high;
    return makeFinding({
      detector: SENSOR_HEALTH,
      category: 'sensor-health',
      time: episode.start,
      endTime: episode.end,
      score: 45,
      destination: entity(first.asset, undefined, ctx.zoneOf(first.zone, '') ?? first.zone),
      explanation: `${first.point} on ${first.asset} reported ${value} ${first.unit}, which no real ${first.unit} reading can be: the instrument or its scaling is faulty.`,
      discriminator: `range|${first.point}`,
      evidence: {
        records: evidenceRows(episode.items),
        query: evidenceQuery({
          measurement: 'process_value',
          tags: { asset: first.asset, point: first.point },
          from: episode.start,
          to: episode.end,
        }),
        store: 'ot',
      },
    });
  });
}

export function detectSensorHealth(obs: Observations, ctx: DetectionContext): Finding[] {
  return [...stuckFindings(obs, ctx), ...rangeFindings(obs, ctx)];
}
