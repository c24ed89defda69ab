import { FINDING_CATEGORIES, type TelemetryPoint } from '@conduit/core';

import { Timeline } from '../timeline';
import { FIELD_PROTOCOL_STEPS } from './fieldProtocolAbuse';

const FROM = Date.UTC(2026, 0, 15, 6, 0, 0);
const TO = FROM + 4 * 3_600_000;
const MES = '10.20.3.20';

function ms(point: TelemetryPoint): number {
  return Number(point.timestampNs / 1_000_000n);
}

describe('the field protocol abuse scenario', () => {
  const timeline = new Timeline({
    seed: 3,
    fromMs: FROM,
    scenarios: ['field-protocol-abuse'],
    scenarioRange: { fromMs: FROM, toMs: TO },
  });
  const fromMes: TelemetryPoint[] = [];
  const fieldOperations: TelemetryPoint[] = [];
  for (const window of timeline.windows(TO, 30 * 60_000)) {
    for (const p of window.points.ot) {
      if (p.tags.src_ip === MES) {
        fromMes.push(p);
      }
      if (p.measurement === 'ot_operation' && ['dnp3', 'bacnet', 'enip'].includes(p.tags.protocol)) {
        fieldOperations.push(p);
      }
    }
  }
  const labels = timeline.labels();

  it('labels one attack step per protocol, each from the MES server to the unit that speaks it', () => {
    expect(labels.map((l) => l.step)).toEqual(Object.values(FIELD_PROTOCOL_STEPS));
    expect(labels.map((l) => l.assets)).toEqual([
      ['mes-1', 'scada-1'],
      ['mes-1', 'rtu-booster'],
      ['mes-1', 'bms-chem'],
      ['mes-1', 'uv-skid'],
    ]);
    for (const l of labels) {
      expect(l).toMatchObject({ scenario: 'field-protocol-abuse', kind: 'attack' });
      expect(l.technique).toMatch(/^T0\d{3}$/);
      for (const category of l.expectedCategories) {
        expect(FINDING_CATEGORIES).toContain(category);
      }
    }
  });

  it('writes each step as requests of its protocol, bracketed by the step label', () => {
    const expected: Record<string, { protocol: string; operations: string[]; codes: string[] }> = {
      'opcua-tag-write': { protocol: 'opcua', operations: ['write'], codes: ['673'] },
      'dnp3-direct-operate': { protocol: 'dnp3', operations: ['read', 'write'], codes: ['1', '5'] },
      'bacnet-write-property': { protocol: 'bacnet', operations: ['write'], codes: ['15'] },
      'cip-stop': { protocol: 'enip', operations: ['mode_change'], codes: ['7'] },
    };
    for (const label of labels) {
      const requests = fromMes.filter(
        (p) => p.measurement === 'ot_operation' && ms(p) >= label.start && ms(p) <= label.end
      );
      const want = expected[label.step];
      expect(new Set(requests.map((p) => p.tags.protocol))).toEqual(new Set([want.protocol]));
      expect([...new Set(requests.map((p) => p.tags.operation))].sort()).toEqual(want.operations);
      expect([...new Set(requests.map((p) => p.tags.function_code))].sort()).toEqual(want.codes);
      const flows = fromMes.filter((p) => p.measurement === 'flow' && ms(p) >= label.start && ms(p) <= label.end);
      expect(flows.map((p) => p.tags.service)).toEqual(requests.map(() => want.protocol));
    }
  });

  it('starts from a server that, before the first step, only reads tags over OPC UA', () => {
    const before = fromMes.filter((p) => ms(p) < labels[0].start);
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((p) => p.tags.service ?? p.tags.protocol))).toEqual(new Set(['opcua']));
    expect(new Set(before.filter((p) => p.measurement === 'ot_operation').map((p) => p.tags.operation))).toEqual(
      new Set(['read'])
    );
  });

  it('runs on a plant whose SCADA servers and control-room HMI poll each field unit in normal operation', () => {
    const normal = fieldOperations.filter((p) => p.tags.src_ip !== MES);
    const pairs = new Set(normal.map((p) => `${p.tags.src_asset} ${p.tags.protocol} ${p.tags.dst_asset}`));
    expect(pairs).toEqual(
      new Set([
        'scada-1 dnp3 rtu-booster',
        'scada-2 dnp3 rtu-booster',
        'scada-2 bacnet bms-chem',
        'scada-1 enip uv-skid',
        'hmi-1 enip uv-skid',
      ])
    );
    expect(new Set(normal.map((p) => p.tags.operation))).toEqual(new Set(['read']));
    // Every pair is seen within the first hour, so a baseline of any length has learnt it.
    for (const pair of pairs) {
      const first = normal.find((p) => `${p.tags.src_asset} ${p.tags.protocol} ${p.tags.dst_asset}` === pair);
      expect(ms(first!) - FROM).toBeLessThan(3_600_000);
    }
  });
});
