import type { TopologyEntity } from '../types';
import { exploreUrl, fillEntityUrl, zoneOf } from './entityLinks';

const zone: TopologyEntity = {
  id: 'zone:bc',
  kind: 'zone',
  title: 'Basic control',
  name: 'basic-control',
  safety: false,
  findingCount: 0,
  details: [],
  links: () => [],
};
const asset: TopologyEntity = {
  ...zone,
  id: 'asset:plc',
  kind: 'asset',
  title: 'plc 1',
  name: 'plc 1',
  parent: 'zone:bc',
};

describe('entity links', () => {
  it('fills the zone and asset of a URL template, encoded', () => {
    expect(fillEntityUrl('/a/x/incidents?new=1&zone=${zone}&asset=${asset}', 'basic-control', 'plc 1&2')).toBe(
      '/a/x/incidents?new=1&zone=basic-control&asset=plc%201%262'
    );
  });

  it('finds the zone of an asset through its parent', () => {
    const byId = new Map([
      [zone.id, zone],
      [asset.id, asset],
    ]);
    expect(zoneOf(asset, byId)).toBe('basic-control');
    expect(zoneOf(zone, byId)).toBe('basic-control');
  });

  it('opens Explore on a findings query of the zone', () => {
    const url = exploreUrl('conduit-telemetry', 'basic-control', 'now-6h', 'now');
    const panes = JSON.parse(new URL(url, 'http://host').searchParams.get('panes') ?? '{}');
    expect(url.startsWith('/explore?')).toBe(true);
    expect(panes.topology.queries[0]).toMatchObject({ queryType: 'findings', zone: 'basic-control' });
    expect(panes.topology.range).toEqual({ from: 'now-6h', to: 'now' });
  });
});
