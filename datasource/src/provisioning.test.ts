/**
 * Every setting can be provisioned and is documented: the demo stack's provisioning file sets only keys the
 * datasource knows, docs/datasource.md names every key, and the zone model the file points at validates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { readPlantModel } from './plantModel';
import { JSON_DATA_KEYS, SECURE_JSON_DATA_KEYS } from './settingsKeys';
import type { DetectionOverrides } from './types';

const ROOT = join(__dirname, '../..');
/** docker-compose mounts provisioning/ where Grafana reads it. */
const GRAFANA_PROVISIONING = '/etc/grafana/provisioning/';

interface ProvisionedDatasource {
  type: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, unknown>;
}

function conduitDatasource(): ProvisionedDatasource {
  const file: { datasources: ProvisionedDatasource[] } = parse(
    readFileSync(join(ROOT, 'provisioning/datasources/conduit.yaml'), 'utf8')
  );
  const found = file.datasources.find((ds) => ds.type === 'conduit-telemetry-datasource');
  if (found === undefined) {
    throw new Error('provisioning/datasources/conduit.yaml has no Conduit datasource');
  }
  return found;
}

describe('provisioning', () => {
  it('sets only settings the datasource knows', () => {
    const ds = conduitDatasource();

    expect(Object.keys(ds.jsonData ?? {}).filter((key) => !(JSON_DATA_KEYS as string[]).includes(key))).toEqual([]);
    expect(
      Object.keys(ds.secureJsonData ?? {}).filter((key) => !(SECURE_JSON_DATA_KEYS as string[]).includes(key))
    ).toEqual([]);
  });

  it('points at a zone model that validates', () => {
    const reference = String(conduitDatasource().jsonData?.zoneModel);
    const path = /^\$__file\{(.+)\}$/.exec(reference)?.[1] ?? '';
    expect(path.startsWith(GRAFANA_PROVISIONING)).toBe(true);

    const text = readFileSync(join(ROOT, 'provisioning', path.slice(GRAFANA_PROVISIONING.length)), 'utf8');
    const detection = conduitDatasource().jsonData?.detection as DetectionOverrides | undefined;
    const plant = readPlantModel({ zoneModel: text, detection });

    expect(plant.ok).toBe(true);
    expect(plant.ok && plant.warnings).toEqual([]);
  });

  it('reads the zone model from a folder docker-compose mounts read-only into Grafana', () => {
    const compose: { services: Record<string, { image?: string; volumes?: string[] }> } = parse(
      readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')
    );
    const grafana = Object.values(compose.services).find((service) => service.image?.startsWith('grafana/grafana'));

    expect(grafana?.volumes).toContain(`./provisioning:${GRAFANA_PROVISIONING.replace(/\/$/, '')}:ro`);
  });

  it('is documented key by key in docs/datasource.md', () => {
    const docs = readFileSync(join(ROOT, 'docs/datasource.md'), 'utf8');

    const missing = [...JSON_DATA_KEYS, ...SECURE_JSON_DATA_KEYS].filter((key) => !docs.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });
});
