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
import { compareProcessStats } from '../aggregation/observationOrder';
import { entity, evidenceRows, makeFinding, shownRecords } from './findingDraft';
import { type PointSeries, pointSeriesOf, STAT, STAT_FIGURES } from '../observationSeries';

export const SENSOR_HEALTH = 'sensor-health';

export interface StuckRun {
  series: PointSeries;
  /** Start of the first flat bucket. */
  start: number;
  /** End of the last flat bucket. */
  end: number;
  value: number;
  /** The run's buckets: the series' buckets at [from, to). */
  from: number;
  to: number;
}

/** Whether the bucket at `index` held two values or more, all the same. */
function isFlat(series: PointSeries, index: number): boolean {
  const at = index * STAT_FIGURES;
  const figures = series.figures;
  return (
    figures[at + STAT.distinct] === 1 &&
    figures[at + STAT.count] >= 2 &&
    figures[at + STAT.min] === figures[at + STAT.max]
  );
}

function minAt(series: PointSeries, index: number): number {
  return series.figures[index * STAT_FIGURES + STAT.min];
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
  // Keyed by the grouping, which is made again when the statistics change.
  const points = pointSeriesOf(obs);
  let byContext = stuckMemory.get(points);
  if (byContext === undefined) {
    byContext = new WeakMap();
    stuckMemory.set(points, byContext);
  }
  let runs = byContext.get(ctx);
  if (runs === undefined) {
    runs = findStuckRuns(points, ctx);
    byContext.set(ctx, runs);
  }
  return runs;
}

// The process-anomaly detector asks for the same runs as this one; remembered per observations and context.
const stuckMemory = new WeakMap<readonly PointSeries[], WeakMap<DetectionContext, StuckRun[]>>();

function findStuckRuns(points: readonly PointSeries[], ctx: DetectionContext): StuckRun[] {
  const settings = ctx.config['sensor-health'];
  const runs: StuckRun[] = [];
  for (const series of points) {
    if (series.kind === 'setpoint' || series.kind === 'status') {
      continue;
    }
    const { bucketStarts, bucketMs, size } = series;
    let baselineBuckets = 0;
    let baselineFlat = 0;
    for (let i = 0; i < size; i++) {
      if (bucketStarts[i] >= ctx.baseline.from && bucketStarts[i] < ctx.baseline.to) {
        baselineBuckets++;
        if (isFlat(series, i)) {
          baselineFlat++;
        }
      }
    }
    if (baselineBuckets > 0 && baselineFlat / baselineBuckets > settings.maxBaselineFlatShare) {
      continue;
    }
    // The flat buckets in a row with one value, from `from` on; -1 when there are none.
    let from = -1;
    const close = (to: number) => {
      if (from >= 0 && to - from >= Math.max(1, settings.stuckBuckets)) {
        runs.push({
          series,
          start: bucketStarts[from],
          end: bucketStarts[to - 1] + bucketMs,
          value: minAt(series, from),
          from,
          to,
        });
      }
      from = -1;
    };
    for (let i = 0; i < size; i++) {
      const flat = isFlat(series, i);
      const continues =
        from >= 0 &&
        flat &&
        minAt(series, i) === minAt(series, i - 1) &&
        bucketStarts[i] === bucketStarts[i - 1] + bucketMs;
      if (!continues) {
        close(i);
      }
      if (flat && from < 0) {
        from = i;
      }
    }
    close(size);
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
      score: 35 + Math.min(15, (run.to - run.from) / 10),
      destination: entity(s.asset, undefined, ctx.zoneOf(s.zone, '') ?? s.zone),
      explanation: `${s.point} on ${s.asset} has read exactly ${run.value}${s.unit === '' ? '' : ' ' + s.unit} for ${minutes} minutes, although it normally moves: the sensor looks stuck.`,
      discriminator: `stuck|${s.point}`,
      evidence: {
        records: evidenceRows(shownRecords(run.series, run.from, run.to)),
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
  for (const series of pointSeriesOf(obs)) {
    const figures = series.figures;
    for (let i = 0; i < series.size; i++) {
      const unit = series.unitOf(i);
      let range = rangeOfUnit.get(unit);
      if (range === undefined && !rangeOfUnit.has(unit)) {
        range = physicalRange(unit);
        rangeOfUnit.set(unit, range);
      }
      const at = i * STAT_FIGURES;
      if (range !== undefined && (figures[at + STAT.min] < range[0] || figures[at + STAT.max] > range[1])) {
        outside.push(series.record(i));
      }
    }
  }
  // Series by series, as they were gathered, into the observations' order: by bucket, then by series.
  outside.sort(compareProcessStats);
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
