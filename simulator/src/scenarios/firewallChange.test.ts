import type { TelemetryPoint } from '@conduit/core';

import { Timeline } from '../timeline';
import { analystWorkstation } from './firewallChange';

const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const TO = FROM + 4 * 3_600_000;

function bracket(points: TelemetryPoint[]): { start: number; end: number } {
  const ns = points.map((p) => p.timestampNs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { start: Number(ns[0] / 1_000_000n), end: Number((ns[ns.length - 1] + 999_999n) / 1_000_000n) };
}

describe('the firewall change scenario', () => {
  const timeline = new Timeline({
    seed: 8,
    fromMs: FROM,
    scenarios: ['firewall-change'],
    scenarioRange: { fromMs: FROM, toMs: TO },
  });
  const ws = analystWorkstation(timeline.plant);
  const fromWs: TelemetryPoint[] = [];
  for (const window of timeline.windows(TO, 30 * 60_000)) {
    fromWs.push(...window.points.ot.filter((p) => p.tags.src_ip === ws.ip));
  }
  const labels = timeline.labels();

  it('sends office traffic into site operations and basic control, zones no conduit from the office reaches', () => {
    expect(new Set(fromWs.map((p) => `${p.tags.src_zone}>${p.tags.dst_zone}`))).toEqual(
      new Set(['enterprise>site-operations', 'enterprise>basic-control'])
    );
  });

  it('brackets the SQL sessions with the historian', () => {
    const sql = fromWs.filter((p) => p.tags.service === 'sql');
    expect(sql.length).toBeGreaterThan(5);
    expect(sql.every((p) => p.tags.dst_asset === 'hist-1' && p.tags.dst_port === '1433')).toBe(true);
    const label = labels.find((l) => l.step === 'office-sql-to-historian');
    expect(label && { start: label.start, end: label.end }).toEqual(bracket(sql));
    expect(label?.expectedCategories).toEqual(['conduit-violation', 'new-path']);
  });

  it('brackets the Modbus reads of the distribution PLC', () => {
    const modbus = fromWs.filter((p) => p.tags.dst_asset === 'plc-dist-1');
    expect(modbus.some((p) => p.measurement === 'ot_operation' && p.tags.function_code === '3')).toBe(true);
    const label = labels.find((l) => l.step === 'office-modbus-read');
    expect(label && { start: label.start, end: label.end }).toEqual(bracket(modbus));
  });
});
