/**
 * What every detector needs besides the observations: the zone model and what it implies (zones by id,
 * conduits between zones, asset roles), the settings, and the baseline window that "new" and "unusual"
 * are measured against.
 */
import { DEFAULT_BUCKET_MS } from '../aggregation/telemetryAggregation';
import { createConduitIndex } from '../model/conduitLookup';
import type { Observations } from '../observations';
import { authSeriesOf, flowSeriesOf, otSeriesOf } from '../observationSeries';
import { UNKNOWN } from '../telemetryContract';
import { createZoneAttributor, type ZoneAttributor } from '../model/zoneAttribution';
import type { Conduit, Zone, ZoneModel } from '../model/zoneModel';
import { type DetectionConfig, detectionConfig } from './detectionConfig';

export interface TimeRange {
  /** Milliseconds since the epoch, inclusive. */
  from: number;
  /** Milliseconds since the epoch, exclusive. */
  to: number;
}

export interface DetectionContext {
  model: ZoneModel;
  config: DetectionConfig;
  /** The observed range. */
  range: TimeRange;
  /** Bucket width of the aggregates, in milliseconds. */
  bucketMs: number;
  /** The learning window: what happens here is normal by definition, and nothing in it is reported by learning detectors. */
  baseline: TimeRange;
  zoneById(id: string): Zone | undefined;
  /** The zone of a record: its zone tag when that names a zone of the model, else the zone of its address. */
  zoneOf(zoneTag: string, ip: string): Zone | undefined;
  /** Conduits permitting traffic from one zone to the other, in model order. */
  conduitsBetween(fromZone: string, toZone: string): readonly Conduit[];
  /** The role of an asset: the model's override first, then the latest inventory record. */
  roleOf(asset: string, ip?: string): string | undefined;
  /** A name for an end of a record: its asset, else its address. */
  nameOf(asset: string, ip: string): string;
}

export interface DetectionContextOptions {
  /** An explicit learning window; by default the start of the range (`baseline.hours`, at most `baseline.maxFraction`). */
  baseline?: TimeRange;
  /** Settings to use instead of the model's `detection` section. */
  config?: DetectionConfig;
}

function isKnown(text: string): boolean {
  return text !== '' && text !== UNKNOWN;
}

/** The default learning window of a range under some settings. */
export function defaultBaseline(range: TimeRange, config: DetectionConfig): TimeRange {
  const span = Math.max(0, range.to - range.from);
  const hours = config.baseline.hours * 3_600_000;
  const share = Math.min(1, Math.max(0, config.baseline.maxFraction)) * span;
  return { from: range.from, to: range.from + Math.min(hours, share) };
}

export function createDetectionContext(
  model: ZoneModel,
  observations: Observations,
  options: DetectionContextOptions = {}
): DetectionContext {
  const config = options.config ?? detectionConfig(model);
  const range = { from: observations.range.from, to: observations.range.to };
  const baseline = options.baseline ?? defaultBaseline(range, config);
  const attributor: ZoneAttributor = createZoneAttributor(model);
  const conduits = createConduitIndex(model);
  const zonesByName = new Map<string, Zone>();
  for (const zone of model.zones) {
    if (!zonesByName.has(zone.name)) {
      zonesByName.set(zone.name, zone);
    }
  }
  const inventoryRoles = new Map<string, { time: number; role: string }>();
  for (const record of observations.assets) {
    const known = inventoryRoles.get(record.asset);
    if (isKnown(record.role) && (known === undefined || record.time >= known.time)) {
      inventoryRoles.set(record.asset, { time: record.time, role: record.role });
    }
  }
  // Read from the series, which do not make the records of flows, OT requests and logons.
  const bucketMs =
    flowSeriesOf(observations)[0]?.first.bucketMs ??
    observations.processStats[0]?.bucketMs ??
    otSeriesOf(observations)[0]?.first.bucketMs ??
    authSeriesOf(observations)[0]?.first.bucketMs ??
    DEFAULT_BUCKET_MS;
  const zoneCache = new Map<string, Zone | undefined>();

  const zoneOf = (zoneTag: string, ip: string): Zone | undefined => {
    const key = `${zoneTag}\u0001${ip}`;
    if (zoneCache.has(key)) {
      return zoneCache.get(key);
    }
    let zone = isKnown(zoneTag) ? (attributor.zoneById(zoneTag) ?? zonesByName.get(zoneTag)) : undefined;
    if (zone === undefined && ip !== '') {
      zone = attributor.zoneOf(ip);
    }
    zoneCache.set(key, zone);
    return zone;
  };

  return {
    model,
    config,
    range,
    bucketMs: Number.isFinite(bucketMs) && bucketMs > 0 ? bucketMs : DEFAULT_BUCKET_MS,
    baseline,
    zoneById: (id) => attributor.zoneById(id),
    zoneOf,
    conduitsBetween: (from, to) => conduits.conduitsBetween(from, to),
    roleOf: (asset, ip) => {
      const override =
        (isKnown(asset) ? attributor.assetOf(asset) : undefined) ??
        (ip !== undefined && ip !== '' ? attributor.assetOf(ip) : undefined);
      if (override?.role !== undefined) {
        return override.role;
      }
      return inventoryRoles.get(asset)?.role;
    },
    nameOf: (asset, ip) => (isKnown(asset) ? asset : ip !== '' ? ip : UNKNOWN),
  };
}
