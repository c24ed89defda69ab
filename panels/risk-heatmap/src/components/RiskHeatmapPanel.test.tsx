import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  EventBusSrv,
  FieldType,
  getDefaultTimeRange,
  LoadingState,
  type PanelProps,
  toDataFrame,
} from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { fireEvent, render, screen, within } from '@testing-library/react';

import { RISK_FIELD_DEFAULTS } from '../fieldDefaults';
import { plugin } from '../module';
import { selectors } from '../selectors';
import { entitiesFrame, factor, factorsOverTimeFrame, overTimeFrame } from '../test/riskFrames';
import { useDashboardVariables } from '../test/templateVariables';
import type { RiskHeatmapOptions } from '../types';
import { RiskHeatmapPanel } from './RiskHeatmapPanel';

// jsdom has no canvas: the component tests check what the panel says and does; the browser tests check the drawing.
beforeAll(() => {
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

const defaults: RiskHeatmapOptions = {
  mode: 'auto',
  levels: 5,
  showCounts: true,
  order: 'purdue',
  topN: 0,
  zoneVariable: 'zone',
  assetVariable: 'asset',
  showLegend: true,
};

/**
 * Frames as Grafana hands them to a panel, after applyFieldOverrides. Grafana's standard option registry (which
 * a unit test does not have) would merge the plugin's colour defaults into every field; the test merges them.
 */
function prepared(series: DataFrame[]): DataFrame[] {
  return applyFieldOverrides({
    data: series.map((frame) => ({
      ...frame,
      fields: frame.fields.map((field) => ({ ...field, config: { ...RISK_FIELD_DEFAULTS, ...field.config } })),
    })),
    fieldConfig: { defaults: {}, overrides: [] },
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (value) => value,
    theme: createTheme(),
    timeZone: 'utc',
  });
}

function props(
  series: DataFrame[],
  options: Partial<RiskHeatmapOptions> = {},
  onChangeTimeRange = jest.fn()
): PanelProps<RiskHeatmapOptions> {
  const timeRange = getDefaultTimeRange();
  return {
    id: 3,
    data: { state: LoadingState.Done, series: prepared(series), timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...defaults, ...options },
    fieldConfig: { defaults: RISK_FIELD_DEFAULTS, overrides: [] },
    transparent: false,
    width: 800,
    height: 400,
    renderCounter: 0,
    title: 'Risk',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (value: string) => value,
    onChangeTimeRange,
  };
}

const scores = entitiesFrame([
  {
    id: 'plc-chlor-1',
    zone: 'control',
    purdueLevel: 1,
    impact: 4.6,
    likelihood: 3.5,
    score: 62.9,
    factors: [
      factor('exposure', 'likelihood', 30.2, 'reached from lower-trust Office IT'),
      factor('criticality', 'impact', 20.1, '5 of 5'),
    ],
  },
  { id: 'plc-dist-1', zone: 'control', purdueLevel: 1, impact: 4.5, likelihood: 3.6, score: 63.3 },
  { id: 'hmi-3', zone: 'supervisory', purdueLevel: 2, impact: 2.2, likelihood: 2.0, score: 14.2 },
]);

describe('RiskHeatmapPanel, matrix mode', () => {
  beforeEach(() => {
    useDashboardVariables(['zone', 'asset']);
    locationService.replace('/d/risk');
  });

  it('names each cell with its entities, for screen readers and tests alike', () => {
    render(<RiskHeatmapPanel {...props([scores])} />);
    const grid = screen.getByRole('grid', { name: selectors.matrix });
    expect(within(grid).getAllByRole('gridcell')).toHaveLength(25);
    expect(
      within(grid).getByRole('gridcell', { name: 'likelihood 4, impact 5: 2 entities (plc-dist-1, plc-chlor-1)' })
    ).toBeInTheDocument();
    expect(
      within(grid).getByRole('gridcell', { name: 'likelihood 2, impact 2: 1 entity (hmi-3)' })
    ).toBeInTheDocument();
  });

  it('lists the entities of a clicked cell with their factors in words, and sets the zone and asset variables', () => {
    render(<RiskHeatmapPanel {...props([scores])} />);
    fireEvent.click(screen.getByRole('gridcell', { name: /^likelihood 4, impact 5/ }));
    const list = screen.getByRole('region', { name: selectors.cellList });
    expect(within(list).getByText('plc-chlor-1')).toBeInTheDocument();
    expect(within(list).getByText('exposure: 30.2 points of likelihood')).toBeInTheDocument();
    expect(within(list).getByText('(reached from lower-trust Office IT)')).toBeInTheDocument();
    expect(locationService.getSearchObject()).toMatchObject({
      'var-asset': ['plc-dist-1', 'plc-chlor-1'],
      'var-zone': 'control',
    });

    fireEvent.click(within(list).getByRole('button', { name: 'plc-chlor-1' }));
    expect(locationService.getSearchObject()).toMatchObject({ 'var-asset': 'plc-chlor-1', 'var-zone': 'control' });
  });

  it('sets no variable the dashboard does not have', () => {
    useDashboardVariables([]);
    render(<RiskHeatmapPanel {...props([scores])} />);
    fireEvent.click(screen.getByRole('gridcell', { name: /^likelihood 4, impact 5/ }));
    expect(locationService.getSearchObject()).toEqual({});
  });

  it('moves between cells with the arrow keys and opens one with Enter', () => {
    render(<RiskHeatmapPanel {...props([scores])} />);
    const grid = screen.getByRole('grid', { name: selectors.matrix });
    const first = within(grid).getAllByRole('gridcell')[0];
    expect(first).toHaveAttribute('tabindex', '0');
    first.focus();
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(document.activeElement).toHaveAccessibleName(/^likelihood 4, impact 5/);
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(screen.getByRole('region', { name: selectors.cellList })).toHaveTextContent(
      'likelihood 4, impact 5: 2 entities'
    );
  });

  it('shows the hover card of a cell with the first entity explained', () => {
    render(<RiskHeatmapPanel {...props([scores])} />);
    fireEvent.mouseMove(screen.getByRole('gridcell', { name: /^likelihood 4, impact 3/ }), {
      clientX: 10,
      clientY: 10,
    });
    fireEvent.mouseMove(screen.getByRole('gridcell', { name: /^likelihood 4, impact 5/ }), {
      clientX: 10,
      clientY: 10,
    });
    const card = screen.getByTestId(selectors.hoverCard);
    expect(card).toHaveTextContent('likelihood 4, impact 5: 2 entities');
    expect(card).toHaveTextContent('Score 63.3 of 100');
  });

  it('keeps every entity on a 3 x 3 matrix', () => {
    render(<RiskHeatmapPanel {...props([scores], { levels: 3 })} />);
    const cells = screen.getAllByRole('gridcell');
    expect(cells).toHaveLength(9);
    expect(screen.getByRole('gridcell', { name: /^likelihood medium, impact high: 2 entities/ })).toBeInTheDocument();
  });

  it('shows the legend of the score thresholds', () => {
    render(<RiskHeatmapPanel {...props([scores])} />);
    expect(screen.getByText('75+')).toBeInTheDocument();
    expect(screen.getByText('< 25')).toBeInTheDocument();
  });
});

describe('RiskHeatmapPanel, timeline mode', () => {
  const overTime = overTimeFrame(
    [Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 11), Date.UTC(2026, 0, 1, 12)],
    [
      { id: 'plc-chlor-1', zone: 'control', values: [20, 30, 70] },
      { id: 'hmi-3', zone: 'supervisory', values: [10, 10, 12] },
    ]
  );

  it('draws a row per entity and reads the active cell with the keyboard', () => {
    render(<RiskHeatmapPanel {...props([overTime, scores])} />);
    const grid = screen.getByRole('grid', { name: selectors.timeline });
    expect(grid).toHaveAttribute('aria-rowcount', '2');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(screen.getByTestId(selectors.liveRegion)).toHaveTextContent(
      'plc-chlor-1 (control) at 2026-01-01 12:00:00: 70'
    );
    fireEvent.keyDown(grid, { key: 'ArrowLeft' });
    fireEvent.keyDown(grid, { key: 'ArrowLeft' });
    expect(screen.getByTestId(selectors.liveRegion)).toHaveTextContent(
      'plc-chlor-1 (control) at 2026-01-01 10:00:00: 20'
    );
    expect(screen.getByTestId(selectors.hoverCard)).toHaveTextContent('exposure: 30.2 points of likelihood');
  });

  it('explains the score at the hovered time when the factors per bucket came with it', () => {
    const times = [Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 11), Date.UTC(2026, 0, 1, 12)];
    const factors = factorsOverTimeFrame(
      times.map((time, i) => ({
        time,
        id: 'plc-chlor-1',
        score: [20, 30, 70][i],
        factors: [
          ['exposure', 15],
          ['recent-findings', [0, 10, 50][i], `${i} findings`],
        ],
      }))
    );
    render(<RiskHeatmapPanel {...props([overTime, scores, factors])} />);
    expect(screen.queryByTestId(selectors.problems)).not.toBeInTheDocument();
    const grid = screen.getByRole('grid', { name: selectors.timeline });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowLeft' });
    const card = screen.getByTestId(selectors.hoverCard);
    expect(card).toHaveTextContent('Score 30.0 of 100');
    // The entity view names only the factors it has; the others keep their id.
    expect(card).toHaveTextContent('recent-findings: 10.0 points of likelihood (1 findings)');
    expect(card).not.toHaveTextContent('end of the range');
  });

  it('sets the row zone and asset on Enter', () => {
    useDashboardVariables(['zone', 'asset']);
    locationService.replace('/d/risk');
    render(<RiskHeatmapPanel {...props([overTime, scores])} />);
    const grid = screen.getByRole('grid', { name: selectors.timeline });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(locationService.getSearchObject()).toMatchObject({ 'var-asset': 'plc-chlor-1', 'var-zone': 'control' });
  });

  it('counts the rows the top N option leaves out', () => {
    render(<RiskHeatmapPanel {...props([overTime], { topN: 1 })} />);
    expect(screen.getByTestId(selectors.problems)).toHaveTextContent('1 more row below the top 1 by peak');
  });
});

describe('RiskHeatmapPanel, frames that fit neither mode', () => {
  it('says in one line what is missing, naming the fields it got', () => {
    const odd = toDataFrame({ name: 'odd', fields: [{ name: 'value', type: FieldType.number, values: [1] }] });
    render(<RiskHeatmapPanel {...props([odd])} />);
    expect(screen.getByText(/Nothing to draw: .*frame "odd" has fields value \(number\)/)).toBeInTheDocument();
  });
});
