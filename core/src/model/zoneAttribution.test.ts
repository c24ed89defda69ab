import { createZoneAttributor } from './zoneAttribution';
import type { AssetOverride, Zone, ZoneModel } from './zoneModel';

function zone(id: string, cidrs: string[]): Zone {
  return { id, name: id, purdueLevel: 2, slTarget: 2, safety: false, cidrs, vlans: [] };
}

function model(zones: Zone[], assets: AssetOverride[] = []): ZoneModel {
  return { zones, conduits: [], assets };
}

const plant = model(
  [
    zone('enterprise', ['10.0.0.0/8', '2001:db8::/32']),
    zone('scada', ['10.20.0.0/16', '2001:db8:20::/48']),
    zone('control', ['10.20.1.0/24', '2001:db8:20:1::/64']),
    zone('plc-7', ['10.20.1.7/32']),
    zone('internet', ['0.0.0.0/0']),
  ],
  [
    { name: 'eng-laptop', address: '10.20.1.50', zone: 'scada', role: 'engineering-workstation' },
    { name: 'historian', address: '2001:db8:20:1::10', zone: 'scada' },
    { name: 'plc-1', address: '10.20.1.10', role: 'plc', criticality: 5 },
    { name: 'hmi-1', zone: 'scada', role: 'hmi' },
  ]
);

const zoneIdOf = (ip: string) => createZoneAttributor(plant).zoneOf(ip)?.id;

describe('createZoneAttributor', () => {
  it('attributes an address to the zone with the longest matching prefix', () => {
    const attributor = createZoneAttributor(plant);
    expect(attributor.zoneOf('10.1.2.3')?.id).toBe('enterprise');
    expect(attributor.zoneOf('10.20.200.1')?.id).toBe('scada');
    expect(attributor.zoneOf('10.20.1.1')?.id).toBe('control');
    expect(attributor.zoneOf('10.20.1.7')?.id).toBe('plc-7');
    expect(attributor.zoneOf('10.20.1.8')?.id).toBe('control');
  });

  it('falls back to a /0 range and finds nothing without one', () => {
    expect(zoneIdOf('8.8.8.8')).toBe('internet');
    expect(createZoneAttributor(model([zone('a', ['10.0.0.0/8'])])).zoneOf('8.8.8.8')).toBeUndefined();
  });

  it('attributes IPv6 addresses in any spelling', () => {
    expect(zoneIdOf('2001:db8:ffff::1')).toBe('enterprise');
    expect(zoneIdOf('2001:db8:20:ff::1')).toBe('scada');
    expect(zoneIdOf('2001:DB8:20:1:0:0:0:99')).toBe('control');
    expect(zoneIdOf('2001:db9::1')).toBeUndefined();
  });

  it('looks up an IPv4-mapped IPv6 address as IPv4', () => {
    expect(zoneIdOf('::ffff:10.20.1.1')).toBe('control');
  });

  it('lets an asset override with an address and a zone win over the ranges', () => {
    expect(zoneIdOf('10.20.1.50')).toBe('scada');
    expect(zoneIdOf('2001:db8:20:1::10')).toBe('scada');
    expect(zoneIdOf('::ffff:10.20.1.50')).toBe('scada');
  });

  it('keeps range attribution for an override without a zone', () => {
    expect(zoneIdOf('10.20.1.10')).toBe('control');
  });

  it('answers undefined for text that is not an address', () => {
    expect(zoneIdOf('plc-1')).toBeUndefined();
    expect(zoneIdOf('')).toBeUndefined();
    expect(zoneIdOf('10.20.1.1/24')).toBeUndefined();
  });

  it('finds an asset override by address in any spelling, or by name', () => {
    const attributor = createZoneAttributor(plant);
    expect(attributor.assetOf('10.20.1.10')?.name).toBe('plc-1');
    expect(attributor.assetOf('::ffff:10.20.1.10')?.name).toBe('plc-1');
    expect(attributor.assetOf('2001:DB8:20:1:0::10')?.name).toBe('historian');
    expect(attributor.assetOf('hmi-1')?.role).toBe('hmi');
    expect(attributor.assetOf('10.20.1.11')).toBeUndefined();
    expect(attributor.assetOf('nobody')).toBeUndefined();
  });

  it('finds zones by id', () => {
    const attributor = createZoneAttributor(plant);
    expect(attributor.zoneById('scada')).toBe(plant.zones[1]);
    expect(attributor.zoneById('nowhere')).toBeUndefined();
  });

  it('gives the first zone in the model an identical range listed by two zones, and skips invalid ranges', () => {
    const unvalidated = model([zone('first', ['10.0.0.0/8', 'garbage', '10.1.2.3/8']), zone('second', ['10.0.0.0/8'])]);
    expect(createZoneAttributor(unvalidated).zoneOf('10.9.9.9')?.id).toBe('first');
  });

  it('looks up IPv4 addresses without creating a bigint', () => {
    const attributor = createZoneAttributor(plant);
    const realBigInt = globalThis.BigInt;
    try {
      globalThis.BigInt = (() => {
        throw new Error('an IPv4 lookup created a bigint');
      }) as unknown as BigIntConstructor;
      expect(attributor.zoneOf('10.20.1.1')?.id).toBe('control');
      expect(attributor.zoneOf('10.20.1.50')?.id).toBe('scada');
      expect(attributor.zoneOf('192.168.1.1')?.id).toBe('internet');
    } finally {
      globalThis.BigInt = realBigInt;
    }
  });
});
