import { DEFAULT_DETECTION_CONFIG, detectionConfig, detectionConfigProblems } from './detectionConfig';
import { createDetectionContext } from './detectionContext';
import { DAY_MS, fixtureModel, fixtureObservations, FIXTURE_START, HOUR_MS } from './detectionFixture';

describe('detection settings', () => {
  it('takes settings from the zone model over the defaults', () => {
    const config = detectionConfig({ detection: { reconnaissance: { minDestinations: 20 }, baseline: { hours: 12 } } });
    expect(config.reconnaissance.minDestinations).toBe(20);
    expect(config.reconnaissance.minPorts).toBe(DEFAULT_DETECTION_CONFIG.reconnaissance.minPorts);
    expect(config.baseline.hours).toBe(12);
  });

  it('keeps the default and names the setting when a value is unknown or of the wrong type', () => {
    const model = { detection: { reconnaissance: { minDestinations: 'many', windows: 3 }, scanner: { on: true } } };
    expect(detectionConfig(model).reconnaissance.minDestinations).toBe(8);
    expect(detectionConfigProblems(model)).toEqual([
      'detection.reconnaissance.minDestinations: must be a number, got "many"',
      'detection.reconnaissance.windows: unknown setting (known: windowBuckets, minDestinations, minPorts, baselineFactor, pollingBuckets, episodeGapBuckets)',
      expect.stringMatching(/^detection\.scanner: unknown detector \(known: baseline, conduit-policy/),
    ]);
  });

  it('learns from the first day of a range, but never from more than half of it', () => {
    const long = createDetectionContext(fixtureModel(), fixtureObservations({}, 3));
    expect(long.baseline).toEqual({ from: FIXTURE_START, to: FIXTURE_START + DAY_MS });
    const short = createDetectionContext(fixtureModel(), fixtureObservations({}, 1));
    expect(short.baseline).toEqual({ from: FIXTURE_START, to: FIXTURE_START + 12 * HOUR_MS });
  });

  it('uses an explicit learning window when given one', () => {
    const baseline = { from: FIXTURE_START + DAY_MS, to: FIXTURE_START + DAY_MS + HOUR_MS };
    expect(createDetectionContext(fixtureModel(), fixtureObservations({}), { baseline }).baseline).toEqual(baseline);
  });
});
