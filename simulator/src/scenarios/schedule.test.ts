import { SCENARIO_IDS } from './scenario';
import { SCENARIOS, parseScenarioList, planScenarios, quietPeriodMs } from './schedule';

const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 0, 15, 0, 0, 0);

describe('scenario scheduling', () => {
  it('reads all, none and comma-separated lists, and names an unknown scenario', () => {
    expect(parseScenarioList('all')).toEqual({ ids: [...SCENARIO_IDS] });
    expect(parseScenarioList('none')).toEqual({ ids: [] });
    expect(parseScenarioList('stuck-sensor, rogue-laptop')).toEqual({ ids: ['stuck-sensor', 'rogue-laptop'] });
    expect(parseScenarioList('rogue-laptop,bogus')).toEqual({
      error: expect.stringContaining('unknown scenario "bogus"'),
    });
  });

  it('keeps the first quarter quiet, and at least the detectors default baseline (a day, at most half)', () => {
    expect(quietPeriodMs(24 * HOUR)).toBe(12 * HOUR);
    expect(quietPeriodMs(4 * 24 * HOUR)).toBe(24 * HOUR);
    expect(quietPeriodMs(10 * 24 * HOUR)).toBe(60 * HOUR);
  });

  it('gives every scenario its own slot after the quiet period, in a fixed order, without overlap', () => {
    const to = FROM + 24 * HOUR;
    const plan = planScenarios(
      [
        'it-ot-intrusion',
        'field-protocol-abuse',
        'stuck-sensor',
        'rogue-laptop',
        'insider-setpoint',
        'firewall-change',
      ],
      FROM,
      to
    );
    expect(plan.map((p) => p.id)).toEqual([...SCENARIO_IDS]);
    expect(plan[0].startMs).toBeGreaterThanOrEqual(FROM + quietPeriodMs(24 * HOUR));
    for (let i = 0; i < plan.length; i++) {
      const end = plan[i].startMs + SCENARIOS[plan[i].id].durationMs * plan[i].scale;
      const next = i + 1 < plan.length ? plan[i + 1].startMs : to;
      expect(end).toBeLessThanOrEqual(next);
      expect(plan[i].scale).toBeGreaterThan(0.4);
    }
  });

  it('plays the scenarios from a given time instead, however long the history before it', () => {
    for (const days of [1, 2, 7]) {
      const to = FROM + days * 24 * HOUR;
      const plan = planScenarios(SCENARIO_IDS, FROM, to, to - 1.5 * HOUR);
      expect(plan.map((p) => p.id)).toEqual([...SCENARIO_IDS]);
      expect(plan[0].startMs).toBeGreaterThanOrEqual(to - 1.5 * HOUR);
      // As a three-hour backfill, whose quiet part is its first half, plays them.
      expect(plan).toEqual(planScenarios(SCENARIO_IDS, to - 3 * HOUR, to));
    }
    expect(planScenarios(SCENARIO_IDS, FROM, FROM + HOUR, FROM + HOUR)).toEqual([]);
  });

  it('places the same scenarios at the same times for the same range', () => {
    expect(planScenarios(SCENARIO_IDS, FROM, FROM + 48 * HOUR)).toEqual(
      planScenarios(SCENARIO_IDS, FROM, FROM + 48 * HOUR)
    );
  });

  it('plans nothing for none or an empty range', () => {
    expect(planScenarios([], FROM, FROM + HOUR)).toEqual([]);
    expect(planScenarios(SCENARIO_IDS, FROM, FROM)).toEqual([]);
  });
});
