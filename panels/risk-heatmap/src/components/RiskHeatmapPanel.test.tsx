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

import type { RiskHeatmapOptions } from '../types';
import { RiskHeatmapPanel } from './RiskHeatmapPanel';

function props(series: DataFrame[], options: Partial<RiskHeatmapOptions> = {}): PanelProps<RiskHeatmapOptions> {
  const timeRange = getDefaultTimeRange();
  return {
    id: 3,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { scale: 5, showCounts: true, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: 500,
    height: 400,
    renderCounter: 0,
    title: 'Risk',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (value: string) => value,
    onChangeTimeRange: jest.fn(),
  };
}

const scores = toDataFrame({
  fields: [
    { name: 'entity', type: FieldType.string, values: ['plc-1', 'plc-2', 'hmi-1', 'broken'] },
    { name: 'likelihood', type: FieldType.number, values: [4, 4, 2, 9] },
    { name: 'impact', type: FieldType.number, values: [5, 5, 3, 1] },
  ],
});

describe('RiskHeatmapPanel', () => {
  it('places each entity in the cell of its likelihood and impact', () => {
    render(<RiskHeatmapPanel {...props([scores])} />);

    expect(screen.getAllByRole('gridcell')).toHaveLength(25);
    const hot = screen.getByLabelText('Likelihood 4, impact 5: 2 entities (plc-1, plc-2)');
    expect(hot).toHaveTextContent('2');
    expect(screen.getByLabelText('Likelihood 2, impact 3: 1 entity (hmi-1)')).toHaveTextContent('1');
    expect(screen.getByLabelText('Likelihood 1, impact 1: 0 entities')).toHaveTextContent('');
  });

  it('tells how many rows fall off the scale instead of drawing them somewhere', () => {
    render(<RiskHeatmapPanel {...props([scores])} />);

    expect(screen.getByText(/1 row without a likelihood and impact from 1 to 5/)).toBeInTheDocument();
  });

  it('draws a 3 x 3 matrix when asked, and leaves counts out when they are off', () => {
    render(<RiskHeatmapPanel {...props([scores], { scale: 3, showCounts: false })} />);

    expect(screen.getAllByRole('gridcell')).toHaveLength(9);
    expect(screen.getByLabelText('Likelihood 2, impact 3: 1 entity (hmi-1)')).toHaveTextContent('');
  });

  it('places continuous scores by their bands when the frame carries them', () => {
    const banded = toDataFrame({
      fields: [
        { name: 'entity', type: FieldType.string, values: ['plc-chlor-1'] },
        { name: 'likelihood', type: FieldType.number, values: [4.6] },
        { name: 'impact', type: FieldType.number, values: [3.3] },
        { name: 'likelihoodBand', type: FieldType.number, values: [5] },
        { name: 'impactBand', type: FieldType.number, values: [3] },
      ],
    });
    render(<RiskHeatmapPanel {...props([banded])} />);

    expect(screen.getByLabelText('Likelihood 5, impact 3: 1 entity (plc-chlor-1)')).toHaveTextContent('1');
  });

  it('says what it needs when the query has no likelihood and impact', () => {
    render(<RiskHeatmapPanel {...props([toDataFrame({ fields: [{ name: 'value', values: [1] }] })])} />);

    expect(screen.getByText(/No risk scores to place/)).toBeInTheDocument();
  });
});
