import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  dateTime,
  EventBusSrv,
  FieldType,
  LoadingState,
  type PanelProps,
  type TimeRange,
  toDataFrame,
  MappingType,
} from '@grafana/data';
import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from '../selectors';
import type { AnomalyTimelineOptions } from '../types';
import { AnomalyTimelinePanel } from './AnomalyTimelinePanel';

const FROM = Date.UTC(2026, 0, 1, 0, 0);
const TO = Date.UTC(2026, 0, 1, 1, 0);
const MINUTE = 60_000;

function props(series: DataFrame[], options: Partial<AnomalyTimelineOptions> = {}): PanelProps<AnomalyTimelineOptions> {
  const timeRange: TimeRange = { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-1h', to: 'now' } };
  return {
    id: 5,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { laneBy: 'zone', minSeverity: 'low', showChains: true, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: 800,
    height: 300,
    renderCounter: 0,
    title: 'Anomalies',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (value: string) => value,
    onChangeTimeRange: jest.fn(),
  };
}

const findings = toDataFrame({
  name: 'findings',
  refId: 'A',
  fields: [
    { name: 'time', type: FieldType.time, values: [FROM + 5 * MINUTE, FROM + 10 * MINUTE, FROM + 20 * MINUTE] },
    { name: 'severity', type: FieldType.string, values: ['medium', 'high', 'critical'] },
    { name: 'category', type: FieldType.string, values: ['reconnaissance', 'brute-force', 'unauthorized-command'] },
    { name: 'title', type: FieldType.string, values: ['Scan', 'Logins', 'Write'] },
    { name: 'zone', type: FieldType.string, values: ['enterprise', 'industrial-dmz', 'basic-control'] },
    { name: 'level', type: FieldType.number, values: [4, 3.5, 1] },
    { name: 'asset', type: FieldType.string, values: ['ws-1', 'jump-1', 'plc-1'] },
    { name: 'technique', type: FieldType.string, values: ['T0846', '', 'T0855'] },
    { name: 'id', type: FieldType.string, values: ['f1', 'f2', 'f3'] },
    { name: 'evidenceQuery', type: FieldType.string, values: ['SELECT 1', '', 'SELECT "fc" FROM "ot_operation"'] },
    { name: 'store', type: FieldType.string, values: ['it', 'it', 'ot'] },
  ],
});

const chains = toDataFrame({
  name: 'chains',
  refId: 'B',
  fields: [
    { name: 'time', type: FieldType.time, values: [FROM + 5 * MINUTE] },
    { name: 'title', type: FieldType.string, values: ['Intrusion from Enterprise to Basic control'] },
    { name: 'id', type: FieldType.string, values: ['chain-1'] },
    {
      name: 'stepsDetail',
      type: FieldType.string,
      values: [JSON.stringify([{ findingId: 'f1' }, { findingId: 'f2' }, { findingId: 'f3' }])],
    },
  ],
});

beforeEach(() => {
  // jsdom draws nothing: the canvas is left blank, what the panel says in the DOM is what is tested here.
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  // Grafana's Drawer watches its scroll area; jsdom has no IntersectionObserver.
  class NoIntersections {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  }
  Object.defineProperty(window, 'IntersectionObserver', { value: NoIntersections, configurable: true });
});

describe('AnomalyTimelinePanel', () => {
  it('lays zone lanes out by Purdue level, top down, each with its count', () => {
    render(<AnomalyTimelinePanel {...props([findings])} />);

    const lanes = screen.getAllByTestId(selectors.laneToggle);
    expect(lanes.map((lane) => lane.getAttribute('data-lane'))).toEqual([
      'enterprise',
      'industrial-dmz',
      'basic-control',
    ]);
    expect(lanes[0]).toHaveTextContent('L4 enterprise1');
  });

  it('walks the marks with the keyboard and opens the drawer of the active one with its chain and links', () => {
    render(<AnomalyTimelinePanel {...props([findings, chains])} />);
    const grid = screen.getByRole('grid', { name: selectors.timeline });

    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    const live = screen.getByTestId(selectors.liveRegion);
    expect(live).toHaveAttribute('data-lane', 'basic-control');
    expect(live).toHaveAttribute('data-finding-id', 'f3');
    expect(live).toHaveAttribute('data-chain', 'chain-1');

    fireEvent.keyDown(grid, { key: 'Enter' });
    const drawer = screen.getByTestId(selectors.drawer);
    expect(drawer).toHaveTextContent('T0855 in ATT&CK for ICS');
    expect(drawer).toHaveTextContent('Chain: Intrusion from Enterprise to Basic control');
    expect(screen.getByTestId(selectors.openIncident)).toHaveAttribute(
      'href',
      '/a/conduit-itot-app/incidents/new?finding=f1&finding=f2&finding=f3&chain=chain-1&from=1767225600000&to=1767229200000'
    );
  });

  it('collapses and expands a lane from its label', () => {
    render(<AnomalyTimelinePanel {...props([findings])} />);
    const [first] = screen.getAllByTestId(selectors.laneToggle);

    fireEvent.click(first);
    expect(first).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(first);
    expect(first).toHaveAttribute('aria-expanded', 'true');
  });

  it('says so when nothing reaches the minimum severity', () => {
    render(<AnomalyTimelinePanel {...props([findings], { minSeverity: 'critical' })} />);
    expect(screen.getAllByTestId(selectors.laneToggle)).toHaveLength(1);

    render(<AnomalyTimelinePanel {...props([])} />);
    expect(screen.getByText('No findings of low severity or above in this time range.')).toBeInTheDocument();
  });

  it('names what a frame that fits nowhere lacks', () => {
    const numbers = toDataFrame({ name: 'numbers', fields: [{ name: 'value', type: FieldType.number, values: [1] }] });

    render(<AnomalyTimelinePanel {...props([numbers])} />);

    expect(
      screen.getByText(/Frame numbers left out: it has value \(number\), not a time field and a text field/)
    ).toBeInTheDocument();
  });

  it('colours severities by a value mapping of the field config, and offers the data links of its fields', () => {
    const theme = createTheme();
    // As a dashboard's field config leaves them: a value mapping on `severity`, a data link on `title`.
    const withConfig = {
      ...findings,
      fields: findings.fields.map((field) =>
        field.name === 'severity'
          ? {
              ...field,
              config: {
                mappings: [{ type: MappingType.ValueToText, options: { critical: { color: 'purple', index: 0 } } }],
              },
            }
          : field.name === 'title'
            ? { ...field, config: { links: [{ title: 'Runbook', url: 'https://runbooks.example/findings' }] } }
            : field
      ),
    } as DataFrame;
    const [configured] = applyFieldOverrides({
      data: [withConfig],
      fieldConfig: { defaults: {}, overrides: [] },
      replaceVariables: (value: string) => value,
      theme,
      timeZone: 'utc',
    });

    render(<AnomalyTimelinePanel {...props([configured])} />);
    const control = screen.getAllByTestId(selectors.laneToggle)[2];
    expect(control).toHaveAttribute('data-lane', 'basic-control');
    const swatch = control.querySelector('span');
    expect(swatch).toHaveStyle({ background: theme.visualization.getColorByName('purple') });

    const grid = screen.getByRole('grid', { name: selectors.timeline });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(screen.getByRole('link', { name: /Runbook/ })).toHaveAttribute('href', 'https://runbooks.example/findings');
  });
});
