import type { Observations } from '../observations';
import { joinObservations, observationsWithin } from './observationRanges';
import { syntheticTelemetry } from './syntheticTelemetry';
import { aggregateTelemetry } from './telemetryAggregation';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 1, 6, 0, 0);
const points = syntheticTelemetry({
  seed: 17,
  from: T0,
  to: T0 + 30 * MINUTE,
  flows: 4000,
  processSamples: 3000,
  others: 600,
  pairs: 25,
  points: 8,
});

/** The observations of [from, to) as a read of that range gives them, every list made. */
function observed(from: number, to: number): Observations {
  const obs = aggregateTelemetry(points, { bucketMs: MINUTE, range: { from, to } });
  return {
    range: obs.range,
    flows: [...obs.flows],
    otOperations: [...obs.otOperations],
    processStats: [...obs.processStats],
    controllerStates: [...obs.controllerStates],
    auth: [...obs.auth],
    alerts: [...obs.alerts],
    assets: [...obs.assets],
  };
}

describe('observations cut and joined by time', () => {
  const whole = observed(T0, T0 + 30 * MINUTE);

  it('has rows of every kind to cut (the test would prove nothing on empty lists)', () => {
    for (const rows of Object.values(whole).filter(Array.isArray)) {
      expect(rows.length).toBeGreaterThan(5);
    }
  });

  it('cuts on a bucket boundary to what a read of the shorter range gives', () => {
    expect(observationsWithin(whole, { from: T0 + 7 * MINUTE, to: T0 + 19 * MINUTE })).toEqual(
      observed(T0 + 7 * MINUTE, T0 + 19 * MINUTE)
    );
    expect(observationsWithin(whole, { from: T0, to: T0 + MINUTE })).toEqual(observed(T0, T0 + MINUTE));
  });

  it('keeps to its own range when asked for more', () => {
    const part = observed(T0 + 10 * MINUTE, T0 + 20 * MINUTE);
    expect(observationsWithin(part, { from: T0, to: T0 + 60 * MINUTE })).toEqual(part);
    expect(observationsWithin(part, { from: T0 + 25 * MINUTE, to: T0 + 60 * MINUTE }).flows).toEqual([]);
  });

  it('joins two adjacent reads into what one read of both ranges gives', () => {
    const joined = joinObservations(observed(T0, T0 + 12 * MINUTE), observed(T0 + 12 * MINUTE, T0 + 30 * MINUTE));
    expect(joined).toEqual(whole);
  });

  it('refuses to join reads that leave a gap or overlap, naming where each ends', () => {
    expect(() => joinObservations(observed(T0, T0 + 5 * MINUTE), observed(T0 + 6 * MINUTE, T0 + 9 * MINUTE))).toThrow(
      `the first ends at ${T0 + 5 * MINUTE}, the second starts at ${T0 + 6 * MINUTE}`
    );
  });
});
