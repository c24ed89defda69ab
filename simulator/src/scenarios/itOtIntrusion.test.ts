import { FINDING_CATEGORIES, type ScenarioLabel, type TelemetryPoint } from '@conduit/core';

import { TRAIN_POINTS, isInBand } from '../processPhysics';
import { Timeline } from '../timeline';
import { ATTACK_CHLORINE_DOSE, C2_ADDRESS, phishedWorkstation } from './itOtIntrusion';

const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const TO = FROM + 6 * 3_600_000;

/** The millisecond window that contains the points: start rounded down, end up. */
function bracket(points: TelemetryPoint[]): { start: number; end: number } {
  const ns = points.map((p) => p.timestampNs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { start: Number(ns[0] / 1_000_000n), end: Number((ns[ns.length - 1] + 999_999n) / 1_000_000n) };
}

describe('the IT-to-OT intrusion scenario', () => {
  const timeline = new Timeline({
    seed: 4,
    fromMs: FROM,
    scenarios: ['it-ot-intrusion'],
    scenarioRange: { fromMs: FROM, toMs: TO },
  });
  const ws = phishedWorkstation(timeline.plant);
  const jumpIp = '172.16.35.10';
  const points: TelemetryPoint[] = [];
  for (const window of timeline.windows(TO, 30 * 60_000)) {
    for (const p of [...window.points.it, ...window.points.ot]) {
      const interesting =
        p.measurement === 'alert' ||
        p.measurement === 'auth' ||
        p.tags.src_ip === jumpIp ||
        p.tags.src_ip === ws.ip ||
        p.tags.dst_ip === C2_ADDRESS ||
        (p.measurement === 'process_value' && p.tags.asset === 'plc-chlor-1');
      if (interesting) {
        points.push(p);
      }
    }
  }
  const labels = timeline.labels();
  const label = (step: string): ScenarioLabel => {
    const found = labels.find((l) => l.step === step);
    if (found === undefined) {
      throw new Error(`no label for ${step}`);
    }
    return found;
  };
  const window = (l: ScenarioLabel): { start: number; end: number } => ({ start: l.start, end: l.end });

  it('labels six attack steps in the order of the chain, after the quiet baseline', () => {
    expect(labels.map((l) => l.step)).toEqual([
      'phishing',
      'credential-brute-force',
      'jump-host-session',
      'ot-scan',
      'unauthorized-modbus-write',
      'process-deviation',
    ]);
    for (const l of labels) {
      expect(l.kind).toBe('attack');
      expect(l.technique).toMatch(/^T0\d{3}$/);
      expect(l.start).toBeGreaterThanOrEqual(FROM + 3 * 3_600_000);
      for (const category of l.expectedCategories) {
        expect(FINDING_CATEGORIES).toContain(category);
      }
    }
  });

  it('brackets the phishing alert and the beacons to the command-and-control address', () => {
    const evidence = points.filter(
      (p) => (p.measurement === 'alert' && p.tags.technique === 'T0865') || p.tags.dst_ip === C2_ADDRESS
    );
    expect(evidence.filter((p) => p.measurement === 'alert')).toHaveLength(1);
    expect(evidence.length).toBeGreaterThan(3);
    expect(window(label('phishing'))).toEqual(bracket(evidence));
    expect(label('phishing').assets[0]).toBe(ws.name);
  });

  it('brackets a burst of failed jump-host logons from the workstation ending in a success', () => {
    const attempts = points.filter(
      (p) => p.measurement === 'auth' && p.tags.src_ip === ws.ip && p.tags.asset === 'jump-1'
    );
    const failures = attempts.filter((p) => p.tags.result === 'failure');
    expect(failures.length).toBeGreaterThanOrEqual(20);
    expect(attempts[attempts.length - 1].tags.result).toBe('success');
    expect(window(label('credential-brute-force'))).toEqual(bracket(attempts));
  });

  it('brackets every RDP connection from the workstation to the jump host as the new session path', () => {
    const rdp = points.filter(
      (p) => p.measurement === 'flow' && p.tags.src_ip === ws.ip && p.tags.dst_asset === 'jump-1'
    );
    expect(rdp.length).toBeGreaterThan(40);
    expect(window(label('jump-host-session'))).toEqual(bracket(rdp));
  });

  it('brackets a fan-out of failed probes from the jump host to many OT addresses and ports', () => {
    const probes = points.filter(
      (p) =>
        p.measurement === 'flow' &&
        p.tags.src_ip === jumpIp &&
        ['S0', 'REJ', 'RSTO'].includes(p.fields.conn_state as string)
    );
    const alert = points.filter((p) => p.measurement === 'alert' && p.tags.technique === 'T0846');
    expect(new Set(probes.map((p) => p.tags.dst_ip)).size).toBeGreaterThan(100);
    expect(new Set(probes.map((p) => p.tags.dst_port)).size).toBe(3);
    expect(new Set(probes.map((p) => p.tags.dst_zone))).toEqual(new Set(['basic-control', 'supervisory']));
    expect(window(label('ot-scan'))).toEqual(bracket([...probes, ...alert]));
  });

  it('brackets the Modbus writes from the jump host to the chlorination PLC', () => {
    const isProbe = (p: TelemetryPoint): boolean => p.measurement === 'flow' && p.fields.conn_state !== 'SF';
    const modbus = points.filter(
      (p) =>
        p.tags.src_ip === jumpIp &&
        p.tags.dst_asset === 'plc-chlor-1' &&
        (p.measurement === 'ot_operation' || p.measurement === 'flow') &&
        !isProbe(p)
    );
    const write = modbus.find((p) => p.measurement === 'ot_operation' && p.tags.function_code === '16');
    expect(write?.fields).toMatchObject({ value: ATTACK_CHLORINE_DOSE, address: 100 });
    expect(write?.tags).toMatchObject({ src_zone: 'industrial-dmz', dst_zone: 'basic-control', operation: 'write' });
    expect(window(label('unauthorized-modbus-write'))).toEqual(bracket(modbus));
  });

  it('brackets the chlorine values outside their bands, and the process is back in band afterwards', () => {
    const specs = new Map(TRAIN_POINTS.map((s) => [s.point, s]));
    const watched = ['chlorine_dose_setpoint', 'chlorine_feed_rate', 'chlorine_residual'];
    const chlorine = points.filter((p) => p.measurement === 'process_value' && watched.includes(p.tags.point));
    const outside = chlorine.filter((p) => !isInBand(specs.get(p.tags.point)!, p.fields.value as number));
    expect(outside.some((p) => p.tags.point === 'chlorine_residual')).toBe(true);
    const deviation = label('process-deviation');
    expect(window(deviation)).toEqual(bracket(outside));
    expect(deviation.start).toBeGreaterThanOrEqual(label('unauthorized-modbus-write').start);
    const after = chlorine.filter((p) => Number(p.timestampNs / 1_000_000n) > deviation.end);
    expect(after.length).toBeGreaterThan(100);
    expect(outside.filter((p) => after.includes(p))).toEqual([]);
  });
});
