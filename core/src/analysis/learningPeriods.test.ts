import { detectionConfig } from '../detectors/detectionConfig';
import { learningObservationRange, learningPeriods } from './learningPeriods';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const D = Date.UTC(2025, 2, 4);

describe('learningPeriods', () => {
  it('judges a range inside one day against the whole day before it', () => {
    const config = detectionConfig({});
    expect(learningPeriods({ from: D + 13 * HOUR, to: D + 14 * HOUR }, config)).toEqual([
      { report: { from: D + 13 * HOUR, to: D + 14 * HOUR }, baseline: { from: D - DAY, to: D } },
    ]);
  });

  it('cuts a range that crosses midnight into one period per day, each with its own learning window', () => {
    const periods = learningPeriods({ from: D - 4 * HOUR, to: D + 2 * HOUR }, detectionConfig({}));
    expect(periods).toEqual([
      { report: { from: D - 4 * HOUR, to: D }, baseline: { from: D - 2 * DAY, to: D - DAY } },
      { report: { from: D, to: D + 2 * HOUR }, baseline: { from: D - DAY, to: D } },
    ]);
    expect(learningObservationRange({ from: D - 4 * HOUR, to: D + 2 * HOUR }, detectionConfig({}))).toEqual({
      from: D - 2 * DAY,
      to: D + 2 * HOUR,
    });
  });

  it('follows the model’s learning window length', () => {
    const config = detectionConfig({ detection: { baseline: { hours: 6 } } });
    const periods = learningPeriods({ from: D + 7 * HOUR, to: D + 13 * HOUR }, config);
    expect(periods.map((p) => p.baseline)).toEqual([
      { from: D, to: D + 6 * HOUR },
      { from: D + 6 * HOUR, to: D + 12 * HOUR },
    ]);
  });

  it('gives one period without a learning window when the model asks for none, and none for an empty range', () => {
    const config = detectionConfig({ detection: { baseline: { hours: 0 } } });
    expect(learningPeriods({ from: D, to: D + HOUR }, config)).toEqual([
      { report: { from: D, to: D + HOUR }, baseline: { from: D, to: D } },
    ]);
    expect(learningPeriods({ from: D, to: D }, detectionConfig({}))).toEqual([]);
  });
});
