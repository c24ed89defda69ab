import type { Finding } from '../finding';
import type { Observations } from '../observations';
import type { ZoneModel } from '../model/zoneModel';
import { assessRisk } from './assessRisk';
import { explainRiskOverTime, riskBucketEnds, MAX_RISK_BUCKETS, riskOverTime } from './riskOverTime';

const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 2, 1);
const TO = FROM + 24 * HOUR;

const model: ZoneModel = {
  zones: [
    { id: 'office-it', name: 'Office IT', purdueLevel: 4, slTarget: 2, safety: false, cidrs: [], vlans: [] },
    { id: 'basic-control', name: 'Basic control', purdueLevel: 1, slTarget: 3, safety: false, cidrs: [], vlans: [] },
  ],
  conduits: [
    {
      id: 'c1',
      from: 'office-it',
      to: 'basic-control',
      direction: 'two-way',
      controlType: 'firewall',
      slTarget: 3,
      services: [],
    },
  ],
  assets: [],
};

const observations: Observations = {
  range: { from: FROM, to: TO },
  flows: [],
  otOperations: [],
  processStats: [],
  controllerStates: [],
  auth: [],
  alerts: [],
  assets: [
    {
      time: FROM,
      asset: 'plc-1',
      zone: 'basic-control',
      role: 'plc',
      vendor: '',
      model: '',
      ip: '10.1.0.5',
      firmware: '',
      criticality: 5,
      vulnCount: 2,
      vulnKnownExploited: 0,
      cvssMax: 7,
    },
    {
      time: FROM,
      asset: 'ws-7',
      zone: 'office-it',
      role: 'workstation',
      vendor: '',
      model: '',
      ip: '10.0.0.7',
      firmware: '',
      criticality: 2,
      vulnCount: 0,
      vulnKnownExploited: 0,
      cvssMax: 0,
    },
  ],
};

function finding(id: string, time: number): Finding {
  return {
    id,
    detector: 'test',
    category: 'unauthorized-command',
    time,
    severity: 'critical',
    score: 90,
    destination: { ip: '10.1.0.5' },
    explanation: 'a Modbus write to plc-1',
    evidence: { records: [], query: '', store: 'ot' },
  };
}

describe('riskOverTime', () => {
  const findings = [finding('f-1', FROM + 6 * HOUR + 1), finding('f-2', FROM + 7.5 * HOUR)];
  const points = riskOverTime({
    model,
    observations,
    findings,
    from: FROM,
    to: TO,
    bucketMs: HOUR,
    weights: { findingHalfLifeMs: 2 * HOUR },
  });
  const plc = points.filter((p) => p.kind === 'asset' && p.id === 'plc-1');

  it('gives one point per entity at the end of every bucket, in time order', () => {
    expect(plc).toHaveLength(24);
    expect(points).toHaveLength(24 * 4);
    expect(plc[0].time).toBe(FROM + HOUR);
    expect(plc[23].time).toBe(TO);
    const times = points.map((p) => p.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(points.slice(0, 4).map((p) => `${p.kind}:${p.id}`)).toEqual([
      'asset:plc-1',
      'asset:ws-7',
      'zone:basic-control',
      'zone:office-it',
    ]);
  });

  it('only weighs the findings seen by the end of each bucket', () => {
    const at = (hour: number) => plc[hour - 1];
    expect(at(6).score).toBe(at(1).score);
    expect(at(7).score).toBeGreaterThan(at(6).score);
    expect(at(8).score).toBeGreaterThan(at(7).score);
  });

  it('lets risk decay back as findings age', () => {
    expect(plc[23].score).toBeLessThan(plc[7].score);
    expect(plc[23].score).toBeGreaterThanOrEqual(plc[0].score);
  });

  it('agrees with an assessment at each bucket end', () => {
    for (const hour of [3, 7, 9, 24]) {
      const at = FROM + hour * HOUR;
      const assessment = assessRisk({ model, observations, findings, at, weights: { findingHalfLifeMs: 2 * HOUR } });
      for (const entity of [...assessment.assets, ...assessment.zones]) {
        const point = points.find((p) => p.time === at && p.kind === entity.kind && p.id === entity.id);
        expect(point && [point.impact, point.likelihood, point.score]).toEqual([
          entity.impact,
          entity.likelihood,
          entity.score,
        ]);
      }
    }
  });

  it('returns nothing for a range that ends before it starts or a bucket that is not positive', () => {
    expect(riskOverTime({ model, observations, findings, from: TO, to: FROM, bucketMs: HOUR })).toEqual([]);
    expect(riskOverTime({ model, observations, findings, from: FROM, to: TO, bucketMs: 0 })).toEqual([]);
    expect(riskOverTime({ model, observations, findings, from: FROM, to: TO, bucketMs: Number.NaN })).toEqual([]);
  });
});

describe('explainRiskOverTime', () => {
  const input = {
    model,
    observations,
    findings: [finding('f-1', FROM + 6 * HOUR + 1)],
    from: FROM,
    to: TO,
    bucketMs: HOUR,
    weights: { findingHalfLifeMs: 2 * HOUR },
  };

  it('explains the entities asked for at each bucket end, as riskOverTime scores them', () => {
    const explained = explainRiskOverTime(input, 'asset', new Set(['plc-1']));
    const scores = riskOverTime(input).filter((p) => p.kind === 'asset' && p.id === 'plc-1');
    expect(explained).toHaveLength(24);
    expect(explained.map((point) => point.entities.map((e) => e.id))).toEqual(explained.map(() => ['plc-1']));
    expect(explained.map((point) => point.entities[0].score)).toEqual(scores.map((p) => p.score));
  });

  it('gives the recent findings factor its points and words at that time', () => {
    const explained = explainRiskOverTime(input, 'asset', new Set(['plc-1']));
    const recent = (hour: number) =>
      explained[hour - 1].entities[0].factors.find((factor) => factor.id === 'recent-findings');
    expect(recent(6)?.contribution).toBe(0);
    expect(recent(7)?.contribution).toBeGreaterThan(0);
    expect(recent(7)?.detail).not.toBe(recent(6)?.detail);
    const total = explained[6].entities[0].factors.reduce((sum, factor) => sum + factor.contribution, 0);
    expect(total).toBeCloseTo(explained[6].entities[0].score, 6);
  });

  it('explains nothing when no entity is asked for', () => {
    expect(explainRiskOverTime(input, 'zone', new Set())).toEqual([]);
  });
});

describe('riskBucketEnds', () => {
  it('closes a last, shorter bucket at the end of the range', () => {
    expect(riskBucketEnds(0, 25, 10)).toEqual([10, 20, 25]);
    expect(riskBucketEnds(5, 5, 10)).toEqual([5]);
  });

  it('widens the bucket rather than produce more than the maximum number of buckets', () => {
    expect(riskBucketEnds(0, 1e12, 1).length).toBeLessThanOrEqual(MAX_RISK_BUCKETS + 1);
  });
});
