import type { TelemetryPoint } from '@conduit/core';

import { Timeline } from '../timeline';
import { STUCK_POINT } from './stuckSensor';

const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const TO = FROM + 10 * 3_600_000;

function ms(point: TelemetryPoint): number {
  return Number(point.timestampNs / 1_000_000n);
}

describe('the stuck sensor scenario', () => {
  const timeline = new Timeline({
    seed: 9,
    fromMs: FROM,
    scenarios: ['stuck-sensor'],
    scenarioRange: { fromMs: FROM, toMs: TO },
  });
  const samples: TelemetryPoint[] = [];
  for (const window of timeline.windows(TO, 60 * 60_000)) {
    samples.push(...window.points.ot.filter((p) => p.measurement === 'process_value' && p.tags.point === STUCK_POINT));
  }
  const [label] = timeline.labels();
  const inside = samples.filter((p) => ms(p) >= label.start && ms(p) <= label.end);

  it('is labelled a fault that only sensor health should report', () => {
    expect(label).toMatchObject({
      kind: 'fault',
      expectedCategories: ['sensor-health'],
      assets: ['plc-filt-1', 'ana-turb-1'],
    });
    expect(label.technique).toBeUndefined();
  });

  it('repeats one value with good quality for hours inside the label', () => {
    expect(label.end - label.start).toBeGreaterThanOrEqual(3 * 3_600_000 - 10_000);
    expect(inside.length).toBeGreaterThan(1000);
    expect(new Set(inside.map((p) => p.fields.value)).size).toBe(1);
    expect(new Set(inside.map((p) => p.fields.quality))).toEqual(new Set(['good']));
  });

  it('starts and ends exactly at the frozen samples: the readings around them move', () => {
    const before = samples.filter((p) => ms(p) < label.start);
    const after = samples.filter((p) => ms(p) > label.end);
    const stuck = inside[0].fields.value;
    expect(ms(inside[0])).toBe(label.start);
    expect(ms(inside[inside.length - 1])).toBe(label.end);
    expect(before[before.length - 1].fields.value).not.toBe(stuck);
    expect(after[0].fields.value).not.toBe(stuck);
    expect(new Set(before.slice(-60).map((p) => p.fields.value)).size).toBeGreaterThan(20);
  });
});
