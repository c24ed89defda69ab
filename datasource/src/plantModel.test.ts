import { NO_ZONE_MODEL, readPlantModel } from './plantModel';
import { ZONE_MODEL_TEXT } from '../test/cannedInflux';

const withDetection = JSON.stringify({
  ...JSON.parse(ZONE_MODEL_TEXT),
  detection: { baseline: { hours: 12, maxFraction: 0.25 }, reconnaissance: { minDestinations: 20 } },
});

describe('readPlantModel', () => {
  it('reads a valid model and sums it up', () => {
    const plant = readPlantModel({ zoneModel: ZONE_MODEL_TEXT });

    expect(plant.ok && plant.summary).toEqual({ site: 'synthetic', zones: 3, conduits: 2, assets: 0 });
  });

  it('lays the detection settings of the datasource over the model, setting by setting', () => {
    const plant = readPlantModel({ zoneModel: withDetection, detection: { baseline: { hours: 48 } } });

    expect(plant.ok && plant.detection.baseline).toEqual({ hours: 48, maxFraction: 0.25 });
    expect(plant.ok && plant.detection.reconnaissance.minDestinations).toBe(20);
  });

  it('keeps the default of a setting the core refuses, and says which', () => {
    const plant = readPlantModel({ zoneModel: ZONE_MODEL_TEXT, detection: { 'brute-force': { minFailures: 'many' } } });

    expect(plant.ok && plant.detection['brute-force'].minFailures).toBe(10);
    expect(plant.ok && plant.warnings).toEqual(['detection.brute-force.minFailures: must be a number, got "many"']);
  });

  it('gives the validator problems with their paths', () => {
    const plant = readPlantModel({ zoneModel: '{"zones": [{"id": "a"}]}' });

    expect(plant.ok).toBe(false);
    expect(!plant.ok && plant.problems[0]).toMatch(/^zones\[0\]\.name \(a\), line 1: /);
  });

  it('asks for a model when there is none', () => {
    expect(readPlantModel({})).toEqual({ ok: false, problems: [NO_ZONE_MODEL] });
  });
});
