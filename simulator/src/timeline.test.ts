import { encodePoint, measurementContract, type TelemetryPoint } from '@conduit/core';

import { SAFETY_POINTS, TRAIN_POINTS, isInBand } from './processPhysics';
import { SCENARIO_IDS } from './scenarios/scenario';
import { Timeline, type TimelineOptions } from './timeline';

const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const HOUR = 3_600_000;

interface Collected {
  it: TelemetryPoint[];
  ot: TelemetryPoint[];
}

function collect(options: TimelineOptions, toMs: number, windowMs: number): Collected {
  const timeline = new Timeline(options);
  const out: Collected = { it: [], ot: [] };
  for (const window of timeline.windows(toMs, windowMs)) {
    out.it.push(...window.points.it);
    out.ot.push(...window.points.ot);
  }
  return out;
}

function lines(points: Collected): string[] {
  return [...points.it.map((p) => `it ${encodePoint(p)}`), ...points.ot.map((p) => `ot ${encodePoint(p)}`)];
}

// Tags a writer may leave out: an alert has no destination or technique when the sensor gives none.
const OPTIONAL_TAGS: Record<string, string[]> = { alert: ['src_ip', 'dst_ip', 'technique'] };

function contractProblem(store: 'it' | 'ot', point: TelemetryPoint): string | undefined {
  const contract = measurementContract(point.measurement);
  if (contract === undefined) {
    return `unknown measurement ${point.measurement}`;
  }
  if (!contract.stores.includes(store)) {
    return `${point.measurement} does not belong in the ${store} store`;
  }
  const optional = OPTIONAL_TAGS[point.measurement] ?? [];
  for (const tag of contract.tags) {
    if (point.tags[tag] === undefined && !optional.includes(tag)) {
      return `${point.measurement} lacks tag ${tag}`;
    }
  }
  for (const [tag, value] of Object.entries(point.tags)) {
    if (!contract.tags.includes(tag)) {
      return `${point.measurement} has tag ${tag} outside the contract`;
    }
    if (value === '') {
      return `${point.measurement} has an empty ${tag}`;
    }
  }
  const fields = Object.keys(point.fields).sort();
  if (fields.join() !== Object.keys(contract.fields).sort().join()) {
    return `${point.measurement} has fields ${fields.join()}`;
  }
  for (const [field, type] of Object.entries(contract.fields)) {
    const value = point.fields[field];
    const ok =
      type === 'string'
        ? typeof value === 'string'
        : type === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'number' && Number.isFinite(value) && (type === 'float' || Number.isInteger(value));
    if (!ok) {
      return `${point.measurement}.${field} should be ${type}, got ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

describe('the timeline', () => {
  const allScenarios: TimelineOptions = {
    seed: 3,
    fromMs: FROM,
    scenarios: SCENARIO_IDS,
    scenarioRange: { fromMs: FROM, toMs: FROM + 4 * HOUR },
  };

  it('writes identical points for the same seed', () => {
    const a = lines(collect({ seed: 11, fromMs: FROM }, FROM + HOUR, 60_000));
    const b = lines(collect({ seed: 11, fromMs: FROM }, FROM + HOUR, 60_000));
    expect(a.length).toBeGreaterThan(40_000);
    expect(b).toEqual(a);
  });

  it('writes different points for a different seed', () => {
    const a = lines(collect({ seed: 11, fromMs: FROM }, FROM + 10 * 60_000, 60_000));
    const b = lines(collect({ seed: 12, fromMs: FROM }, FROM + 10 * 60_000, 60_000));
    expect(b).not.toEqual(a);
  });

  it('writes the same points however the range is cut into windows (backfill and live agree)', () => {
    const coarse = lines(collect(allScenarios, FROM + 20 * 60_000, 15 * 60_000));
    const perSecond = lines(collect(allScenarios, FROM + 20 * 60_000, 1000));
    expect(perSecond).toEqual(coarse);
  });

  describe('a run with every scenario', () => {
    const points = collect(allScenarios, FROM + 4 * HOUR, 10 * 60_000);
    const all = [...points.it, ...points.ot];

    it('writes only points of the telemetry contract, in the stores the contract names', () => {
      const problems = new Set<string>();
      for (const store of ['it', 'ot'] as const) {
        for (const point of points[store]) {
          const problem = contractProblem(store, point);
          if (problem !== undefined) {
            problems.add(problem);
          }
          try {
            encodePoint(point);
          } catch (error) {
            problems.add(String(error));
          }
        }
      }
      expect([...problems]).toEqual([]);
      const measurements = (store: 'it' | 'ot'): string[] =>
        [...new Set(points[store].map((p) => p.measurement))].sort();
      expect(measurements('it')).toEqual(['alert', 'asset', 'auth', 'flow']);
      expect(measurements('ot')).toEqual([
        'alert',
        'asset',
        'auth',
        'controller_state',
        'flow',
        'ot_operation',
        'process_value',
      ]);
    });

    it('never gives two points of one series the same timestamp', () => {
      const seen = new Set<string>();
      const twins: string[] = [];
      for (const point of all) {
        const key = `${point.measurement}|${Object.entries(point.tags)
          .sort()
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}|${point.timestampNs}`;
        if (seen.has(key)) {
          twins.push(key);
        }
        seen.add(key);
      }
      expect(twins).toEqual([]);
    });

    it('fills asset and zone tags by attribution, unknown where nothing matches', () => {
      const flows = all.filter((p) => p.measurement === 'flow');
      const v6 = flows.find((p) => p.tags.src_ip.includes(':'));
      expect(v6?.tags).toMatchObject({ src_zone: 'enterprise', dst_asset: 'dc-1', dst_zone: 'enterprise' });
      const toC2 = flows.find((p) => p.tags.dst_ip === '192.0.2.66');
      expect(toC2?.tags).toMatchObject({ dst_asset: 'unknown', dst_zone: 'unknown', src_asset: 'proxy-1' });
      const rogue = flows.find((p) => p.tags.src_ip === '10.20.2.187');
      expect(rogue?.tags).toMatchObject({ src_asset: 'unknown', src_zone: 'supervisory', dst_asset: 'plc-dist-1' });
    });
  });

  describe('a day of normal operation', () => {
    const specs = new Map([...TRAIN_POINTS, ...SAFETY_POINTS].map((s) => [s.point, s]));
    const timeline = new Timeline({ seed: 5, fromMs: FROM + 5 * HOUR + 17 * 60_000 });
    const start = timeline.timeMs;
    let total = 0;
    const firstSeen = new Map<string, number>();
    const outOfBand: string[] = [];
    const failures = new Map<string, number[]>();
    const note = (key: string, ms: number): void => {
      if (!firstSeen.has(key)) {
        firstSeen.set(key, ms);
      }
    };
    for (const window of timeline.windows(start + 24 * HOUR, 10 * 60_000)) {
      for (const point of [...window.points.it, ...window.points.ot]) {
        total++;
        const ms = Number(point.timestampNs / 1_000_000n);
        const t = point.tags;
        if (point.measurement === 'flow') {
          note(`talker ${t.src_ip}`, ms);
          note(`path ${t.src_ip} ${t.dst_ip} ${t.service} ${t.dst_port}`, ms);
        } else if (point.measurement === 'ot_operation') {
          note(`request ${t.src_ip} ${t.dst_ip} ${t.protocol} ${t.operation} ${t.function_code}`, ms);
        } else if (point.measurement === 'process_value') {
          const spec = specs.get(t.point);
          if (spec === undefined || !isInBand(spec, point.fields.value as number)) {
            outOfBand.push(`${t.asset}/${t.point}=${point.fields.value}`);
          }
        } else if (point.measurement === 'auth' && t.result === 'failure') {
          failures.set(t.src_ip, [...(failures.get(t.src_ip) ?? []), ms]);
        }
      }
    }

    it('writes on the order of a million points a day for the default plant', () => {
      expect(total).toBeGreaterThan(1_000_000);
      expect(total).toBeLessThan(3_000_000);
    });

    it('shows every talker, path and kind of OT request within the first hour, but the office’s occasional report readers', () => {
      const late = [...firstSeen].filter(([, ms]) => ms >= start + HOUR).map(([key]) => key);
      // Office workers who are not process engineers read the historian replica every few days: the churn a
      // learning period never sees whole.
      const occasional = /^path 10\.10\.\d+\.\d+ 172\.16\.35\.20 https 443$/;
      expect(late.filter((key) => !occasional.test(key))).toEqual([]);
      expect(late.length).toBeGreaterThan(0);
      expect(firstSeen.size).toBeGreaterThan(200);
    });

    it('keeps every process value inside its normal band', () => {
      expect(outOfBand.slice(0, 5)).toEqual([]);
    });

    it('has single mistyped passwords but never a burst of failures from one source', () => {
      expect(failures.size).toBeGreaterThan(0);
      for (const times of failures.values()) {
        const sorted = [...times].sort((a, b) => a - b);
        for (let i = 2; i < sorted.length; i++) {
          expect(sorted[i] - sorted[i - 2]).toBeGreaterThan(10 * 60_000);
        }
      }
    });
  });
});
