/**
 * `core nudge end-ordered`: the nudger over a conn.log-like stream, whose records come in order of their
 * connection's end while their times are its start, against the same points in time order (the ratio: how much
 * the disorder costs). Most connections last under a second, some minutes, a few hours, so a point's time often
 * lies before the latest the older generations hold and they are looked into; the number of generations trades
 * this against the current generation's size (timestampNudge.ts).
 */
import { type BenchRow, benchRow, bestOfInTurnsMs } from '../../../bench/benchRow';
import { seededRandom } from '../aggregation/syntheticTelemetry';
import type { TelemetryPoint } from '../telemetryContract';
import { createTimestampNudger } from './timestampNudge';

const POINTS = 1_000_000;
const START_S = 1_700_000_000;

/** Connection durations in seconds: 70% under 50 ms, 25% under 5 s, 4.5% under 5 minutes, the rest under 2 hours. */
function duration(next: () => number): number {
  const kind = next();
  const share = next();
  return kind < 0.7 ? share * 0.05 : kind < 0.95 ? share * 5 : kind < 0.995 ? share * 300 : share * 7200;
}

/** Points of connections ending at `perSecond` a second, in order of their end, each at its start. */
function endOrdered(perSecond: number): TelemetryPoint[] {
  const next = seededRandom(7);
  return Array.from({ length: POINTS }, (_, i) => {
    const endS = START_S + i / perSecond;
    const startUs = Math.round((endS - duration(next)) * 1e6);
    return { measurement: 'flow', tags: {}, fields: { bytes_out: 0 }, timestampNs: BigInt(startUs) * 1000n };
  });
}

function placeAll(points: readonly TelemetryPoint[]): number {
  const nudger = createTimestampNudger();
  for (const point of points) {
    nudger.place(point);
  }
  return nudger.nudged;
}

export default async function timestampNudgeBench(): Promise<BenchRow[]> {
  return [5_000, 50_000].map((perSecond) => {
    const shuffled = endOrdered(perSecond);
    // Copied after sorting, so that both sets lie in memory in the order they are read.
    const ordered = [...shuffled]
      .sort((a, b) => (a.timestampNs < b.timestampNs ? -1 : 1))
      .map((point) => ({ ...point }));
    placeAll(shuffled);
    placeAll(ordered);
    const [shuffledMs, orderedMs] = bestOfInTurnsMs([() => placeAll(shuffled), () => placeAll(ordered)], 6);
    const nsPerPoint = (ms: number) => (ms * 1e6) / POINTS;
    return benchRow(
      `core nudge end-ordered ${perSecond / 1000}k/s`,
      nsPerPoint(shuffledMs),
      'ns/point',
      nsPerPoint(orderedMs),
      `${POINTS} points of connections ending ${perSecond} a second, in order of their end; baseline: the same ` +
        'points in time order'
    );
  });
}
