import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createZoneAttributor, parseZoneModel, validateZoneModel } from '@conduit/core';

import { buildPlant } from './plant';
import { plantZoneModel, zoneModelYaml } from './plantZoneModel';

const modelFile = join(__dirname, '..', '..', 'provisioning', 'zone-model.yaml');

describe('the plant zone model', () => {
  const plant = buildPlant(1);
  const model = plantZoneModel(plant);

  it('passes the core validator with no problems', () => {
    const result = validateZoneModel(model);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('is what provisioning/zone-model.yaml holds, so the file cannot drift from the simulator', () => {
    expect(readFileSync(modelFile, 'utf8')).toBe(zoneModelYaml(model));
  });

  it('reads back from provisioning/zone-model.yaml with no problems', () => {
    const result = parseZoneModel(readFileSync(modelFile, 'utf8'));
    expect(result.problems).toEqual([]);
    expect(result.ok && result.model).toEqual(model);
  });

  it('places every asset address, IPv4 and IPv6, in the zone of the asset', () => {
    const zones = createZoneAttributor(model);
    for (const asset of buildPlant(1, 300).assets) {
      expect(zones.zoneOf(asset.ip)?.id).toBe(asset.zone);
      if (asset.ipv6 !== undefined) {
        expect(zones.zoneOf(asset.ipv6)?.id).toBe(asset.zone);
      }
    }
  });

  it('has zones whose achieved security level falls short of the target', () => {
    const gaps = model.zones.filter((z) => z.slAchieved !== undefined && z.slAchieved < z.slTarget).map((z) => z.id);
    expect(gaps).toEqual(expect.arrayContaining(['industrial-dmz', 'supervisory', 'safety']));
  });

  it('keeps the safety system in a zone of its own', () => {
    const safety = model.zones.filter((z) => z.safety);
    expect(safety.map((z) => z.id)).toEqual(['safety']);
  });

  it('replicates the historian to the DMZ through a one-way data diode', () => {
    const diode = model.conduits.find((c) => c.controlType === 'data-diode');
    expect(diode).toMatchObject({ from: 'site-operations', to: 'industrial-dmz', direction: 'one-way' });
  });

  it('lets SCADA and HMIs read and write controllers with Modbus 3, 4, 6 and 16 only', () => {
    const conduit = model.conduits.find((c) => c.from === 'supervisory' && c.to === 'basic-control');
    const polling = conduit?.services.find((s) => s.sourceRoles?.includes('hmi'));
    expect(polling).toMatchObject({ protocol: 'modbus', port: 502, functionCodes: [3, 4, 6, 16] });
    expect(polling?.sourceRoles).toEqual(['hmi', 'scada-server']);
  });

  it('lets the historian only read controllers (Modbus 3 and 4)', () => {
    const conduit = model.conduits.find((c) => c.from === 'site-operations' && c.to === 'basic-control');
    expect(conduit?.services).toEqual([
      expect.objectContaining({
        protocol: 'modbus',
        operations: ['read'],
        functionCodes: [3, 4],
        sourceRoles: ['historian'],
      }),
    ]);
  });

  it('has no conduit from the DMZ or the office into basic control', () => {
    const into = model.conduits.filter((c) => c.to === 'basic-control').map((c) => c.from);
    expect(into).not.toContain('industrial-dmz');
    expect(into).not.toContain('enterprise');
  });

  it('pins key assets with their criticality', () => {
    expect(model.assets).toEqual(
      expect.arrayContaining([
        { name: 'plc-chlor-1', address: '10.20.1.13', zone: 'basic-control', role: 'plc', criticality: 5 },
        expect.objectContaining({ name: 'sis-1', role: 'safety-plc', criticality: 5 }),
        expect.objectContaining({ name: 'jump-1', role: 'jump-host' }),
      ])
    );
  });
});
