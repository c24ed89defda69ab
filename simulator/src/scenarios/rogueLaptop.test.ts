import type { ScenarioLabel, TelemetryPoint } from '@conduit/core';

import { Timeline } from '../timeline';
import { ROGUE_LAPTOP_ADDRESS } from './rogueLaptop';

const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);
const TO = FROM + 4 * 3_600_000;

function ms(point: TelemetryPoint): number {
  return Number(point.timestampNs / 1_000_000n);
}

function bracket(points: TelemetryPoint[]): { start: number; end: number } {
  const ns = points.map((p) => p.timestampNs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { start: Number(ns[0] / 1_000_000n), end: Number((ns[ns.length - 1] + 999_999n) / 1_000_000n) };
}

describe('the rogue laptop scenario', () => {
  const timeline = new Timeline({
    seed: 2,
    fromMs: FROM,
    scenarios: ['rogue-laptop'],
    scenarioRange: { fromMs: FROM, toMs: TO },
  });
  const laptop: TelemetryPoint[] = [];
  const states: TelemetryPoint[] = [];
  for (const window of timeline.windows(TO, 30 * 60_000)) {
    for (const p of window.points.ot) {
      if (p.tags.src_ip === ROGUE_LAPTOP_ADDRESS) {
        laptop.push(p);
      } else if (p.measurement === 'controller_state' && p.tags.asset === 'plc-dist-1') {
        states.push(p);
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
  const op = (code: string): TelemetryPoint[] =>
    laptop.filter((p) => p.measurement === 'ot_operation' && p.tags.function_code === code);

  it('brackets everything the unknown device sent as its appearance, naming it by address', () => {
    expect(laptop[0].tags).toMatchObject({ src_asset: 'unknown', src_zone: 'supervisory' });
    const device = label('rogue-device');
    expect(window(device)).toEqual(bracket(laptop));
    expect(device.assets).toEqual([ROGUE_LAPTOP_ADDRESS, 'plc-dist-1']);
    expect(device.expectedCategories).toContain('new-talker');
  });

  it('changes the controller mode run -> program -> run and its program hash once', () => {
    const modes = states.map((s) => s.fields.mode);
    const firstProgram = modes.indexOf('program');
    expect(modes[0]).toBe('run');
    expect(firstProgram).toBeGreaterThan(0);
    expect(modes.slice(firstProgram).includes('run')).toBe(true);
    expect(modes[modes.length - 1]).toBe('run');
    expect(new Set(states.map((s) => s.fields.program_hash)).size).toBe(2);
  });

  it('brackets the stop request and the first sample showing program mode', () => {
    const firstProgram = states.find((s) => s.fields.mode === 'program');
    expect(firstProgram).toBeDefined();
    expect(window(label('mode-change-to-program'))).toEqual(bracket([...op('41'), firstProgram!]));
    expect(label('mode-change-to-program').technique).toBe('T0858');
  });

  it('brackets the download requests and the first sample with the new program hash', () => {
    const download = laptop.filter((p) => p.tags.operation === 'program_download');
    expect(download.length).toBeGreaterThanOrEqual(3);
    const newHash = states.find((s) => s.fields.program_hash !== states[0].fields.program_hash);
    expect(newHash).toBeDefined();
    expect(ms(newHash!)).toBeGreaterThan(ms(download[download.length - 1]));
    expect(window(label('program-download'))).toEqual(bracket([...download, newHash!]));
    expect(label('program-download')).toMatchObject({
      technique: 'T0843',
      expectedCategories: expect.arrayContaining(['program-change']),
    });
  });

  it('brackets the start request and the first sample back in run mode', () => {
    const start = op('40');
    expect(start).toHaveLength(1);
    const backInRun = states.find((s) => ms(s) > ms(start[0]) && s.fields.mode === 'run');
    expect(window(label('mode-change-to-run'))).toEqual(bracket([...start, backInRun!]));
  });
});
