/**
 * Which store an imported point belongs to. OT protocol operations belong to the OT store. A flow
 * belongs to the OT store when either end is in an OT zone (Purdue level 3 or below: site operations,
 * supervisory, control, process), since the plant's sensor sees every connection that reaches the plant;
 * flows between IT zones, the industrial DMZ (3.5) and unknown addresses belong to the IT store. The
 * simulator routes its flows the same way, and detectors point their evidence queries there.
 */
import { OT_STORE_HIGHEST_LEVEL, type StoreKind, type TelemetryPoint, type ZoneModel } from '@conduit/core';

export function createStoreRouter(model: ZoneModel): (point: TelemetryPoint) => StoreKind {
  const otZones = new Set(model.zones.filter((z) => z.purdueLevel <= OT_STORE_HIGHEST_LEVEL).map((z) => z.id));
  return (point) => {
    switch (point.measurement) {
      case 'ot_operation':
      case 'process_value':
      case 'controller_state':
        return 'ot';
      default:
        return otZones.has(point.tags.src_zone ?? '') ||
          otZones.has(point.tags.dst_zone ?? '') ||
          otZones.has(point.tags.zone ?? '')
          ? 'ot'
          : 'it';
    }
  };
}
