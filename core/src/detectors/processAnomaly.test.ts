import { createDetectionContext } from './detectionContext';
import { everyMinute, fixtureModel, fixtureObservations, pointStat } from './detectionFixture';
import { detectProcessAnomalies } from './processAnomaly';
import { detectSensorHealth } from './sensorHealth';

const DAY_MINUTES = 24 * 60;

/** A residual with a daily cycle between about 1.0 and 1.4 mg/L. */
function diurnal(minuteOfRun: number): number {
  return 1.2 + 0.2 * Math.sin((2 * Math.PI * minuteOfRun) / DAY_MINUTES) + 0.003 * Math.sin(minuteOfRun * 7.3);
}

function detect(stats: Array<ReturnType<typeof pointStat>>) {
  const obs = fixtureObservations({ processStats: stats });
  const ctx = createDetectionContext(fixtureModel(), obs);
  return { anomalies: detectProcessAnomalies(obs, ctx), health: detectSensorHealth(obs, ctx) };
}

function normalDays(days = 2) {
  return everyMinute(0, days * DAY_MINUTES, (at, i) => pointStat(at, 'plc-1', 'chlorine_residual', diurnal(i)));
}

describe('process anomalies and sensor health', () => {
  it('does not take the daily cycle seen during the baseline for an anomaly', () => {
    const { anomalies, health } = detect(normalDays());
    expect(anomalies).toEqual([]);
    expect(health).toEqual([]);
  });

  it('reports a point that leaves its baseline far and for several buckets', () => {
    const stats = normalDays().map((s, i) =>
      i >= DAY_MINUTES + 600 && i < DAY_MINUTES + 640 ? { ...s, median: 4.5, min: 4.4, max: 4.6 } : s
    );
    const { anomalies } = detect(stats);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      category: 'process-anomaly',
      technique: 'T0831',
      destination: { asset: 'plc-1' },
    });
    expect(anomalies[0].explanation).toMatch(
      /^chlorine_residual on plc-1 rose to 4\.6 mg\/L over 40 minutes, against a baseline of 1\.2/
    );
  });

  it('leaves a single odd bucket alone', () => {
    const stats = normalDays().map((s, i) => (i === DAY_MINUTES + 600 ? { ...s, median: 4.5 } : s));
    expect(detect(stats).anomalies).toEqual([]);
  });

  it('reports a stuck sensor as sensor health and never as a process anomaly', () => {
    const stuckFrom = DAY_MINUTES + 300;
    const stats = normalDays().map((s, i) =>
      i >= stuckFrom && i < stuckFrom + 180
        ? pointStat(s.bucketStart, 'plc-1', 'chlorine_residual', 0.1, { spread: 0 })
        : s
    );
    const { anomalies, health } = detect(stats);
    expect(health).toHaveLength(1);
    expect(health[0].explanation).toBe(
      'chlorine_residual on plc-1 has read exactly 0.1 mg/L for 180 minutes, although it normally moves: the sensor looks stuck.'
    );
    expect(anomalies).toEqual([]);
  });

  it('does not call a setpoint stuck: it is flat by nature', () => {
    const stats = everyMinute(0, 2 * DAY_MINUTES, (at) =>
      pointStat(at, 'plc-1', 'chlorine_dose_setpoint', 1.8, { spread: 0, kind: 'setpoint' })
    );
    expect(detect(stats)).toEqual({ anomalies: [], health: [] });
  });

  it('reports a setpoint moved far from anything the baseline held', () => {
    const stats = everyMinute(0, 2 * DAY_MINUTES, (at, i) =>
      pointStat(at, 'plc-1', 'chlorine_dose_setpoint', i > DAY_MINUTES + 60 && i < DAY_MINUTES + 100 ? 5.4 : 1.8, {
        spread: 0,
        kind: 'setpoint',
      })
    );
    const { anomalies } = detect(stats);
    expect(anomalies.map((f) => [f.technique, f.time])).toEqual([['T0836', stats[DAY_MINUTES + 61].bucketStart]]);
  });

  it('reports a reading no physical quantity of its unit can take', () => {
    const stats = normalDays().map((s, i) => (i === DAY_MINUTES + 10 ? { ...s, min: -3 } : s));
    const { health } = detect(stats);
    expect(health.map((f) => f.explanation)).toEqual([
      'chlorine_residual on plc-1 reported -3 mg/L, which no real mg/L reading can be: the instrument or its scaling is faulty.',
    ]);
  });

  it('judges each reading against the range of its own unit', () => {
    const valve = (at: number, i: number) =>
      pointStat(at, 'plc-1', 'valve_position', i === DAY_MINUTES + 20 ? 104 : 50, { unit: '%' });
    const level = (at: number, i: number) => pointStat(at, 'plc-1', 'tank_level', 104, { unit: 'm' });
    const stats = everyMinute(0, 2 * DAY_MINUTES, (at, i) => [valve(at, i), level(at, i)]).flat();
    const { health } = detect(stats);
    expect(health.map((f) => f.explanation)).toEqual([
      'valve_position on plc-1 reported 104.01 %, which no real % reading can be: the instrument or its scaling is faulty.',
    ]);
  });
});
