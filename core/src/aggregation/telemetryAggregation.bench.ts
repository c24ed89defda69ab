/**
 * `core aggregation out of order`: aggregation of points that arrive in no order at all (a file sorted by
 * something other than time, or several files joined), against the same points in time order. Ratio is
 * the shuffled time over the ordered time. Every bucket is reopened many times, so the ratio stays flat as
 * the input grows only while reopening costs the same whatever a bucket already holds.
 */
import { type BenchRow, bestOfMs } from '../../../bench/benchRow';
import type { TelemetryPoint } from '../telemetryContract';
import { syntheticTelemetry } from './syntheticTelemetry';
import { aggregateTelemetry } from './telemetryAggregation';

const FROM = Date.UTC(2025, 2, 3);
const TO = FROM + 2 * 3_600_000;
const RECORDS = 300_000;

/** A seeded Fisher-Yates shuffle. */
function shuffled(points: readonly TelemetryPoint[]): TelemetryPoint[] {
  const out = [...points];
  let state = 7;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function aggregate(points: readonly TelemetryPoint[]): void {
  aggregateTelemetry(points, { bucketMs: 60_000, range: { from: FROM, to: TO } });
}

export default async function outOfOrderBench(): Promise<BenchRow[]> {
  // Few process points, so each bucket holds many samples and a reopening that copied them would show.
  const ordered = syntheticTelemetry({
    seed: 3,
    from: FROM,
    to: TO,
    flows: RECORDS,
    processSamples: RECORDS,
    others: 2_000,
    pairs: 300,
    points: 10,
  });
  const mixed = shuffled(ordered);
  aggregate(ordered);
  aggregate(mixed);
  const orderedMs = bestOfMs(() => aggregate(ordered), 3);
  const mixedMs = bestOfMs(() => aggregate(mixed), 3);
  const perSecond = (ms: number) => Math.round(ordered.length / (ms / 1000));
  return [
    {
      name: 'core aggregation out of order',
      value: perSecond(mixedMs),
      unit: 'records/s',
      baseline: perSecond(orderedMs),
      ratio: mixedMs / orderedMs,
      note: `${ordered.length} points shuffled take ${mixedMs.toFixed(0)} ms, in time order ${orderedMs.toFixed(0)} ms; ratio is time over time`,
    },
  ];
}
