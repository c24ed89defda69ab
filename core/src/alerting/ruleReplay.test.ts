import type { ZoneModel } from '../model/zoneModel';
import type { ScenarioLabel } from '../scenarioLabel';
import type { DetectionAlertRule } from './alertRule';
import { replayRule, type RuleAlert, scoreReplay } from './ruleReplay';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12);

const MODEL: ZoneModel = {
  zones: [
    { id: 'plc', name: 'PLC', purdueLevel: 1, slTarget: 3, safety: false, cidrs: ['10.0.1.0/24'], vlans: [] },
    { id: 'office', name: 'Office', purdueLevel: 4, slTarget: 2, safety: false, cidrs: ['10.9.0.0/16'], vlans: [] },
  ],
  conduits: [],
  assets: [{ name: 'plc-1', address: '10.0.1.5', zone: 'plc' }],
};

function rule(uid: string, template: DetectionAlertRule['template'], pendingSeconds = 0): DetectionAlertRule {
  return {
    uid,
    title: uid,
    template,
    watches: '',
    queries: [
      { refId: 'A', store: 'ot', influxql: 'SELECT count("x") FROM "m" WHERE $timeFilter', windowSeconds: 300 },
    ],
    expressions: [
      { refId: 'B', type: 'reduce', input: 'A', reducer: 'last' },
      { refId: 'C', type: 'threshold', input: 'B', above: 0 },
    ],
    condition: 'C',
    intervalSeconds: 60,
    pendingSeconds,
    labels: { conduit_rule: template, category: 'x', domain: 'ot', severity: 'high' },
    summary: '',
    thresholdText: '',
  };
}

const STEP: ScenarioLabel = {
  scenario: 'intrusion',
  step: 'modbus-write',
  kind: 'attack',
  start: T0,
  end: T0 + MINUTE,
  assets: ['ws-7', 'plc-1'],
  expectedCategories: ['unauthorized-command'],
  description: '',
};

const alert = (ruleUid: string, start: number, labels: Record<string, string>): RuleAlert => ({
  rule: ruleUid,
  title: ruleUid,
  labels,
  start,
  end: start + 5 * MINUTE,
});

describe('replaying a rule as the scheduler would', () => {
  it('raises one alert per series while it keeps firing, after the pending period', async () => {
    // The series fires from 12:02 to 12:06 (the window's count is above 0 then).
    const firing = (at: number) => at >= T0 + 2 * MINUTE && at <= T0 + 6 * MINUTE;
    const query = async (_store: string, influxql: string) => {
      const to = Number(/time <= (\d+)ms/.exec(influxql)?.[1]);
      return [{ labels: { dst_asset: 'plc-1' }, values: [firing(to) ? 3 : 0] }];
    };
    const range = { from: T0, to: T0 + 10 * MINUTE };
    const alerts = await replayRule(rule('now', 'ot-command'), { range, query });
    expect(alerts.map((a) => [(a.start - T0) / MINUTE, (a.end - T0) / MINUTE])).toEqual([[2, 6]]);
    const pending = await replayRule(rule('later', 'ot-command', 120), { range, query });
    expect(pending.map((a) => [(a.start - T0) / MINUTE, (a.end - T0) / MINUTE])).toEqual([[4, 6]]);
  });
});

describe('scoring alerts against the labels', () => {
  const rules = [rule('telemetry', 'ot-command'), rule('findings', 'finding-severity'), rule('chains', 'chain-level')];
  const score = (alerts: RuleAlert[]) =>
    scoreReplay(MODEL, rules, alerts, [STEP], { from: T0 - 60 * MINUTE, to: T0 + 23 * 60 * MINUTE });

  it('catches a step with an alert that names one of its assets, by name or address, while it happens', () => {
    const report = score([alert('telemetry', T0 + MINUTE, { dst_ip: '10.0.1.5' })]);
    expect(report.steps[0].telemetryLatencyIntervals).toBe(1);
    expect(report.caughtInTimeByTelemetry).toBe(1);
    expect(report.rules.find((r) => r.uid === 'telemetry')?.falseAlerts).toBe(0);
  });

  it("catches it by the zone of one of its assets, the inventory's zone for assets the model does not list", () => {
    expect(score([alert('findings', T0, { zone: 'plc' })]).steps[0].caughtBy).toHaveLength(1);
    const byInventory = scoreReplay(
      MODEL,
      rules,
      [alert('findings', T0, { zone: 'office' })],
      [STEP],
      {
        from: T0,
        to: T0 + MINUTE,
      },
      new Map([['ws-7', 'office']])
    );
    expect(byInventory.steps[0].caughtBy).toHaveLength(1);
  });

  it('counts an alert on other assets, or long after the step, as false', () => {
    const report = score([
      alert('telemetry', T0, { dst_asset: 'plc-9' }),
      alert('telemetry', T0 + 60 * MINUTE, { dst_asset: 'plc-1' }),
    ]);
    expect(report.steps[0].caughtBy).toEqual([]);
    expect(report.rules.find((r) => r.uid === 'telemetry')?.falseAlerts).toBe(2);
    expect(report.caughtInTime).toBe(0);
  });

  it('takes an alert that names no asset or zone (a chain) by its start alone', () => {
    expect(score([alert('chains', T0 + 2 * MINUTE, { id: 'chain-1' })]).steps[0].caughtBy).toHaveLength(1);
    expect(score([alert('chains', T0 + 10 * MINUTE, { id: 'chain-1' })]).steps[0].caughtBy).toEqual([]);
  });

  it('tells a step caught in time only by the analysis rules apart from one the telemetry rules caught', () => {
    const report = score([
      alert('findings', T0, { zone: 'plc' }),
      alert('telemetry', T0 + 3 * MINUTE, { dst_asset: 'plc-1' }),
    ]);
    expect(report.caughtInTime).toBe(1);
    expect(report.caughtInTimeByTelemetry).toBe(0);
    expect(report.steps[0].telemetryLatencyIntervals).toBe(3);
  });
});
