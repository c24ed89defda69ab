import fc from 'fast-check';

import {
  type LayoutNode,
  type PlacedBox,
  type PurdueLayout,
  purdueBandLabel,
  purdueLayout,
  type ZoneContainer,
} from './purdueLayout';

const AREA = { width: 800, height: 480 };

const plant: LayoutNode[] = [
  { id: 'zone:plc-cell-b', title: 'Cell B controllers', level: 1 },
  { id: 'zone:corp', title: 'Corporate', level: 4 },
  { id: 'zone:sis', title: 'Safety system', level: 1, safety: true },
  { id: 'zone:dmz', title: 'Industrial DMZ', level: 3.5 },
  { id: 'zone:plc-cell-a', title: 'Cell A controllers', level: 1 },
  { id: 'zone:scada', title: 'SCADA', level: 2 },
  { id: 'zone:field', title: 'Field devices', level: 0 },
  { id: 'zone:ops', title: 'Site operations', level: 3 },
  { id: 'zone:cloud', title: 'Vendor cloud', level: 5 },
  { id: 'unzoned', title: 'Outside the model' },
];

function box(layout: PurdueLayout, id: string): PlacedBox {
  const found = layout.boxes.find((b) => b.id === id);
  if (found === undefined) {
    throw new Error(`no box ${id}`);
  }
  return found;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function contains(outer: Rect, inner: Rect): boolean {
  const eps = 1e-6;
  return (
    inner.x >= outer.x - eps &&
    inner.y >= outer.y - eps &&
    inner.x + inner.width <= outer.x + outer.width + eps &&
    inner.y + inner.height <= outer.y + outer.height + eps
  );
}

/** Each zone's container holds its box and its assets' boxes; containers keep apart from each other and from other zones' boxes. */
function expectContainersAroundTheirAssets(
  layout: PurdueLayout,
  nodes: readonly LayoutNode[],
  width: number,
  height: number
): void {
  const eps = 1e-6;
  const zoneOf = new Map<string, string>();
  for (const box of layout.boxes) {
    const node = nodes.find((n) => n.id === box.id);
    const parent = node?.parent;
    zoneOf.set(
      box.id,
      parent !== undefined && parent !== box.id && layout.boxes.some((b) => b.id === parent && b.band === box.band)
        ? parent
        : box.id
    );
  }
  const problems: string[] = [];
  for (const box of layout.boxes) {
    const zone = zoneOf.get(box.id) ?? box.id;
    const own = layout.containers.filter((c: ZoneContainer) => c.id === zone);
    const hasAssets = layout.boxes.some((b) => b.id !== zone && zoneOf.get(b.id) === zone);
    if (hasAssets && own.filter((c) => contains(c, box)).length !== 1) {
      problems.push(`${box.id} is not in exactly one container of ${zone}`);
    }
    for (const other of layout.containers.filter((c) => c.id !== zone)) {
      if (overlaps(other, box)) {
        problems.push(`${box.id} overlaps the container of ${other.id}`);
      }
    }
  }
  for (let i = 0; i < layout.containers.length; i++) {
    const c = layout.containers[i];
    if (c.x < -eps || c.y < -eps || c.x + c.width > width + eps || c.y + c.height > height + eps) {
      problems.push(`the container of ${c.id} leaves the area`);
    }
    for (let j = i + 1; j < layout.containers.length; j++) {
      if (overlaps(c, layout.containers[j])) {
        problems.push(`the containers of ${c.id} and ${layout.containers[j].id} overlap`);
      }
    }
  }
  expect(problems).toEqual([]);
}

function overlaps(a: Rect, b: Rect): boolean {
  const eps = 1e-6;
  return (
    a.x < b.x + b.width - eps && b.x < a.x + a.width - eps && a.y < b.y + b.height - eps && b.y < a.y + a.height - eps
  );
}

function expectInsideAndApart(layout: PurdueLayout, width: number, height: number): void {
  const eps = 1e-6;
  const outside = layout.boxes.filter(
    (b) => b.x < -eps || b.y < -eps || b.x + b.width > width + eps || b.y + b.height > height + eps
  );
  const overlapping: string[] = [];
  for (let i = 0; i < layout.boxes.length; i++) {
    for (let j = i + 1; j < layout.boxes.length; j++) {
      if (overlaps(layout.boxes[i], layout.boxes[j])) {
        overlapping.push(`${layout.boxes[i].id} and ${layout.boxes[j].id}`);
      }
    }
  }
  expect(outside.map((b) => b.id)).toEqual([]);
  expect(overlapping).toEqual([]);
}

describe('purdueBandLabel', () => {
  it('names each Purdue level after its number, the DMZ as 3.5', () => {
    expect([5, 4, 3.5, 3, 2, 1, 0].map(purdueBandLabel)).toEqual([
      'L5 External',
      'L4 Enterprise',
      'L3.5 DMZ',
      'L3 Operations',
      'L2 Supervisory',
      'L1 Basic control',
      'L0 Process',
    ]);
  });

  it('shows a level the Purdue model does not name by its number, and no level as Unassigned', () => {
    expect(purdueBandLabel(2.5)).toBe('L2.5');
    expect(purdueBandLabel(undefined)).toBe('Unassigned');
    expect(purdueBandLabel(Number.NaN)).toBe('Unassigned');
  });
});

describe('purdueLayout', () => {
  it('stacks one band per level, the highest level on top, and ends with the zones without a level', () => {
    const layout = purdueLayout(plant, [], AREA);

    expect(layout.bands.map((band) => band.label)).toEqual([
      'L5 External',
      'L4 Enterprise',
      'L3.5 DMZ',
      'L3 Operations',
      'L2 Supervisory',
      'L1 Basic control',
      'L0 Process',
      'Unassigned',
    ]);
    for (let i = 1; i < layout.bands.length; i++) {
      expect(layout.bands[i].y).toBeGreaterThanOrEqual(layout.bands[i - 1].y + layout.bands[i - 1].height);
    }
    expect(box(layout, 'zone:cloud').y).toBeLessThan(box(layout, 'zone:corp').y);
    expect(box(layout, 'zone:dmz').y).toBeLessThan(box(layout, 'zone:ops').y);
    expect(box(layout, 'zone:field').y).toBeLessThan(box(layout, 'unzoned').y);
  });

  it('puts the zones of one level side by side in one band, by title, the safety zone last', () => {
    const layout = purdueLayout(plant, [], AREA);
    const basicControl = layout.bands.find((band) => band.level === 1);

    expect(basicControl?.nodeIds).toEqual(['zone:plc-cell-a', 'zone:plc-cell-b', 'zone:sis']);
    const [a, b, sis] = ['zone:plc-cell-a', 'zone:plc-cell-b', 'zone:sis'].map((id) => box(layout, id));
    expect(a.y).toBe(b.y);
    expect(b.y).toBe(sis.y);
    expect(a.x).toBeLessThan(b.x);
    expect(b.x).toBeLessThan(sis.x);
    expect(sis.safety).toBe(true);
  });

  it('places every box inside the band of its level', () => {
    const layout = purdueLayout(plant, [], AREA);

    for (const b of layout.boxes) {
      const band = layout.bands[b.band];
      expect(band.nodeIds).toContain(b.id);
      expect(b.y).toBeGreaterThanOrEqual(band.y);
      expect(b.y + b.height).toBeLessThanOrEqual(band.y + band.height + 1e-6);
    }
  });

  it('keeps the boxes right of the band labels, inside the area and apart', () => {
    const layout = purdueLayout(plant, [], AREA);

    expectInsideAndApart(layout, AREA.width, AREA.height);
    for (const b of layout.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(layout.labelWidth);
    }
  });

  it('orders titles with numbers as people count', () => {
    const cells = [10, 2, 1].map((n) => ({ id: `c${n}`, title: `Cell ${n}`, level: 1 }));

    expect(purdueLayout(cells, [], AREA).bands[0].nodeIds).toEqual(['c1', 'c2', 'c10']);
  });

  it('narrows the boxes of a level that does not fit one row at the widest', () => {
    const eight = Array.from({ length: 8 }, (_, i) => ({ id: `cell-${i}`, title: `Cell ${i}`, level: 1 }));
    const layout = purdueLayout(eight, [], AREA);

    expect(new Set(layout.boxes.map((b) => b.y)).size).toBe(1);
    expect(layout.boxes[0].width).toBeLessThan(140);
    expectInsideAndApart(layout, AREA.width, AREA.height);
  });

  it('wraps a level onto evenly filled rows when even the narrowest boxes do not fit one row', () => {
    const crowded = Array.from({ length: 12 }, (_, i) => ({
      id: `cell-${String(i).padStart(2, '0')}`,
      title: `Cell ${i}`,
      level: 1,
    }));
    const layout = purdueLayout([{ id: 'corp', title: 'Corporate', level: 4 }, ...crowded], [], AREA);
    const cells = layout.boxes.filter((b) => b.id.startsWith('cell-'));

    const rows = new Map<number, number>();
    for (const cell of cells) {
      rows.set(cell.y, (rows.get(cell.y) ?? 0) + 1);
    }
    expect(layout.bands).toHaveLength(2);
    expect(cells[0].width).toBeLessThan(box(layout, 'corp').width);
    expect(rows.size).toBe(2);
    expect([...rows.values()]).toEqual([6, 6]);
    expectInsideAndApart(layout, AREA.width, AREA.height);
  });

  it('shrinks everything vertically when the levels do not fit the height', () => {
    const tall = Array.from({ length: 7 }, (_, level) =>
      Array.from({ length: 30 }, (_, i) => ({ id: `z${level}-${i}`, title: `Zone ${level}.${i}`, level }))
    ).flat();
    const layout = purdueLayout(tall, [], { width: 400, height: 200 });

    expect(layout.bands).toHaveLength(7);
    expectInsideAndApart(layout, 400, 200);
  });

  it('lays out the same zones the same way whatever their order', () => {
    const forwards = purdueLayout(plant, [], AREA);
    const backwards = purdueLayout([...plant].reverse(), [], AREA);

    expect(backwards).toEqual(forwards);
  });

  it('draws each conduit from the border of one box to the border of the other', () => {
    const layout = purdueLayout(plant, [{ id: 'c1', source: 'zone:scada', target: 'zone:plc-cell-a' }], AREA);
    const [segment] = layout.edges;
    const scada = box(layout, 'zone:scada');
    const cell = box(layout, 'zone:plc-cell-a');

    expect(segment).toMatchObject({ id: 'c1', source: 'zone:scada', target: 'zone:plc-cell-a' });
    expect(segment.y1).toBeCloseTo(scada.y + scada.height);
    expect(segment.y2).toBeCloseTo(cell.y);
  });

  it('leaves out loops and conduits to zones it was not given', () => {
    const layout = purdueLayout(
      plant,
      [
        { id: 'loop', source: 'zone:scada', target: 'zone:scada' },
        { id: 'dangling', source: 'zone:scada', target: 'zone:historian' },
        { id: 'kept', source: 'zone:corp', target: 'zone:dmz' },
      ],
      AREA
    );

    expect(layout.edges.map((edge) => edge.id)).toEqual(['kept']);
  });

  it('draws parallel edges between one pair of zones apart from each other', () => {
    const layout = purdueLayout(
      plant,
      [
        { id: 'conduit', source: 'zone:dmz', target: 'zone:ops' },
        { id: 'flow', source: 'zone:ops', target: 'zone:dmz' },
      ],
      AREA
    );
    const [a, b] = layout.edges;

    expect(a.x1 === b.x2 && a.y1 === b.y2).toBe(false);
    expect(Math.hypot(a.x1 - b.x2, a.y1 - b.y2)).toBeGreaterThan(1);
  });

  it('puts an asset in the band of its zone, right after the zone', () => {
    const layout = purdueLayout(
      [
        { id: 'zone:scada', title: 'SCADA', level: 2 },
        { id: 'zone:hist', title: 'Historian', level: 2 },
        { id: 'asset:hmi-1', title: 'HMI 1', parent: 'zone:scada' },
        { id: 'asset:stray', title: 'Stray laptop' },
      ],
      [],
      AREA
    );

    expect(layout.bands.map((band) => band.nodeIds)).toEqual([
      ['zone:hist', 'zone:scada', 'asset:hmi-1'],
      ['asset:stray'],
    ]);
  });

  it('draws a zone with assets as a container around its box and theirs, and no container for a zone without', () => {
    const nodes: LayoutNode[] = [
      { id: 'zone:scada', title: 'SCADA', level: 2 },
      { id: 'zone:hist', title: 'Historian', level: 2 },
      { id: 'asset:hmi-1', title: 'HMI 1', parent: 'zone:scada' },
      { id: 'asset:hmi-2', title: 'HMI 2', parent: 'zone:scada' },
      { id: 'asset:srv', title: 'SCADA server', parent: 'zone:scada' },
    ];
    const layout = purdueLayout(nodes, [], AREA);

    expect(layout.containers.map((c) => [c.id, c.title, c.band])).toEqual([['zone:scada', 'SCADA', 0]]);
    const [scada] = layout.containers;
    for (const id of ['zone:scada', 'asset:hmi-1', 'asset:hmi-2', 'asset:srv']) {
      expect(contains(scada, box(layout, id))).toBe(true);
    }
    expect(overlaps(scada, box(layout, 'zone:hist'))).toBe(false);
    expectContainersAroundTheirAssets(layout, nodes, AREA.width, AREA.height);
  });

  it('gives a zone whose assets wrap onto more rows one container per row', () => {
    const nodes: LayoutNode[] = [
      { id: 'zone:cell', title: 'Cell', level: 1 },
      ...Array.from({ length: 11 }, (_, i) => ({ id: `asset:plc-${i}`, title: `PLC ${i}`, parent: 'zone:cell' })),
    ];
    const layout = purdueLayout(nodes, [], { width: 400, height: 400 });
    const rows = new Set(layout.boxes.map((b) => b.y)).size;

    expect(rows).toBeGreaterThan(1);
    expect(layout.containers).toHaveLength(rows);
    expectContainersAroundTheirAssets(layout, nodes, 400, 400);
  });

  it('returns an empty layout for nothing to draw or an area without size, and keeps the first of a repeated id', () => {
    expect(purdueLayout([], [], AREA)).toMatchObject({ bands: [], boxes: [], containers: [], edges: [] });

    const squashed = purdueLayout(plant, [], { width: Number.NaN, height: -5 });
    expect(squashed.boxes).toHaveLength(plant.length);
    expectInsideAndApart(squashed, 0, 0);

    const repeated = purdueLayout(
      [
        { id: 'a', title: 'First', level: 1 },
        { id: 'a', title: 'Second', level: 2 },
      ],
      [],
      AREA
    );
    expect(repeated.boxes.map((b) => b.title)).toEqual(['First']);
  });

  it('keeps boxes inside any area and apart, for any zones', () => {
    const levels = [0, 1, 2, 3, 3.5, 4, 5, undefined];
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 6 }),
            title: fc.string({ maxLength: 12 }),
            level: fc.constantFrom(...levels),
            safety: fc.boolean(),
          }),
          { selector: (node) => node.id, maxLength: 80 }
        ),
        fc.integer({ min: 120, max: 2000 }),
        fc.integer({ min: 80, max: 1200 }),
        (nodes, width, height) => {
          const layout = purdueLayout(nodes, [], { width, height });
          expect(layout.boxes).toHaveLength(nodes.length);
          expectInsideAndApart(layout, width, height);
          expect(purdueLayout([...nodes].reverse(), [], { width, height })).toEqual(layout);
        }
      ),
      { numRuns: 150 }
    );
  });

  it("keeps every asset inside its zone's container, and containers apart, for any zones and assets", () => {
    const levels = [0, 1, 2, 3, 3.5, 4, 5, undefined];
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 4 }),
            title: fc.string({ maxLength: 12 }),
            level: fc.constantFrom(...levels),
          }),
          { selector: (zone) => zone.id, minLength: 1, maxLength: 12 }
        ),
        fc.array(fc.record({ zone: fc.nat(), title: fc.string({ maxLength: 12 }) }), { maxLength: 60 }),
        fc.integer({ min: 120, max: 2000 }),
        fc.integer({ min: 80, max: 1200 }),
        (zones, assets, width, height) => {
          const nodes: LayoutNode[] = [
            ...zones.map((zone) => ({ ...zone, id: `zone:${zone.id}` })),
            ...assets.map((asset, i) => ({
              id: `asset:${i}`,
              title: asset.title,
              parent: `zone:${zones[asset.zone % zones.length].id}`,
            })),
          ];
          const layout = purdueLayout(nodes, [], { width, height });
          expectInsideAndApart(layout, width, height);
          expectContainersAroundTheirAssets(layout, nodes, width, height);
          expect(purdueLayout([...nodes].reverse(), [], { width, height })).toEqual(layout);
        }
      ),
      { numRuns: 150 }
    );
  });
});
