import type { TelemetryPoint, ZoneModel } from '@conduit/core';

import { createStoreRouter } from './storeRouting';

const zone = (id: string, purdueLevel: 1 | 3 | 3.5 | 4) => ({
  id,
  name: id,
  purdueLevel,
  slTarget: 2 as const,
  safety: false,
  cidrs: [],
  vlans: [],
});
const model: ZoneModel = {
  zones: [zone('field', 1), zone('ops', 3), zone('dmz', 3.5), zone('office', 4)],
  conduits: [],
  assets: [],
};
const flow = (src: string, dst: string): TelemetryPoint => ({
  measurement: 'flow',
  tags: { src_zone: src, dst_zone: dst },
  fields: { bytes_out: 1 },
  timestampNs: 0n,
});

describe('routing imported points to a store', () => {
  const route = createStoreRouter(model);

  it('sends OT protocol operations to the OT store whatever their zones', () => {
    expect(route({ ...flow('office', 'office'), measurement: 'ot_operation' })).toBe('ot');
  });

  it('sends a flow with either end at Purdue level 3 or below to the OT store', () => {
    expect(route(flow('office', 'field'))).toBe('ot');
    expect(route(flow('ops', 'unknown'))).toBe('ot');
  });

  it('sends flows among IT zones, the DMZ and unknown addresses to the IT store', () => {
    expect(route(flow('office', 'dmz'))).toBe('it');
    expect(route(flow('unknown', 'unknown'))).toBe('it');
  });
});
