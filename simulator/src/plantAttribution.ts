/**
 * Asset and zone tags for an address, as a sensor would fill them: the zone from the zone model's
 * ranges (core zone attribution), the asset from the plant's inventory; `unknown` where neither knows
 * the address. Answers are cached: the simulator asks about the same few hundred addresses all day.
 */
import { UNKNOWN, createZoneAttributor, type ZoneModel } from '@conduit/core';

import type { Plant } from './plant';

export interface AddressAttribution {
  asset: string;
  zone: string;
}

export interface PlantAttribution {
  of(ip: string): AddressAttribution;
}

export function createPlantAttribution(plant: Plant, model: ZoneModel): PlantAttribution {
  const zones = createZoneAttributor(model);
  const assetByIp = new Map<string, string>();
  for (const asset of plant.assets) {
    assetByIp.set(asset.ip, asset.name);
    if (asset.ipv6 !== undefined) {
      assetByIp.set(asset.ipv6, asset.name);
    }
  }
  const cache = new Map<string, AddressAttribution>();
  return {
    of(ip) {
      let found = cache.get(ip);
      if (found === undefined) {
        found = { asset: assetByIp.get(ip) ?? UNKNOWN, zone: zones.zoneOf(ip)?.id ?? UNKNOWN };
        cache.set(ip, found);
      }
      return found;
    },
  };
}
