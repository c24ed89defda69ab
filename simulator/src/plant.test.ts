import { ASSET_ROLES } from '@conduit/core';

import { DEFAULT_PLANT_SIZE, PLANT_ZONES, buildPlant, plantComposition, plantSizeProblem, programHash } from './plant';

describe('the plant', () => {
  const plant = buildPlant(1);

  it('has the default size of about sixty assets', () => {
    expect(plant.assets).toHaveLength(DEFAULT_PLANT_SIZE);
  });

  it('builds exactly the requested number of assets for any allowed size', () => {
    for (const size of [35, 60, 99, 100, 250, 1000]) {
      expect(buildPlant(1, size).assets).toHaveLength(size);
    }
  });

  it('gives every asset a unique name and unique addresses', () => {
    const names = plant.assets.map((a) => a.name);
    const addresses = plant.assets.flatMap((a) => (a.ipv6 === undefined ? [a.ip] : [a.ip, a.ipv6]));
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(addresses).size).toBe(addresses.length);
  });

  it('uses only contract roles and plant zones, with criticality 1 to 5', () => {
    const zones = Object.values(PLANT_ZONES) as string[];
    for (const asset of plant.assets) {
      expect(ASSET_ROLES).toContain(asset.role);
      expect(zones).toContain(asset.zone);
      expect(asset.criticality).toBeGreaterThanOrEqual(1);
      expect(asset.criticality).toBeLessThanOrEqual(5);
    }
  });

  it('has every Purdue layer of a water works, from the internet to the safety system', () => {
    const names = new Set(plant.assets.map((a) => a.name));
    for (const name of [
      'ext-updates',
      'dc-1',
      'mail-1',
      'proxy-1',
      'jump-1',
      'hist-replica-1',
      'patch-1',
      'hist-1',
      'mes-1',
      'scada-1',
      'hmi-1',
      'ews-1',
      'plc-intake-1',
      'plc-coag-1',
      'plc-filt-1',
      'plc-chlor-1',
      'plc-dist-1',
      'ana-cl2-1',
      'sis-1',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('gives office hosts an IPv6 address as well, so IPv6 attribution is exercised', () => {
    expect(plant.assets.filter((a) => a.ipv6 !== undefined).length).toBeGreaterThan(10);
  });

  it('adds treatment trains as the plant grows', () => {
    expect(plantComposition(60).trains).toBe(1);
    expect(plantComposition(250).trains).toBe(3);
    expect(buildPlant(1, 250).assets.filter((a) => a.role === 'plc')).toHaveLength(15);
  });

  it('keeps the layout of a size whatever the seed, and varies patch levels with it', () => {
    const other = buildPlant(2);
    expect(other.assets.map((a) => [a.name, a.ip])).toEqual(plant.assets.map((a) => [a.name, a.ip]));
    expect(other.assets.map((a) => a.firmware)).not.toEqual(plant.assets.map((a) => a.firmware));
  });

  it('refuses sizes it cannot build', () => {
    expect(plantSizeProblem(60)).toBeUndefined();
    expect(plantSizeProblem(10)).toMatch(/from 35 to 5000/);
    expect(plantSizeProblem(60.5)).toMatch(/integer/);
  });

  it('gives a controller a new program identity only with a new revision', () => {
    expect(programHash(1, 'plc-dist-1')).toBe(programHash(1, 'plc-dist-1', 0));
    expect(programHash(1, 'plc-dist-1', 1)).not.toBe(programHash(1, 'plc-dist-1'));
    expect(programHash(1, 'plc-dist-1')).toMatch(/^[0-9a-f]{16}$/);
  });
});
