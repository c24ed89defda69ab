import {
  NOMINAL_SETPOINTS,
  ProcessTrain,
  SAFETY_POINTS,
  TRAIN_POINTS,
  diurnalDemand,
  isInBand,
  quantize,
} from './processPhysics';

const START = Date.UTC(2026, 0, 15, 0, 0, 0);
const STEP = 10_000;

describe('process physics', () => {
  it('keeps every point inside its band over three days of normal operation, for several seeds', () => {
    for (const seed of [1, 2, 3, 4]) {
      const train = new ProcessTrain(seed, 1, START);
      const out = new Set<string>();
      for (let t = START; t < START + 3 * 86_400_000; t += STEP) {
        train.advance(t);
        const values = { ...train.sample(), ...train.sampleSafety() };
        for (const spec of [...TRAIN_POINTS, ...SAFETY_POINTS]) {
          if (!isInBand(spec, quantize(values[spec.point], spec.decimals))) {
            out.add(`${seed}:${spec.point}=${values[spec.point]}`);
          }
        }
      }
      expect([...out].slice(0, 3)).toEqual([]);
    }
  });

  it('moves residual chlorine after a dose change with the lags of dosing and contact tank, and back after a restore', () => {
    const train = new ProcessTrain(1, 1, START);
    const band = TRAIN_POINTS.find((p) => p.point === 'chlorine_residual')?.band ?? [0, 0];
    let t = START + 3_600_000;
    train.advance(t);
    const before = train.sample().chlorine_residual;
    train.setpoints.chlorine_dose_setpoint = NOMINAL_SETPOINTS.chlorine_dose_setpoint * 3;
    train.advance((t += 20_000));
    expect(train.sample().chlorine_residual).toBeLessThan(band[1]);
    train.advance((t += 5 * 60_000));
    expect(train.sample().chlorine_residual).toBeGreaterThan(before + 0.2);
    train.advance((t += 20 * 60_000));
    expect(train.sample().chlorine_residual).toBeGreaterThan(band[1]);
    train.setpoints.chlorine_dose_setpoint = NOMINAL_SETPOINTS.chlorine_dose_setpoint;
    train.advance((t += 90 * 60_000));
    expect(
      isInBand(
        TRAIN_POINTS.find((p) => p.point === 'chlorine_residual')!,
        train.sample().chlorine_residual
      )
    ).toBe(true);
  });

  it('integrates the clearwell level towards a raised level setpoint over hours', () => {
    const train = new ProcessTrain(2, 1, START);
    train.advance(START + 3_600_000);
    const before = train.sample().clearwell_level;
    train.setpoints.clearwell_level_setpoint = 4.4;
    train.advance(START + 2 * 3_600_000);
    const after = train.sample().clearwell_level;
    expect(after).toBeGreaterThan(before + 0.1);
    train.advance(START + 8 * 3_600_000);
    expect(Math.abs(train.sample().clearwell_level - 4.4)).toBeLessThan(0.1);
  });

  it('draws more water by day than by night, with two peaks of the same height', () => {
    expect(diurnalDemand(3)).toBeLessThan(diurnalDemand(12));
    expect(Math.abs(diurnalDemand(7.5) - diurnalDemand(19))).toBeLessThan(0.02);
    expect(diurnalDemand(7.5)).toBeGreaterThan(diurnalDemand(3) + 0.2);
  });

  it('is reproducible: the same seed and start give the same samples', () => {
    const a = new ProcessTrain(7, 1, START);
    const b = new ProcessTrain(7, 1, START);
    a.advance(START + 7_200_000);
    b.advance(START + 7_200_000);
    expect(a.sample()).toEqual(b.sample());
  });
});
