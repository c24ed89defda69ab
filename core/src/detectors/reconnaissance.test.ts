import { createDetectionContext } from './detectionContext';
import { everyMinute, fixtureModel, fixtureObservations, flow, minute, otOperation } from './detectionFixture';
import fc from 'fast-check';
import { countSteps, detectReconnaissance, type Step, type Touches } from './reconnaissance';

const AFTER = 24 * 60;

/** scada-1 polls both PLCs and the SIS every minute of both days. */
function polling() {
  return everyMinute(0, 2 * AFTER, (at) => [
    otOperation(at, 'scada-1', 'plc-1', 'modbus', 'read', '3'),
    otOperation(at, 'scada-1', 'plc-2', 'modbus', 'read', '3'),
    otOperation(at, 'scada-1', 'sis-1', 'modbus', 'read', '3'),
  ]).flat();
}

function sweep(fromMinute: number, hosts: number, source = 'jump-1', firstHost = 1) {
  return Array.from({ length: hosts }, (_, i) =>
    [502, 102, 44818].map((port) =>
      flow(minute(fromMinute + Math.floor(i / 20)), source, `10.20.1.${firstHost + i}`, 'modbus', port)
    )
  ).flat();
}

function detect(parts: Parameters<typeof fixtureObservations>[0]) {
  const obs = fixtureObservations(parts);
  return detectReconnaissance(obs, createDetectionContext(fixtureModel(), obs));
}

describe('reconnaissance', () => {
  it('reports a sweep of many hosts and ports within minutes', () => {
    const findings = detect({ flows: sweep(AFTER + 100, 60) });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: 'reconnaissance',
      technique: 'T0846',
      time: minute(AFTER + 100),
      endTime: minute(AFTER + 103),
      source: { asset: 'jump-1', ip: '172.16.35.10', zone: 'dmz' },
    });
    expect(findings[0].explanation).toBe(
      'jump-1 reached 60 hosts on 3 ports or services in Basic control within 3 minutes, far more than it did during the baseline.'
    );
  });

  it('does not take a master polling its controllers for a scan', () => {
    expect(detect({ otOperations: polling() })).toEqual([]);
  });

  it('does not take a master polling many hosts on two services for a scan, even with nothing learnt', () => {
    // Three hours of polling twelve units over Modbus flows and requests, and no baseline at all.
    const units = Array.from({ length: 12 }, (_, i) => `10.20.1.${i + 1}`);
    const flows = everyMinute(AFTER, AFTER + 180, (at) =>
      units.map((unit) => flow(at, 'scada-1', unit, 'modbus', 502))
    );
    const otOperations = everyMinute(AFTER, AFTER + 180, (at) =>
      units.map((unit) => otOperation(at, 'scada-1', unit, 'modbus', 'read', '3'))
    );
    expect(detect({ flows: flows.flat(), otOperations: otOperations.flat() })).toEqual([]);
    // The same master sweeping hosts it does not poll is still a scan.
    const findings = detect({
      flows: [...flows.flat(), ...sweep(AFTER + 100, 40, 'scada-1', 100)],
      otOperations: otOperations.flat(),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ time: minute(AFTER + 100), source: { asset: 'scada-1' } });
  });

  it('does not report a source that reaches as many hosts as it did during the baseline', () => {
    expect(detect({ flows: [...sweep(100, 12), ...sweep(AFTER + 100, 12)] })).toEqual([]);
  });

  describe('counting distinct keys per window', () => {
    const MINUTE = 60_000;
    const START = Date.UTC(2025, 2, 3);

    /** The keys whose touches fall in the window ending at `t` (buckets in (t - window, t]), counted one by one. */
    function keysAt(touches: Touches[], t: number, windowMs: number): number {
      const keys = new Set<string>();
      for (const touch of touches) {
        if (touch.buckets.some((b) => b <= t && t < b + windowMs)) {
          keys.add(touch.destination);
        }
      }
      return keys.size;
    }

    function countAt(steps: Step[], t: number): number {
      return steps.find((s) => s.from <= t && t < s.to)?.count ?? 0;
    }

    const touch = fc
      .record({
        destination: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'),
        minutes: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }),
      })
      .map(({ destination, minutes }) => ({
        destination,
        endpoint: destination,
        buckets: [...minutes].sort((a, b) => a - b).map((m) => START + m * MINUTE),
      }));

    it('gives, at every window end, the number of keys touched in that window, in ordered steps', () => {
      fc.assert(
        fc.property(fc.array(touch, { maxLength: 8 }), fc.integer({ min: 1, max: 6 }), (touches, windowBuckets) => {
          const windowMs = windowBuckets * MINUTE;
          const steps = countSteps(touches, (t) => t.destination, windowMs);
          for (let m = -1; m <= 48; m++) {
            const t = START + m * MINUTE;
            expect(countAt(steps, t)).toBe(keysAt(touches, t, windowMs));
          }
          for (let i = 0; i < steps.length; i++) {
            expect(steps[i].count).toBeGreaterThan(0);
            expect(steps[i].from).toBeLessThan(steps[i].to);
            if (i > 0) {
              expect(steps[i].from).toBeGreaterThanOrEqual(steps[i - 1].to);
            }
          }
        })
      );
    });

    it('counts exactly at times and widths that are not whole milliseconds', () => {
      const touches = [
        { destination: 'a', endpoint: 'a', buckets: [0.5, 1.25] },
        { destination: 'b', endpoint: 'b', buckets: [1.5] },
      ];
      expect(countSteps(touches, (t) => t.destination, 0.75)).toEqual([
        { from: 0.5, to: 1.5, count: 1 },
        { from: 1.5, to: 2, count: 2 },
        { from: 2, to: 2.25, count: 1 },
      ]);
    });

    it('counts once a window that loses one key as it gains another', () => {
      const touches = [
        { destination: 'a', endpoint: 'a', buckets: [START] },
        { destination: 'b', endpoint: 'b', buckets: [START + 2 * MINUTE] },
      ];
      expect(countSteps(touches, (t) => t.destination, 2 * MINUTE)).toEqual([
        { from: START, to: START + 2 * MINUTE, count: 1 },
        { from: START + 2 * MINUTE, to: START + 4 * MINUTE, count: 1 },
      ]);
    });
  });
});
