import fc from 'fast-check';

import { syntheticTopology } from './testdata/syntheticTopology';
import {
  flowVerdict,
  type LaidOutAsset,
  type LaidOutZone,
  NO_ZONE_ID,
  type TopologyAssetInput,
  type TopologyLinkInput,
  type TopologyZoneInput,
  zoneTopologyLayout,
} from './zoneLayout';

const ZONES: TopologyZoneInput[] = [
  { id: 'zone:it', title: 'Enterprise IT', level: 4 },
  { id: 'zone:dmz', title: 'DMZ', level: 3.5 },
  { id: 'zone:ops', title: 'Operations', level: 3 },
  { id: 'zone:sis', title: 'SIS', level: 1, safety: true },
  { id: 'zone:bc', title: 'Basic control', level: 1 },
  { id: 'zone:x', title: 'Lab' },
];
const ASSETS: TopologyAssetInput[] = [
  { id: 'asset:ws', title: 'ws-1', zone: 'zone:it' },
  { id: 'asset:hist', title: 'historian', zone: 'zone:ops' },
  { id: 'asset:plc2', title: 'plc-2', zone: 'zone:bc' },
  { id: 'asset:plc10', title: 'plc-10', zone: 'zone:bc' },
  { id: 'asset:stray', title: 'stray', zone: 'zone:gone' },
];
const LINKS: TopologyLinkInput[] = [
  { id: 'c1', kind: 'conduit', source: 'zone:it', target: 'zone:dmz', twoWay: true },
  { id: 'f1', kind: 'flow', source: 'asset:ws', target: 'asset:plc2', verdict: 'violation', volume: 5 },
  { id: 'f2', kind: 'flow', source: 'asset:ws', target: 'asset:plc10', verdict: 'violation', volume: 7 },
  { id: 'f3', kind: 'flow', source: 'asset:plc2', target: 'asset:plc10', verdict: 'allowed', volume: 1 },
  { id: 'f4', kind: 'flow', source: 'asset:plc2', target: 'asset:ws', verdict: 'allowed', volume: 1 },
];

function inside(asset: LaidOutAsset, zone: LaidOutZone): boolean {
  return (
    asset.x >= zone.x &&
    asset.y >= zone.y &&
    asset.x + asset.width <= zone.x + zone.width &&
    asset.y + asset.height <= zone.y + zone.height
  );
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('zoneTopologyLayout', () => {
  it('puts the Purdue levels in bands from the highest down, the DMZ between 4 and 3, unassigned last', () => {
    const layout = zoneTopologyLayout(ZONES, ASSETS, LINKS);
    expect(layout.bands.map((band) => band.label)).toEqual([
      'L4 Enterprise',
      'L3.5 DMZ',
      'L3 Operations',
      'L1 Basic control',
      'Unassigned',
    ]);
    for (const zone of layout.zones) {
      const band = layout.bands[zone.band];
      expect(zone.y).toBeGreaterThanOrEqual(band.y);
      expect(zone.y + zone.height).toBeLessThanOrEqual(band.y + band.height);
    }
  });

  it('sets a safety zone after the other zones of the level it protects', () => {
    const layout = zoneTopologyLayout(ZONES, ASSETS, LINKS);
    const band = layout.zones.filter((zone) => zone.band === 3).map((zone) => zone.title);
    expect(band).toEqual(['Basic control', 'SIS']);
  });

  it('puts an asset of an unknown zone in the No zone container of the last band', () => {
    const layout = zoneTopologyLayout(ZONES, ASSETS, LINKS);
    const noZone = layout.zones.find((zone) => zone.id === NO_ZONE_ID);
    expect(noZone?.band).toBe(layout.bands.length - 1);
    expect(layout.assets.find((asset) => asset.id === 'asset:stray')?.zone).toBe(layout.zones.indexOf(noZone!));
  });

  it('orders assets by title with numbers read as numbers', () => {
    const layout = zoneTopologyLayout(ZONES, ASSETS, LINKS);
    const bc = layout.zones.find((zone) => zone.id === 'zone:bc')!;
    const titles = layout.assets.slice(bc.firstAsset, bc.firstAsset + bc.assetCount).map((asset) => asset.title);
    expect(titles).toEqual(['plc-2', 'plc-10']);
  });

  it('draws flows asset to asset inside expanded zones, each direction and verdict apart', () => {
    const layout = zoneTopologyLayout(ZONES, ASSETS, LINKS);
    const flows = layout.edges
      .filter((edge) => edge.kind === 'flow')
      .map((edge) => edge.id)
      .sort();
    expect(flows).toEqual([
      'flow:asset:plc2>asset:plc10:allowed',
      'flow:asset:plc2>asset:ws:allowed',
      'flow:asset:ws>asset:plc10:violation',
      'flow:asset:ws>asset:plc2:violation',
    ]);
    const there = layout.edges.find((edge) => edge.id === 'flow:asset:ws>asset:plc2:violation')!;
    const back = layout.edges.find((edge) => edge.id === 'flow:asset:plc2>asset:ws:allowed')!;
    // Opposite directions of one pair run apart, on either side of the centre line.
    expect(Math.hypot(there.x1 - back.x2, there.y1 - back.y2)).toBeGreaterThan(5);
  });

  it('sums flows zone to zone when a zone is collapsed, and counts what stays inside it', () => {
    const layout = zoneTopologyLayout(ZONES, ASSETS, LINKS, { collapsed: new Set(['zone:bc']) });
    const violation = layout.edges.find((edge) => edge.verdict === 'violation')!;
    expect(violation).toMatchObject({ source: 'asset:ws', target: 'zone:bc', volume: 12, links: 2 });
    expect(layout.hiddenWithinZones['zone:bc']).toBe(1);
    const bc = layout.zones.find((zone) => zone.id === 'zone:bc')!;
    expect(bc.collapsed).toBe(true);
    expect(layout.assets.filter((asset) => asset.zone === layout.zones.indexOf(bc)).every((a) => !a.visible)).toBe(
      true
    );
  });

  it('keeps a pinned zone where it was pinned, with its assets inside it', () => {
    const layout = zoneTopologyLayout(ZONES, ASSETS, LINKS, { pinned: { 'zone:bc': { x: 900, y: 40 } } });
    const bc = layout.zones.find((zone) => zone.id === 'zone:bc')!;
    expect(bc).toMatchObject({ x: 900, y: 40, pinned: true });
    for (const asset of layout.assets.filter((a) => a.zone === layout.zones.indexOf(bc))) {
      expect(inside(asset, bc)).toBe(true);
    }
  });

  it('keeps a pinned asset at its place in its zone, and inside the zone when pinned beyond it', () => {
    const near = zoneTopologyLayout(ZONES, ASSETS, LINKS, { pinned: { 'asset:plc10': { x: 20, y: 40 } } });
    const bc = near.zones.find((zone) => zone.id === 'zone:bc')!;
    const plc = near.assets.find((asset) => asset.id === 'asset:plc10')!;
    expect(plc.x - bc.x).toBeCloseTo(Math.min(20, bc.width - plc.width));
    expect(plc.pinned).toBe(true);
    const far = zoneTopologyLayout(ZONES, ASSETS, LINKS, { pinned: { 'asset:plc10': { x: 5000, y: -300 } } });
    const farZone = far.zones.find((zone) => zone.id === 'zone:bc')!;
    expect(
      inside(
        far.assets.find((asset) => asset.id === 'asset:plc10')!,
        farZone
      )
    ).toBe(true);
  });

  it('ignores pins that are not numbers, links to nothing and loops', () => {
    const layout = zoneTopologyLayout(
      ZONES,
      ASSETS,
      [
        ...LINKS,
        { id: 'x', kind: 'flow', source: 'asset:ws', target: 'asset:nowhere' },
        { ...LINKS[1], target: 'asset:ws' },
      ],
      { pinned: { 'zone:bc': { x: Number.NaN, y: 3 } } }
    );
    expect(layout.zones.find((zone) => zone.id === 'zone:bc')?.pinned).toBe(false);
    expect(layout.edges.some((edge) => edge.target === 'asset:nowhere' || edge.source === edge.target)).toBe(false);
  });

  it('tells an internet end from an unknown one by its address', () => {
    expect(flowVerdict('unknown', ['8.8.8.8'])).toBe('internet');
    expect(flowVerdict('unknown', ['10.2.0.4', undefined])).toBe('unknown');
    expect(flowVerdict('violation', ['8.8.8.8'])).toBe('violation');
  });
});

describe('zoneTopologyLayout, for any plant', () => {
  const plants = fc.record({
    zones: fc.integer({ min: 1, max: 14 }),
    assets: fc.integer({ min: 0, max: 300 }),
    flows: fc.integer({ min: 0, max: 400 }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    collapse: fc.array(fc.integer({ min: 0, max: 13 }), { maxLength: 5 }),
  });

  it('is deterministic: the same plant in any order gives the same picture', () => {
    fc.assert(
      fc.property(plants, ({ zones, assets, flows, seed, collapse }) => {
        const plant = syntheticTopology(zones, assets, flows, seed);
        const collapsed = new Set(collapse.map((i) => `zone:z${i}`));
        const once = zoneTopologyLayout(plant.zones, plant.assets, plant.links, { collapsed });
        const shuffled = zoneTopologyLayout(
          [...plant.zones].reverse(),
          [...plant.assets].reverse(),
          [...plant.links].reverse(),
          { collapsed: new Set([...collapsed].reverse()) }
        );
        expect(shuffled).toEqual(once);
      }),
      { numRuns: 40 }
    );
  });

  it('keeps every asset inside its zone and no two boxes overlapping', () => {
    fc.assert(
      fc.property(plants, ({ zones, assets, flows, seed, collapse }) => {
        const plant = syntheticTopology(zones, assets, flows, seed);
        const layout = zoneTopologyLayout(plant.zones, plant.assets, plant.links, {
          collapsed: new Set(collapse.map((i) => `zone:z${i}`)),
        });
        for (const asset of layout.assets) {
          expect(inside(asset, layout.zones[asset.zone])).toBe(true);
        }
        for (let i = 0; i < layout.zones.length; i++) {
          for (let j = i + 1; j < layout.zones.length; j++) {
            expect(overlap(layout.zones[i], layout.zones[j])).toBe(false);
          }
          const zone = layout.zones[i];
          const own = layout.assets.slice(zone.firstAsset, zone.firstAsset + zone.assetCount).filter((a) => a.visible);
          for (let a = 1; a < own.length; a++) {
            expect(overlap(own[a - 1], own[a])).toBe(false);
          }
        }
      }),
      { numRuns: 40 }
    );
  });

  it('keeps pinned positions and draws every flow between the ends that are shown', () => {
    fc.assert(
      fc.property(plants, fc.integer({ min: -500, max: 5000 }), ({ zones, assets, flows, seed, collapse }, at) => {
        const plant = syntheticTopology(zones, assets, flows, seed);
        const collapsed = new Set(collapse.map((i) => `zone:z${i}`));
        const layout = zoneTopologyLayout(plant.zones, plant.assets, plant.links, {
          collapsed,
          pinned: { 'zone:z0': { x: at, y: at / 2 } },
        });
        expect(layout.zones.find((zone) => zone.id === 'zone:z0')).toMatchObject({ x: at, y: at / 2 });
        const shown = new Set([
          ...layout.zones.map((zone) => zone.id),
          ...layout.assets.filter((asset) => asset.visible).map((asset) => asset.id),
        ]);
        const drawn = layout.edges.filter((edge) => edge.kind === 'flow').reduce((sum, edge) => sum + edge.links, 0);
        const hidden = Object.values(layout.hiddenWithinZones).reduce((sum, n) => sum + n, 0);
        const selfLoops = plant.links.filter((link) => link.source === link.target).length;
        const conduits = layout.edges.filter((edge) => edge.kind === 'conduit').reduce((s, e) => s + e.links, 0);
        expect(drawn + hidden + selfLoops + conduits).toBe(plant.links.length);
        for (const edge of layout.edges) {
          expect(shown.has(edge.source) && shown.has(edge.target)).toBe(true);
        }
      }),
      { numRuns: 30 }
    );
  });
});
