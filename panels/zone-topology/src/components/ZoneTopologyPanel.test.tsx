import { buildTopology, type NodeGraphField, nodeGraphFields, type ZoneModel } from '@conduit/core';
import {
  type DataFrame,
  EventBusSrv,
  FieldType,
  getDefaultTimeRange,
  LoadingState,
  type PanelProps,
  toDataFrame,
} from '@grafana/data';
import { render, screen } from '@testing-library/react';

import type { ZoneTopologyOptions } from '../types';
import { ZoneTopologyPanel } from './ZoneTopologyPanel';

function props(
  series: DataFrame[],
  options: Partial<ZoneTopologyOptions> = {},
  size = { width: 800, height: 400 }
): PanelProps<ZoneTopologyOptions> {
  const timeRange = getDefaultTimeRange();
  return {
    id: 7,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { showConduits: true, nodeWidth: 120, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    ...size,
    renderCounter: 0,
    title: 'Zone topology',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (value: string) => value,
    onChangeTimeRange: jest.fn(),
  };
}

const nodes = toDataFrame({
  name: 'nodes',
  fields: [
    { name: 'id', type: FieldType.string, values: ['ent', 'scada', 'plc-1'] },
    { name: 'title', type: FieldType.string, values: ['Enterprise', 'SCADA', 'PLC 1'] },
    { name: 'purdueLevel', type: FieldType.number, values: [4, 2, 1] },
  ],
});

const edges = toDataFrame({
  name: 'edges',
  fields: [
    { name: 'id', type: FieldType.string, values: ['c1', 'c2', 'dangling'] },
    { name: 'source', type: FieldType.string, values: ['ent', 'scada', 'scada'] },
    { name: 'target', type: FieldType.string, values: ['scada', 'plc-1', 'historian'] },
  ],
});

const FIELD_TYPES: Record<NodeGraphField['type'], FieldType> = {
  string: FieldType.string,
  number: FieldType.number,
  boolean: FieldType.boolean,
  time: FieldType.time,
};

/** The nodes and edges frames of a Conduit topology query, built from the core as the datasource builds them. */
function conduitFrames(model: ZoneModel, level: 'zone' | 'asset'): DataFrame[] {
  const columns = nodeGraphFields(buildTopology({ model, flows: [], level }));
  return (['nodes', 'edges'] as const).map((name) =>
    toDataFrame({
      name,
      fields: columns[name].map((f) => ({
        name: f.name,
        type: FIELD_TYPES[f.type],
        values: f.values,
        config: f.config,
      })),
    })
  );
}

function zone(id: string, name: string, purdueLevel: ZoneModel['zones'][number]['purdueLevel'], safety = false) {
  return { id, name, purdueLevel, slTarget: 2 as const, safety, cidrs: [], vlans: [] };
}

const model: ZoneModel = {
  zones: [
    zone('cell', 'Cell', 1),
    zone('office', 'Office', 4),
    zone('sis', 'Burner safety', 1, true),
    zone('scada', 'SCADA', 2),
    zone('dmz', 'Industrial DMZ', 3.5),
  ],
  conduits: [
    {
      id: 'it-dmz',
      from: 'office',
      to: 'dmz',
      direction: 'two-way',
      controlType: 'firewall',
      slTarget: 2,
      services: [],
    },
    {
      id: 'scada-cell',
      from: 'scada',
      to: 'cell',
      direction: 'two-way',
      controlType: 'firewall',
      slTarget: 2,
      services: [],
    },
  ],
  assets: [{ name: 'hmi-1', address: '10.0.2.10', zone: 'scada', role: 'hmi' }],
};

interface DrawnBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The zone boxes as drawn: position from the group's translate, size from its rectangle. */
function drawnBoxes(): DrawnBox[] {
  return screen.getAllByTestId('zone-box').map((group) => {
    const [x, y] = (/translate\(([-\d.e]+) ([-\d.e]+)\)/.exec(group.getAttribute('transform') ?? '') ?? [])
      .slice(1)
      .map(Number);
    const rect = group.querySelector('rect');
    return {
      id: group.getAttribute('data-node') ?? '',
      x,
      y,
      width: Number(rect?.getAttribute('width')),
      height: Number(rect?.getAttribute('height')),
    };
  });
}

function drawn(id: string): DrawnBox {
  const box = drawnBoxes().find((b) => b.id === id);
  if (box === undefined) {
    throw new Error(`zone ${id} is not drawn`);
  }
  return box;
}

describe('ZoneTopologyPanel', () => {
  it('draws every node in its Purdue band and every conduit between known nodes', () => {
    render(<ZoneTopologyPanel {...props([nodes, edges])} />);

    expect(screen.getByRole('img', { name: 'Topology of 3 nodes and 2 conduits' })).toBeInTheDocument();
    for (const title of ['Enterprise', 'SCADA', 'PLC 1', 'L4 Enterprise', 'L2 Supervisory', 'L1 Basic control']) {
      expect(screen.getByText(title)).toBeInTheDocument();
    }
    expect(screen.getAllByTestId('conduit')).toHaveLength(2);
  });

  it('stacks the bands by Purdue level, the highest on top, and zones of one level side by side', () => {
    const plant = toDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: FieldType.string, values: ['zone:cell-b', 'zone:dmz', 'zone:cell-a', 'zone:corp'] },
        { name: 'title', type: FieldType.string, values: ['Cell B', 'DMZ', 'Cell A', 'Corporate'] },
        { name: 'purdueLevel', type: FieldType.number, values: [1, 3.5, 1, 4] },
      ],
    });
    render(<ZoneTopologyPanel {...props([plant])} />);

    expect(screen.getAllByTestId('purdue-band').map((band) => band.getAttribute('data-band'))).toEqual([
      'L4',
      'L3.5',
      'L1',
    ]);
    expect(screen.getByText('L3.5 DMZ')).toBeInTheDocument();
    expect(drawn('zone:corp').y).toBeLessThan(drawn('zone:dmz').y);
    expect(drawn('zone:dmz').y).toBeLessThan(drawn('zone:cell-a').y);
    expect(drawn('zone:cell-a').y).toBe(drawn('zone:cell-b').y);
    expect(drawn('zone:cell-a').x).toBeLessThan(drawn('zone:cell-b').x);
  });

  it('puts zones without a level in a last band labelled Unassigned', () => {
    const mixed = toDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: FieldType.string, values: ['unzoned', 'zone:ops'] },
        { name: 'title', type: FieldType.string, values: ['Outside the model', 'Operations'] },
        { name: 'purdueLevel', type: FieldType.number, values: [null, 3] },
      ],
    });
    render(<ZoneTopologyPanel {...props([mixed])} />);

    expect(screen.getAllByTestId('purdue-band').map((band) => band.getAttribute('data-band'))).toEqual([
      'L3',
      'unassigned',
    ]);
    expect(screen.getByText('Unassigned')).toBeInTheDocument();
    expect(drawn('unzoned').y).toBeGreaterThan(drawn('zone:ops').y);
  });

  it('draws a safety zone beside the zones of the level it protects', () => {
    const withSis = toDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: FieldType.string, values: ['zone:sis', 'zone:cell', 'zone:scada'] },
        { name: 'title', type: FieldType.string, values: ['Burner safety', 'Cell', 'SCADA'] },
        { name: 'purdueLevel', type: FieldType.number, values: [1, 1, 2] },
        { name: 'safety', type: FieldType.boolean, values: [true, false, false] },
      ],
    });
    render(<ZoneTopologyPanel {...props([withSis])} />);

    expect(drawn('zone:sis').y).toBe(drawn('zone:cell').y);
    expect(drawn('zone:sis').x).toBeGreaterThan(drawn('zone:cell').x);
    expect(screen.getByText('Burner safety (L1 Basic control, safety zone)')).toBeInTheDocument();
  });

  it('fits many zones of one level into a narrow panel without overlap', () => {
    const count = 30;
    const crowded = toDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: FieldType.string, values: Array.from({ length: count }, (_, i) => `cell-${i}`) },
        { name: 'title', type: FieldType.string, values: Array.from({ length: count }, (_, i) => `Cell ${i}`) },
        { name: 'purdueLevel', type: FieldType.number, values: Array.from({ length: count }, () => 1) },
      ],
    });
    const size = { width: 420, height: 300 };
    render(<ZoneTopologyPanel {...props([crowded], {}, size)} />);

    const boxes = drawnBoxes();
    expect(boxes).toHaveLength(count);
    for (const box of boxes) {
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
    }
    const overlapping = boxes.filter((a, i) =>
      boxes.some(
        (b, j) => j !== i && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
      )
    );
    expect(overlapping).toEqual([]);
  });

  it('shortens the band labels to the level number when the panel is narrow', () => {
    render(<ZoneTopologyPanel {...props([nodes], {}, { width: 240, height: 200 })} />);

    expect(screen.getByText('L1')).toBeInTheDocument();
    expect(screen.queryByText('L1 Basic control')).not.toBeInTheDocument();
  });

  it('colours and dashes the lines as the edges frame says', () => {
    const styled = toDataFrame({
      name: 'edges',
      fields: [
        { name: 'id', type: FieldType.string, values: ['conduit', 'violation'] },
        { name: 'source', type: FieldType.string, values: ['ent', 'ent'] },
        { name: 'target', type: FieldType.string, values: ['scada', 'plc-1'] },
        { name: 'color', type: FieldType.string, values: ['#8AB8FF', '#F2495C'] },
        { name: 'strokedasharray', type: FieldType.string, values: ['6 4', null] },
      ],
    });
    render(<ZoneTopologyPanel {...props([nodes, styled])} />);

    const [conduit, violation] = screen.getAllByTestId('conduit');
    expect(conduit).toHaveAttribute('stroke', '#8AB8FF');
    expect(conduit).toHaveAttribute('stroke-dasharray', '6 4');
    expect(violation).toHaveAttribute('stroke', '#F2495C');
    expect(violation).not.toHaveAttribute('stroke-dasharray');
  });

  it('reads the frames of a Conduit topology query: levels, safety zones and conduits', () => {
    render(<ZoneTopologyPanel {...props(conduitFrames(model, 'zone'))} />);

    expect(screen.getAllByTestId('purdue-band').map((band) => band.getAttribute('data-band'))).toEqual([
      'L4',
      'L3.5',
      'L2',
      'L1',
    ]);
    expect(drawn('zone:sis').y).toBe(drawn('zone:cell').y);
    expect(drawn('zone:sis').x).toBeGreaterThan(drawn('zone:cell').x);
    expect(screen.getAllByTestId('conduit')).toHaveLength(2);
    expect(screen.getAllByTestId('conduit')[0]).toHaveAttribute('stroke-dasharray', '6 4');
  });

  it('draws an asset in the band of its zone at asset level, inside the zone drawn around it', () => {
    render(<ZoneTopologyPanel {...props(conduitFrames(model, 'asset'))} />);

    const hmi = drawnBoxes().find((b) => b.id.startsWith('asset:'));
    expect(hmi?.y).toBe(drawn('zone:scada').y);
    expect(screen.queryByText('Unassigned')).not.toBeInTheDocument();

    const containers = screen.getAllByTestId('zone-container');
    expect(containers.map((c) => c.getAttribute('data-zone'))).toEqual(['zone:scada']);
    const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((a) => Number(containers[0].getAttribute(a)));
    for (const box of [drawn('zone:scada'), hmi as DrawnBox]) {
      expect(box.x).toBeGreaterThanOrEqual(x);
      expect(box.y).toBeGreaterThanOrEqual(y);
      expect(box.x + box.width).toBeLessThanOrEqual(x + width);
      expect(box.y + box.height).toBeLessThanOrEqual(y + height);
    }
  });

  it('draws no zone around assets at zone level', () => {
    render(<ZoneTopologyPanel {...props(conduitFrames(model, 'zone'))} />);

    expect(screen.queryAllByTestId('zone-container')).toEqual([]);
  });

  it('hides the conduits when the option is off', () => {
    render(<ZoneTopologyPanel {...props([nodes, edges], { showConduits: false })} />);

    expect(screen.getByText('PLC 1')).toBeInTheDocument();
    expect(screen.queryAllByTestId('conduit')).toHaveLength(0);
  });

  it('says what it needs when the query returned no nodes', () => {
    render(<ZoneTopologyPanel {...props([edges])} />);

    expect(screen.getByText(/No zones or assets to draw/)).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
