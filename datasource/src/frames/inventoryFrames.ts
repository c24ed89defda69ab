/**
 * The inventory query: one row per asset, from the latest inventory record in the range, with the zone model's
 * overrides applied the way the detectors apply them (the model's zone, role and criticality win), and the
 * assets the model names that no inventory record mentions.
 */
import {
  type AssetRecord,
  createZoneAttributor,
  type Observations,
  UNKNOWN,
  type Zone,
  type ZoneModel,
} from '@conduit/core';
import { createDataFrame, type DataFrame, FieldType, type QueryResultMeta } from '@grafana/data';

export interface InventoryRow {
  asset: string;
  ip: string;
  zone: string;
  zoneName: string;
  purdueLevel: number | null;
  role: string;
  vendor: string;
  model: string;
  firmware: string;
  criticality: number | null;
  vulnCount: number | null;
  vulnKnownExploited: number | null;
  cvssMax: number | null;
  lastSeen: number | null;
  source: 'inventory' | 'zone model';
}

function known(text: string | undefined): string | undefined {
  return text === undefined || text === '' || text === UNKNOWN ? undefined : text;
}

export function inventoryRows(observations: Observations, model: ZoneModel): InventoryRow[] {
  const attributor = createZoneAttributor(model);
  const latest = new Map<string, AssetRecord>();
  for (const record of observations.assets) {
    const seen = latest.get(record.asset);
    if (seen === undefined || record.time >= seen.time) {
      latest.set(record.asset, record);
    }
  }
  const zoneOf = (zoneTag: string | undefined, ip: string): Zone | undefined =>
    (zoneTag !== undefined ? attributor.zoneById(zoneTag) : undefined) ??
    (ip === '' ? undefined : attributor.zoneOf(ip));

  const rows: InventoryRow[] = [];
  for (const record of latest.values()) {
    const override = attributor.assetOf(record.asset) ?? (record.ip === '' ? undefined : attributor.assetOf(record.ip));
    const zone = zoneOf(override?.zone ?? known(record.zone), record.ip);
    rows.push({
      asset: record.asset,
      ip: record.ip,
      zone: zone?.id ?? known(record.zone) ?? '',
      zoneName: zone?.name ?? '',
      purdueLevel: zone?.purdueLevel ?? null,
      role: override?.role ?? known(record.role) ?? '',
      vendor: known(record.vendor) ?? '',
      model: known(record.model) ?? '',
      firmware: record.firmware,
      criticality: override?.criticality ?? (record.criticality > 0 ? record.criticality : null),
      vulnCount: record.vulnCount,
      vulnKnownExploited: record.vulnKnownExploited,
      cvssMax: record.cvssMax,
      lastSeen: record.time,
      source: 'inventory',
    });
  }
  const listed = new Set(rows.flatMap((row) => [row.asset, row.ip]));
  for (const override of model.assets) {
    if (listed.has(override.name) || (override.address !== undefined && listed.has(override.address))) {
      continue;
    }
    const zone = zoneOf(override.zone, override.address ?? '');
    rows.push({
      asset: override.name,
      ip: override.address ?? '',
      zone: zone?.id ?? override.zone ?? '',
      zoneName: zone?.name ?? '',
      purdueLevel: zone?.purdueLevel ?? null,
      role: override.role ?? '',
      vendor: '',
      model: '',
      firmware: '',
      criticality: override.criticality ?? null,
      vulnCount: null,
      vulnKnownExploited: null,
      cvssMax: null,
      lastSeen: null,
      source: 'zone model',
    });
  }
  return rows.sort((a, b) =>
    a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0
  );
}

export function inventoryFrame(
  rows: readonly InventoryRow[],
  zones: readonly string[] | undefined,
  meta: QueryResultMeta,
  refId: string
): DataFrame {
  const shown = zones === undefined ? rows : rows.filter((row) => zones.includes(row.zone));
  const column = <T>(read: (row: InventoryRow) => T): T[] => shown.map(read);
  return createDataFrame({
    refId,
    name: 'inventory',
    meta: { ...meta, preferredVisualisationType: 'table' },
    fields: [
      { name: 'asset', type: FieldType.string, values: column((r) => r.asset), config: { displayName: 'Asset' } },
      { name: 'ip', type: FieldType.string, values: column((r) => r.ip), config: { displayName: 'Address' } },
      { name: 'zone', type: FieldType.string, values: column((r) => r.zone), config: { displayName: 'Zone' } },
      {
        name: 'zoneName',
        type: FieldType.string,
        values: column((r) => r.zoneName),
        config: { displayName: 'Zone name' },
      },
      {
        name: 'purdueLevel',
        type: FieldType.number,
        values: column((r) => r.purdueLevel),
        config: { displayName: 'Purdue level' },
      },
      { name: 'role', type: FieldType.string, values: column((r) => r.role), config: { displayName: 'Role' } },
      {
        name: 'criticality',
        type: FieldType.number,
        values: column((r) => r.criticality),
        config: { displayName: 'Criticality', min: 1, max: 5, decimals: 0 },
      },
      { name: 'vendor', type: FieldType.string, values: column((r) => r.vendor), config: { displayName: 'Vendor' } },
      { name: 'model', type: FieldType.string, values: column((r) => r.model), config: { displayName: 'Model' } },
      {
        name: 'firmware',
        type: FieldType.string,
        values: column((r) => r.firmware),
        config: { displayName: 'Firmware' },
      },
      {
        name: 'vulnCount',
        type: FieldType.number,
        values: column((r) => r.vulnCount),
        config: { displayName: 'Vulnerabilities', decimals: 0 },
      },
      {
        name: 'vulnKnownExploited',
        type: FieldType.number,
        values: column((r) => r.vulnKnownExploited),
        config: { displayName: 'Known exploited', decimals: 0 },
      },
      {
        name: 'cvssMax',
        type: FieldType.number,
        values: column((r) => r.cvssMax),
        config: { displayName: 'Highest CVSS', min: 0, max: 10, decimals: 1 },
      },
      {
        name: 'lastSeen',
        type: FieldType.time,
        values: column((r) => r.lastSeen),
        config: { displayName: 'Last inventory' },
      },
      { name: 'source', type: FieldType.string, values: column((r) => r.source), config: { displayName: 'Listed by' } },
    ],
  });
}
