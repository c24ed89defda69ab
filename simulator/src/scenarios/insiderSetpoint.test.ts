import type { TelemetryPoint } from '@conduit/core';

import { NOMINAL_SETPOINTS, TRAIN_POINTS, isInBand } from '../processPhysics';
import { Timeline } from '../timeline';
import { INSIDER_DOSE_FACTOR } from './insiderSetpoint';

const FROM = Date.UTC(2026, 0, 15, 6, 0, 0);
const TO = FROM + 4 * 3_600_000;

function ms(point: TelemetryPoint): number {
  return Number(point.timestampNs / 1_000_000n);
}

describe('the insider setpoint scenario', () => {
  const timeline = new Timeline({
    seed: 6,
    fromMs: FROM,
    scenarios: ['insider-setpoint'],
    scenarioRange: { fromMs: FROM, toMs: TO },
  });
  const writes: TelemetryPoint[] = [];
  const chlorine: TelemetryPoint[] = [];
  const watched = ['chlorine_dose_setpoint', 'chlorine_feed_rate', 'chlorine_residual'];
  for (const window of timeline.windows(TO, 30 * 60_000)) {
    for (const p of window.points.ot) {
      if (p.measurement === 'ot_operation' && p.tags.dst_asset === 'plc-chlor-1' && p.tags.operation === 'write') {
        writes.push(p);
      } else if (
        p.measurement === 'process_value' &&
        p.tags.asset === 'plc-chlor-1' &&
        watched.includes(p.tags.point)
      ) {
        chlorine.push(p);
      }
    }
  }
  const [label] = timeline.labels();
  const specs = new Map(TRAIN_POINTS.map((s) => [s.point, s]));
  const outside = chlorine.filter((p) => !isInBand(specs.get(p.tags.point)!, p.fields.value as number));

  it('labels one insider step, modify parameter, expecting a process anomaly', () => {
    expect(timeline.labels()).toHaveLength(1);
    expect(label).toMatchObject({
      scenario: 'insider-setpoint',
      kind: 'insider',
      technique: 'T0836',
      assets: ['hmi-3', 'plc-chlor-1'],
    });
    expect(label.expectedCategories).toContain('process-anomaly');
  });

  it('writes the dose from a legitimate HMI with an allowed function code, at three times its value', () => {
    const insider = writes.find((p) => ms(p) === label.start);
    expect(insider?.tags).toMatchObject({
      src_asset: 'hmi-3',
      src_zone: 'supervisory',
      function_code: '6',
      protocol: 'modbus',
    });
    const value = insider?.fields.value as number;
    expect(value / INSIDER_DOSE_FACTOR).toBeGreaterThan(NOMINAL_SETPOINTS.chlorine_dose_setpoint - 0.25);
    expect(value / INSIDER_DOSE_FACTOR).toBeLessThan(NOMINAL_SETPOINTS.chlorine_dose_setpoint + 0.25);
  });

  it('ends with the last chlorine value outside its band, after the control room restored the dose', () => {
    const last = outside.reduce((a, b) => (a.timestampNs > b.timestampNs ? a : b));
    expect(label.end).toBe(Number((last.timestampNs + 999_999n) / 1_000_000n));
    const restore = writes.find(
      (p) =>
        p.tags.src_asset === 'hmi-1' &&
        ms(p) > label.start &&
        p.fields.value === NOMINAL_SETPOINTS.chlorine_dose_setpoint
    );
    expect(restore).toBeDefined();
    expect(ms(restore!)).toBeLessThan(label.end);
    expect(outside.every((p) => ms(p) >= label.start && ms(p) <= label.end)).toBe(true);
    expect(outside.some((p) => p.tags.point === 'chlorine_residual')).toBe(true);
  });
});
