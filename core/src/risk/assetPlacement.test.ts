/**
 * Risk places every asset where attribution does: in the zone its override names, else in the zone whose ranges
 * hold its address (longest prefix). Checked for every asset of every zone model in the repository, so a model
 * written as docs/data-contract.md describes (an address inside a zone's ranges belongs to that zone) gets the
 * zone's risk counted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Observations } from '../observations';
import { createZoneAttributor } from '../model/zoneAttribution';
import type { ZoneModel } from '../model/zoneModel';
import { parseZoneModel } from '../model/zoneModelFile';
import { assessRisk } from './assessRisk';

const ROOT = join(__dirname, '..', '..', '..');
/** Every valid zone model the repository holds: its YAML and JSON files that parse as one. */
const MODELS = execFileSync('git', ['ls-files', '*.yaml', '*.yml', '*.json'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((path) => path !== '' && !path.includes('node_modules'))
  .filter((path) => {
    const text = readFileSync(join(ROOT, path), 'utf8');
    return text.includes('purdueLevel') && parseZoneModel(text).ok;
  });

it('finds the zone models of the repository', () => {
  expect(MODELS).toEqual(
    expect.arrayContaining([
      'provisioning/zone-model.yaml',
      'cli/src/testdata/plant.yaml',
      'core/src/topology/testdata/plant.json',
    ])
  );
});

function readModel(path: string): ZoneModel {
  const parsed = parseZoneModel(readFileSync(join(ROOT, path), 'utf8'));
  if (!parsed.ok) {
    throw new Error(`${path} is not a valid zone model`);
  }
  return parsed.model;
}

const NO_OBSERVATIONS: Observations = {
  range: { from: 0, to: 1 },
  flows: [],
  otOperations: [],
  processStats: [],
  controllerStates: [],
  auth: [],
  alerts: [],
  assets: [],
};

describe.each(MODELS)('the assets of %s', (path) => {
  const model = readModel(path);
  const attributor = createZoneAttributor(model);
  const risk = assessRisk({ model, observations: NO_OBSERVATIONS, findings: [], at: 1 });

  it.each(model.assets.map((asset) => [asset.name, asset] as const))(
    '%s sits where attribution puts it',
    (name, asset) => {
      const expected = asset.zone ?? (asset.address === undefined ? undefined : attributor.zoneOf(asset.address)?.id);
      expect(risk.assets.find((entity) => entity.id === name)?.zone).toBe(expected);
    }
  );

  it('counts at least one asset of a zone whose ranges hold it', () => {
    const placed = model.assets.filter((asset) => asset.zone === undefined && asset.address !== undefined);
    if (placed.length > 0) {
      const zone = attributor.zoneOf(placed[0].address ?? '')?.id;
      expect(risk.zones.find((entity) => entity.id === zone)).toBeDefined();
    }
  });
});

it('places an asset named only by address in the zone its address falls in, and that zone counts it', () => {
  const model = readModel('cli/src/testdata/plant.yaml');
  const plc = model.assets.find((asset) => asset.name === 'plc-1');
  expect(plc).toMatchObject({ address: '10.40.2.20' });
  expect(plc?.zone).toBeUndefined();
  const risk = assessRisk({ model, observations: NO_OBSERVATIONS, findings: [], at: 1 });
  expect(risk.assets.find((entity) => entity.id === 'plc-1')?.zone).toBe('field');
});
