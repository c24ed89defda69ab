/**
 * The assets the risk model scores: the latest inventory snapshot of each asset (observations.assets),
 * with the zone model's asset overrides applied on top (an OT engineer's word beats a passive inventory).
 * Overrides that match no inventory record still make an asset, so planned or silent assets are scored.
 * An asset's zone is the one its override names, else its inventory record's, else the zone its address falls
 * in, as attribution places traffic (longest prefix), so a zone counts the assets inside its ranges.
 */
import type { AssetRecord, Observations } from '../observations';
import { UNKNOWN } from '../telemetryContract';
import { createZoneAttributor, type ZoneAttributor } from '../model/zoneAttribution';
import type { AssetOverride, ZoneModel } from '../model/zoneModel';

export interface InventoryAsset {
  id: string;
  name: string;
  ip?: string;
  zone?: string;
  role?: string;
  /** 1 to 5 when known. */
  criticality?: number;
  criticalitySource?: 'zone model' | 'inventory';
  /** The latest inventory snapshot, when there is one. */
  record?: AssetRecord;
}

export function buildAssetInventory(
  observations: Observations | undefined,
  model: ZoneModel | undefined,
  warnings: string[]
): InventoryAsset[] {
  const latest = latestRecords(observations, warnings);
  const overrides = validOverrides(model, warnings);
  const attributor = zoneAttributor(model, warnings);
  const placed = (asset: InventoryAsset): InventoryAsset =>
    asset.zone !== undefined || asset.ip === undefined || attributor === undefined
      ? asset
      : { ...asset, zone: attributor.zoneOf(asset.ip)?.id };
  const assets: InventoryAsset[] = [];
  const used = new Set<AssetOverride>();
  for (const record of latest) {
    const override = overrides.find(
      (o) => o.name === record.asset || (o.address !== undefined && o.address !== '' && o.address === record.ip)
    );
    if (override) {
      used.add(override);
    }
    assets.push(placed(merge(record, override)));
  }
  const ids = new Set(assets.map((a) => a.id));
  for (const override of overrides) {
    if (!used.has(override) && !ids.has(override.name)) {
      ids.add(override.name);
      assets.push(placed(merge(undefined, override)));
    }
  }
  return assets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function merge(record: AssetRecord | undefined, override: AssetOverride | undefined): InventoryAsset {
  const id = record?.asset ?? override?.name ?? '';
  const overrideCriticality = validCriticality(override?.criticality);
  const recordCriticality = validCriticality(record?.criticality);
  return {
    id,
    name: id,
    ip: nonEmpty(record?.ip) ?? nonEmpty(override?.address),
    zone: nonEmpty(override?.zone) ?? nonEmpty(record?.zone),
    role: nonEmpty(override?.role) ?? nonEmpty(record?.role),
    criticality: overrideCriticality ?? recordCriticality,
    criticalitySource:
      overrideCriticality !== undefined ? 'zone model' : recordCriticality !== undefined ? 'inventory' : undefined,
    record,
  };
}

function latestRecords(observations: Observations | undefined, warnings: string[]): AssetRecord[] {
  const list: unknown = observations?.assets;
  if (list === undefined) {
    return [];
  }
  if (!Array.isArray(list)) {
    warnings.push('observations.assets: expected a list of asset records; no inventory is used');
    return [];
  }
  const byId = new Map<string, AssetRecord>();
  list.forEach((record: unknown, i) => {
    if (typeof record !== 'object' || record === null || typeof (record as AssetRecord).asset !== 'string') {
      warnings.push(`observations.assets[${i}]: no asset name; the record is ignored`);
      return;
    }
    const r = record as AssetRecord;
    if (r.asset === '' || r.asset === UNKNOWN) {
      return;
    }
    const previous = byId.get(r.asset);
    if (!previous || timeOf(r) >= timeOf(previous)) {
      byId.set(r.asset, r);
    }
  });
  return [...byId.values()];
}

function zoneAttributor(model: ZoneModel | undefined, warnings: string[]): ZoneAttributor | undefined {
  if (!Array.isArray(model?.zones)) {
    return undefined;
  }
  try {
    return createZoneAttributor(model);
  } catch (error) {
    warnings.push(
      `zones: the address ranges could not be read (${error instanceof Error ? error.message : String(error)}); assets are placed only by their zone key`
    );
    return undefined;
  }
}

function validOverrides(model: ZoneModel | undefined, warnings: string[]): AssetOverride[] {
  const list: unknown = model?.assets;
  if (!Array.isArray(list)) {
    return [];
  }
  const valid: AssetOverride[] = [];
  list.forEach((o: unknown, i) => {
    if (
      typeof o === 'object' &&
      o !== null &&
      typeof (o as AssetOverride).name === 'string' &&
      (o as AssetOverride).name !== ''
    ) {
      valid.push(o as AssetOverride);
    } else {
      warnings.push(`assets[${i}]: an asset override needs a name; ignored`);
    }
  });
  return valid;
}

function validCriticality(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 5
    ? Math.round(value)
    : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== UNKNOWN ? value : undefined;
}

function timeOf(record: AssetRecord): number {
  return Number.isFinite(record.time) ? record.time : -Infinity;
}
