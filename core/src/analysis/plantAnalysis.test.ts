import { aggregateTelemetry } from '../aggregation/telemetryAggregation';
import { syntheticTelemetry, syntheticZoneModel } from '../aggregation/syntheticTelemetry';
import { detectionConfig } from '../detectors/detectionConfig';
import type { TimeRange } from '../detectors/detectionContext';
import type { Finding } from '../finding';
import type { TelemetryPoint } from '../telemetryContract';
import { learningObservationRange } from './learningPeriods';
import { analysePlant } from './plantAnalysis';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2025, 2, 3);
/** 13:00 on the third day: an intruder appears and scans the control zone. */
const INTRUSION = START + 2 * DAY + 13 * HOUR;

function intruderFlow(ms: number, k: number): TelemetryPoint {
  return {
    measurement: 'flow',
    tags: {
      src_ip: '10.20.2.77',
      dst_ip: `10.20.1.${10 + (k % 20)}`,
      src_asset: 'unknown',
      dst_asset: `plc-${k % 20}`,
      src_zone: 'supervisory',
      dst_zone: 'basic-control',
      transport: 'tcp',
      service: 'modbus',
      dst_port: String(500 + k),
    },
    fields: { src_port: 40000 + k, bytes_out: 0, bytes_in: 0, packets: 2, duration: 0, conn_state: 'REJ' },
    timestampNs: BigInt(ms) * 1_000_000n,
  };
}

const model = syntheticZoneModel();
const points: TelemetryPoint[] = [
  ...syntheticTelemetry({
    seed: 7,
    from: START,
    to: START + 3 * DAY,
    flows: 40_000,
    processSamples: 20_000,
    pairs: 120,
  }),
  ...Array.from({ length: 60 }, (_, k) => intruderFlow(INTRUSION + 20 * MINUTE + k * 2000, k)),
];

function analyseView(view: TimeRange) {
  const observed = learningObservationRange(view, detectionConfig(model));
  const observations = aggregateTelemetry(points, { bucketMs: MINUTE, range: observed });
  return analysePlant({ model, observations, report: view, learning: 'periods' });
}

function inHour(findings: readonly Finding[], from: number): Array<Pick<Finding, 'id' | 'time' | 'category'>> {
  return findings
    .filter((f) => f.time >= from && f.time < from + HOUR)
    .map((f) => ({ id: f.id, time: f.time, category: f.category }));
}

describe('analysePlant', () => {
  it('finds the same findings in one hour whether the range around it is 1 h, 6 h or 24 h', () => {
    const hour = inHour(analyseView({ from: INTRUSION, to: INTRUSION + HOUR }).findings, INTRUSION);
    const sixHours = analyseView({ from: INTRUSION - 3 * HOUR, to: INTRUSION + 3 * HOUR });
    // This day crosses midnight, so its two halves learn from different days.
    const day = analyseView({ from: INTRUSION - 17 * HOUR, to: INTRUSION + 7 * HOUR });
    expect(hour.map((f) => f.category)).toEqual(expect.arrayContaining(['new-talker', 'reconnaissance']));
    expect(inHour(sixHours.findings, INTRUSION)).toEqual(hour);
    expect(inHour(day.findings, INTRUSION)).toEqual(hour);
    expect(day.baselines).toEqual([
      { from: START, to: START + DAY },
      { from: START + DAY, to: START + 2 * DAY },
    ]);
  });

  it('reports only findings that start in the report window, and none of the learning period', () => {
    const view = { from: INTRUSION, to: INTRUSION + HOUR };
    const analysis = analyseView(view);
    expect(analysis.findings.length).toBeGreaterThan(0);
    expect(analysis.findings.every((f) => f.time >= view.from && f.time < view.to)).toBe(true);
    expect(analysis.range).toEqual(view);
    expect(analysis.risk().at).toBe(view.to);
  });

  it('learns from the start of the observed range by default, as an offline capture is analysed', () => {
    const observations = aggregateTelemetry(points, { bucketMs: MINUTE, range: { from: START, to: START + 3 * DAY } });
    const analysis = analysePlant({ model, observations });
    expect(analysis.baselines).toEqual([{ from: START, to: START + DAY }]);
    expect(analysis.findings.every((f) => f.category === 'conduit-violation' || f.time >= START + DAY)).toBe(true);
    const explicit = analysePlant({
      model,
      observations,
      learning: { baseline: { from: START, to: START + 2 * DAY } },
    });
    expect(explicit.baselines).toEqual([{ from: START, to: START + 2 * DAY }]);
  });

  it('correlates chains with the chain gap it is given', () => {
    const view = { from: INTRUSION, to: INTRUSION + HOUR };
    const { findings, observations } = analyseView(view);
    const scan = findings.filter((f) => f.source?.ip === '10.20.2.77');
    expect(scan.length).toBeGreaterThan(1);
    // The same intruder again half an hour later.
    const later: Finding = { ...scan[0], id: 'later', time: scan[0].time + 30 * MINUTE, endTime: undefined };
    const given = [...scan, later];
    const linked = analysePlant({ model, observations, report: view, findings: given }).chains();
    const apart = analysePlant({ model, observations, report: view, findings: given, chainMaxGapMs: 10 * MINUTE });
    expect(linked.map((chain) => chain.steps.length)).toEqual([given.length]);
    expect(apart.chains().map((chain) => chain.steps.length)).toEqual([scan.length]);
  });

  it('weighs findings it is given without running the detectors, still limited to the report window', () => {
    const computed = analyseView({ from: INTRUSION, to: INTRUSION + HOUR });
    const observations = aggregateTelemetry(points, {
      bucketMs: MINUTE,
      range: { from: INTRUSION - HOUR, to: INTRUSION + HOUR },
    });
    const given = analysePlant({
      model,
      observations,
      report: { from: INTRUSION + 30 * MINUTE, to: INTRUSION + HOUR },
      findings: computed.findings,
    });
    expect(given.baselines).toEqual([]);
    expect(given.findings).toEqual(computed.findings.filter((f) => f.time >= INTRUSION + 30 * MINUTE));
    expect(given.risk().warnings).toEqual([]);
  });
});
