/**
 * Purdue levels as a trust order: a higher level number is less trusted (L5, the enterprise and the
 * internet, least of all). Risk exposure and attack-chain descent both read the model through this.
 */
import { PURDUE_LEVELS, type PurdueLevel, type Zone, type ZoneModel } from '../model/zoneModel';

/** The level an address outside every modelled zone is treated as: the model does not vouch for it. */
export const UNTRUSTED_LEVEL: PurdueLevel = 5;

/** Zones of a model by id; malformed entries are skipped so a bad model never throws. */
export function indexZones(model: ZoneModel | undefined): Map<string, Zone> {
  const zones = new Map<string, Zone>();
  const list: unknown = model?.zones;
  if (!Array.isArray(list)) {
    return zones;
  }
  for (const zone of list) {
    if (isZone(zone) && !zones.has(zone.id)) {
      zones.set(zone.id, zone);
    }
  }
  return zones;
}

function isZone(value: unknown): value is Zone {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const zone = value as Partial<Zone>;
  return typeof zone.id === 'string' && zone.id !== '' && isPurdueLevel(zone.purdueLevel);
}

export function isPurdueLevel(value: unknown): value is PurdueLevel {
  return typeof value === 'number' && (PURDUE_LEVELS as readonly number[]).includes(value);
}

/** The Purdue level of a modelled zone, or undefined for unknown zones. */
export function zoneLevel(zones: Map<string, Zone>, zoneId: string | undefined): PurdueLevel | undefined {
  return zoneId === undefined ? undefined : zones.get(zoneId)?.purdueLevel;
}

/** The level used for trust comparisons: unknown zones count as untrusted. */
export function trustLevel(zones: Map<string, Zone>, zoneId: string | undefined): PurdueLevel {
  return zoneLevel(zones, zoneId) ?? UNTRUSTED_LEVEL;
}

/**
 * Position of a level in the Purdue order, so the industrial DMZ (3.5) counts as a boundary of its own:
 * L4 to L1 crosses four boundaries (L3.5, L3, L2, L1).
 */
export function levelRank(level: PurdueLevel): number {
  return (PURDUE_LEVELS as readonly number[]).indexOf(level);
}

/** Boundaries crossed going from one level down to another; 0 when not going down. */
export function levelsDown(from: PurdueLevel, to: PurdueLevel): number {
  return Math.max(0, levelRank(from) - levelRank(to));
}

export function formatLevel(level: PurdueLevel): string {
  return `L${level}`;
}
