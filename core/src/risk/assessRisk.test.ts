import type { Finding } from '../finding';
import type { AssetRecord, FlowAggregate, Observations } from '../observations';
import type { Conduit, ControlType, Zone, ZoneModel } from '../model/zoneModel';
import { assessRisk, type EntityRisk, type RiskAssessment } from './assessRisk';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT = Date.UTC(2026, 2, 2, 12);

function zone(id: string, purdueLevel: Zone['purdueLevel'], extra: Partial<Zone> = {}): Zone {
  return { id, name: id, purdueLevel, slTarget: 2, safety: false, cidrs: [], vlans: [], ...extra };
}

function conduit(
  id: string,
  from: string,
  to: string,
  controlType: ControlType,
  extra: Partial<Conduit> = {}
): Conduit {
  return { id, from, to, direction: 'two-way', controlType, slTarget: 2, services: [], ...extra };
}

function plantModel(conduits: Conduit[] = defaultConduits()): ZoneModel {
  return {
    zones: [
      zone('internet', 5),
      zone('office-it', 4),
      zone('dmz', 3.5),
      zone('supervisory', 2),
      zone('basic-control', 1),
      zone('safety', 1, { safety: true, slTarget: 3 }),
    ],
    conduits,
    assets: [],
  };
}

function defaultConduits(): Conduit[] {
  return [
    conduit('c-internet-office', 'internet', 'office-it', 'firewall', { direction: 'one-way' }),
    conduit('c-office-dmz', 'office-it', 'dmz', 'firewall'),
    conduit('c-dmz-supervisory', 'dmz', 'supervisory', 'firewall'),
    conduit('c-supervisory-control', 'supervisory', 'basic-control', 'firewall'),
    conduit('c-supervisory-safety', 'supervisory', 'safety', 'gateway'),
  ];
}

function record(asset: string, zoneId: string, extra: Partial<AssetRecord> = {}): AssetRecord {
  return {
    time: AT - DAY,
    asset,
    zone: zoneId,
    role: 'workstation',
    vendor: '',
    model: '',
    ip: '',
    firmware: '',
    criticality: 3,
    vulnCount: 0,
    vulnKnownExploited: 0,
    cvssMax: 0,
    ...extra,
  };
}

function flow(src: [string, string], dst: [string, string], service: string, dstPort: number): FlowAggregate {
  return {
    bucketStart: AT - HOUR,
    bucketMs: HOUR,
    srcIp: '',
    dstIp: '',
    srcAsset: src[0],
    srcZone: src[1],
    dstAsset: dst[0],
    dstZone: dst[1],
    transport: 'tcp',
    service,
    dstPort,
    connections: 3,
    bytes: 1200,
    firstSeen: AT - HOUR,
    lastSeen: AT - HOUR / 2,
  };
}

function observations(assets: AssetRecord[], flows: FlowAggregate[] = []): Observations {
  return {
    range: { from: AT - DAY, to: AT },
    flows,
    otOperations: [],
    processStats: [],
    controllerStates: [],
    auth: [],
    alerts: [],
    assets,
  };
}

function finding(id: string, time: number, severity: Finding['severity'], target: string, zoneId: string): Finding {
  return {
    id,
    detector: 'test',
    category: 'unauthorized-command',
    time,
    severity,
    score: 50,
    destination: { asset: target, zone: zoneId },
    explanation: 'a write nobody expected',
    evidence: { records: [], query: '', store: 'ot' },
  };
}

function find(assessment: RiskAssessment, id: string, kind: 'asset' | 'zone' = 'asset'): EntityRisk {
  const list = kind === 'asset' ? assessment.assets : assessment.zones;
  const entity = list.find((e) => e.id === id);
  if (!entity) {
    throw new Error(`no ${kind} ${id} in the assessment`);
  }
  return entity;
}

function factor(entity: EntityRisk, id: string) {
  const f = entity.factors.find((x) => x.id === id);
  if (!f) {
    throw new Error(`no factor ${id} on ${entity.id}`);
  }
  return f;
}

describe('assessRisk', () => {
  const inventory = [
    record('printer-1', 'office-it', { role: 'workstation', criticality: 1 }),
    record('ws-7', 'office-it', { criticality: 2 }),
    record('sis-plc-1', 'safety', { role: 'safety-plc', criticality: 5 }),
    record('plc-1', 'basic-control', { role: 'plc', criticality: 4 }),
  ];

  it('ranks a safety PLC reachable from the office above an office printer', () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations(inventory, [
        flow(['ws-7', 'office-it'], ['printer-1', 'office-it'], 'ipp', 631),
        flow(['ws-7', 'office-it'], ['sis-plc-1', 'safety'], 'modbus', 502),
      ]),
      findings: [],
      at: AT,
    });
    const sis = find(result, 'sis-plc-1');
    const printer = find(result, 'printer-1');
    expect(sis.score).toBeGreaterThan(printer.score);
    expect(sis.impact).toBeGreaterThan(printer.impact);
    expect(sis.likelihood).toBeGreaterThan(printer.likelihood);
    expect(result.assets[0].id).toBe('sis-plc-1');
    expect(factor(sis, 'exposure').detail).toContain('office-it');
    expect(factor(sis, 'exposure').detail).toContain('modbus');
    expect(factor(printer, 'exposure').value).toBe(0);
  });

  it('lowers likelihood with a data diode compared to no control on the conduit into the zone', () => {
    const likelihoodWith = (control: ControlType): number => {
      const model = plantModel([
        conduit('c-office-control', 'office-it', 'basic-control', control, { direction: 'one-way' }),
      ]);
      const result = assessRisk({
        model,
        observations: observations(inventory, [flow(['ws-7', 'office-it'], ['plc-1', 'basic-control'], 'modbus', 502)]),
        findings: [],
        at: AT,
      });
      return find(result, 'plc-1').likelihood;
    };
    expect(likelihoodWith('data-diode')).toBeLessThan(likelihoodWith('gateway'));
    expect(likelihoodWith('gateway')).toBeLessThan(likelihoodWith('firewall'));
    expect(likelihoodWith('firewall')).toBeLessThan(likelihoodWith('none'));
  });

  it('treats observed traffic from a lower-trust zone that no conduit carries as uncontrolled', () => {
    const result = assessRisk({
      model: plantModel([]),
      observations: observations(inventory, [flow(['ws-7', 'office-it'], ['plc-1', 'basic-control'], 'modbus', 502)]),
      findings: [],
      at: AT,
    });
    const controls = factor(find(result, 'plc-1'), 'compensating-controls');
    expect(controls.value).toBe(1);
    expect(controls.detail).toContain('no conduit in the model');
  });

  it('raises likelihood when a zone or its conduit achieves less than its target security level', () => {
    const base = plantModel();
    const gapped = plantModel(
      defaultConduits().map((c) => (c.id === 'c-supervisory-control' ? { ...c, slTarget: 3, slAchieved: 1 } : c))
    );
    const zoneGapped: ZoneModel = {
      ...base,
      zones: base.zones.map((z) => (z.id === 'basic-control' ? { ...z, slTarget: 3, slAchieved: 2 } : z)),
    };
    const likelihood = (model: ZoneModel): number =>
      find(assessRisk({ model, observations: observations(inventory), findings: [], at: AT }), 'plc-1').likelihood;
    expect(likelihood(gapped)).toBeGreaterThan(likelihood(base));
    expect(likelihood(zoneGapped)).toBeGreaterThan(likelihood(base));
    const detail = factor(
      find(assessRisk({ model: gapped, observations: observations(inventory), findings: [], at: AT }), 'plc-1'),
      'compensating-controls'
    ).detail;
    expect(detail).toContain('SL-A 1 below SL-T 3');
  });

  it('counts reachability from the internet and from addresses no zone claims', () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations(inventory, [flow(['', 'unknown'], ['printer-1', 'office-it'], 'https', 443)]),
      findings: [],
      at: AT,
    });
    const exposure = factor(find(result, 'printer-1'), 'exposure');
    expect(exposure.value).toBeGreaterThan(0);
    expect(exposure.detail).toContain('internet');
  });

  it('weighs vulnerabilities by CVSS, count and known exploitation', () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations([
        record('patched', 'basic-control', { role: 'plc' }),
        record('vulnerable', 'basic-control', { role: 'plc', vulnCount: 4, cvssMax: 7.5 }),
        record('exploited', 'basic-control', { role: 'plc', vulnCount: 4, cvssMax: 7.5, vulnKnownExploited: 1 }),
      ]),
      findings: [],
      at: AT,
    });
    const value = (id: string) => factor(find(result, id), 'vulnerabilities').value;
    expect(value('patched')).toBe(0);
    expect(value('vulnerable')).toBeGreaterThan(0);
    expect(value('exploited')).toBeGreaterThan(value('vulnerable'));
    expect(factor(find(result, 'exploited'), 'vulnerabilities').detail).toContain('1 known exploited');
  });

  it('counts a fresh critical finding more than the same finding a week old, and later findings not at all', () => {
    const withFinding = (time: number) =>
      find(
        assessRisk({
          model: plantModel(),
          observations: observations(inventory),
          findings: [finding('f-1', time, 'critical', 'plc-1', 'basic-control')],
          at: AT,
        }),
        'plc-1'
      );
    const none = find(
      assessRisk({ model: plantModel(), observations: observations(inventory), findings: [], at: AT }),
      'plc-1'
    );
    const fresh = withFinding(AT - HOUR);
    const old = withFinding(AT - 7 * DAY);
    const future = withFinding(AT + HOUR);
    expect(fresh.likelihood).toBeGreaterThan(old.likelihood);
    expect(old.likelihood).toBeGreaterThanOrEqual(none.likelihood);
    expect(future.likelihood).toBe(none.likelihood);
    expect(factor(fresh, 'recent-findings').detail).toContain('1 critical');
  });

  it('halves the weight of a finding after one half-life', () => {
    const value = (age: number) =>
      factor(
        find(
          assessRisk({
            model: plantModel(),
            observations: observations(inventory),
            findings: [finding('f-1', AT - age, 'critical', 'plc-1', 'basic-control')],
            at: AT,
            weights: { findingHalfLifeMs: 6 * HOUR },
          }),
          'plc-1'
        ),
        'recent-findings'
      ).value;
    expect(value(0)).toBeCloseTo(0.8, 3);
    expect(value(6 * HOUR)).toBeCloseTo(0.4, 3);
  });

  it('does not count sensor-health findings as threats', () => {
    const health: Finding = {
      ...finding('f-h', AT - HOUR, 'critical', 'plc-1', 'basic-control'),
      category: 'sensor-health',
    };
    const result = assessRisk({
      model: plantModel(),
      observations: observations(inventory),
      findings: [health],
      at: AT,
    });
    expect(factor(find(result, 'plc-1'), 'recent-findings').value).toBe(0);
  });

  it("applies the zone model's criticality and zone over the inventory's, and scores assets only the model knows", () => {
    const model: ZoneModel = {
      ...plantModel(),
      assets: [
        { name: 'ws-7', criticality: 5, zone: 'supervisory' },
        { name: 'spare-plc', zone: 'basic-control', role: 'plc', criticality: 4 },
      ],
    };
    const result = assessRisk({ model, observations: observations(inventory), findings: [], at: AT });
    const ws = find(result, 'ws-7');
    expect(ws.zone).toBe('supervisory');
    expect(factor(ws, 'criticality').detail).toContain('5 of 5 (from the zone model)');
    const spare = find(result, 'spare-plc');
    expect(spare.zone).toBe('basic-control');
    expect(factor(spare, 'vulnerabilities').detail).toContain('no inventory record');
  });

  it('uses the latest inventory snapshot of an asset', () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations([
        record('plc-1', 'basic-control', { time: AT - 2 * DAY, cvssMax: 9.8, vulnCount: 3 }),
        record('plc-1', 'basic-control', { time: AT - DAY, cvssMax: 0, vulnCount: 0 }),
      ]),
      findings: [],
      at: AT,
    });
    expect(result.assets).toHaveLength(1);
    expect(factor(find(result, 'plc-1'), 'vulnerabilities').value).toBe(0);
  });

  it('lists factors whose contributions sum to every score', () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations(inventory, [flow(['ws-7', 'office-it'], ['sis-plc-1', 'safety'], 'modbus', 502)]),
      findings: [finding('f-1', AT - HOUR, 'high', 'sis-plc-1', 'safety')],
      at: AT,
    });
    for (const entity of [...result.assets, ...result.zones]) {
      const sum = entity.factors.reduce((s, f) => s + f.contribution, 0);
      expect(sum).toBeCloseTo(entity.score, 6);
      expect(entity.factors.length).toBeGreaterThanOrEqual(6);
    }
  });

  it("rolls a zone's impact up from its most critical asset blended with the mean", () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations([
        record('plc-1', 'basic-control', { role: 'plc', criticality: 5 }),
        record('io-1', 'basic-control', { role: 'sensor', criticality: 1 }),
        record('io-2', 'basic-control', { role: 'sensor', criticality: 1 }),
      ]),
      findings: [],
      at: AT,
    });
    const zoneRisk = find(result, 'basic-control', 'zone');
    const rollup = factor(zoneRisk, 'asset-impact');
    const highest = find(result, 'plc-1').impact;
    const mean = (highest + find(result, 'io-1').impact + find(result, 'io-2').impact) / 3;
    expect(rollup.value * 4 + 1).toBeCloseTo(0.7 * highest + 0.3 * mean, 2);
    expect(rollup.detail).toContain('plc-1');
    expect(zoneRisk.factors.map((f) => f.id)).toEqual([
      'asset-impact',
      'safety',
      'purdue-level',
      'asset-likelihood',
      'exposure',
      'recent-findings',
      'compensating-controls',
    ]);
  });

  it('scores a safety zone above an office zone with the same assets', () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations([record('a', 'office-it'), record('b', 'safety')]),
      findings: [],
      at: AT,
    });
    expect(find(result, 'safety', 'zone').impact).toBeGreaterThan(find(result, 'office-it', 'zone').impact);
    expect(factor(find(result, 'safety', 'zone'), 'safety').value).toBe(1);
  });

  it('counts a finding about an asset towards its zone even when the finding names no zone', () => {
    const unnamed: Finding = {
      ...finding('f-1', AT - HOUR, 'high', 'plc-1', 'basic-control'),
      destination: { asset: 'plc-1' },
    };
    const result = assessRisk({
      model: plantModel(),
      observations: observations(inventory),
      findings: [unnamed],
      at: AT,
    });
    expect(factor(find(result, 'basic-control', 'zone'), 'recent-findings').value).toBeGreaterThan(0);
    expect(factor(find(result, 'office-it', 'zone'), 'recent-findings').value).toBe(0);
  });

  it('switches a factor off with a weight of 0 and refuses a negative weight, naming it', () => {
    const result = assessRisk({
      model: plantModel(),
      observations: observations(inventory),
      findings: [],
      at: AT,
      weights: { criticality: 0, exposure: -1 },
    });
    expect(result.weights.criticality).toBe(0);
    expect(factor(find(result, 'plc-1'), 'criticality').contribution).toBe(0);
    expect(result.weights.exposure).toBe(3);
    expect(result.warnings.join('\n')).toContain('weights.exposure');
  });

  it('orders entities by score, highest first', () => {
    const result = assessRisk({ model: plantModel(), observations: observations(inventory), findings: [], at: AT });
    const scores = result.assets.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('names the field at fault instead of throwing on malformed input', () => {
    const broken = {
      model: { zones: 'none' },
      observations: { assets: [null, { asset: 'x' }], flows: 7 },
      findings: [{ id: 'f', time: 'yesterday', severity: 'high' }],
      at: Number.NaN,
    } as unknown as Parameters<typeof assessRisk>[0];
    const result = assessRisk(broken);
    expect(result.assets.map((a) => a.id)).toEqual(['x']);
    const warnings = result.warnings.join('\n');
    expect(warnings).toContain('observations.assets[0]');
    expect(warnings).toContain('observations.flows');
    expect(warnings).toContain('findings[0] (f).time');
    expect(warnings).toContain('at:');
  });
});
