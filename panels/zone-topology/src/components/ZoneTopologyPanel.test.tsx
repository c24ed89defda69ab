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

function props(series: DataFrame[], options: Partial<ZoneTopologyOptions> = {}): PanelProps<ZoneTopologyOptions> {
  const timeRange = getDefaultTimeRange();
  return {
    id: 7,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { showConduits: true, nodeWidth: 120, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: 800,
    height: 400,
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

describe('ZoneTopologyPanel', () => {
  it('draws every node in its Purdue layer and every conduit between known nodes', () => {
    render(<ZoneTopologyPanel {...props([nodes, edges])} />);

    expect(screen.getByRole('img', { name: 'Topology of 3 nodes and 2 conduits' })).toBeInTheDocument();
    for (const title of ['Enterprise', 'SCADA', 'PLC 1', 'Level 4', 'Level 2', 'Level 1']) {
      expect(screen.getByText(title)).toBeInTheDocument();
    }
    expect(screen.getAllByTestId('conduit')).toHaveLength(2);
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
