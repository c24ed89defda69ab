import {
  type DataFrame,
  dateTime,
  EventBusSrv,
  FieldType,
  LoadingState,
  type PanelProps,
  type TimeRange,
  toDataFrame,
} from '@grafana/data';
import { render, screen, within } from '@testing-library/react';

import type { AnomalyTimelineOptions } from '../types';
import { AnomalyTimelinePanel } from './AnomalyTimelinePanel';

const FROM = Date.UTC(2026, 0, 1, 0, 0);
const TO = Date.UTC(2026, 0, 1, 1, 0);

function props(series: DataFrame[], options: Partial<AnomalyTimelineOptions> = {}): PanelProps<AnomalyTimelineOptions> {
  const timeRange: TimeRange = { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-1h', to: 'now' } };
  return {
    id: 5,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { laneBy: 'zone', minSeverity: 'low', ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: 600,
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

const minute = 60_000;
const anomalies = toDataFrame({
  fields: [
    {
      name: 'time',
      type: FieldType.time,
      values: [FROM + 15 * minute, FROM + 30 * minute, FROM + 45 * minute, TO + minute],
    },
    { name: 'zone', type: FieldType.string, values: ['l1-control', 'l3-operations', 'l1-control', 'l1-control'] },
    { name: 'severity', type: FieldType.string, values: ['critical', 'info', 'medium', 'high'] },
    {
      name: 'title',
      type: FieldType.string,
      values: ['Program download', 'New talker', 'Write outside range', 'Late'],
    },
  ],
});

describe('AnomalyTimelinePanel', () => {
  it('draws one lane per zone with each anomaly at its time, worst lane first', () => {
    render(<AnomalyTimelinePanel {...props([anomalies], { minSeverity: 'info' })} />);

    const lanes = screen.getAllByRole('listitem');
    expect(lanes.map((lane) => lane.getAttribute('aria-label'))).toEqual(['l1-control', 'l3-operations']);
    const marks = within(lanes[0]).getAllByRole('img');
    expect(marks).toHaveLength(2);
    expect(marks[0]).toHaveAccessibleName('Program download (critical) at 2026-01-01 00:15:00');
    expect(marks[0]).toHaveStyle({ left: '25%' });
    expect(marks[1]).toHaveStyle({ left: '75%' });
  });

  it('leaves out anomalies below the minimum severity', () => {
    render(<AnomalyTimelinePanel {...props([anomalies], { minSeverity: 'medium' })} />);

    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.queryByLabelText(/New talker/)).not.toBeInTheDocument();
  });

  it('says so when nothing in the range reaches the minimum severity', () => {
    const quiet = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [FROM + minute] },
        { name: 'zone', type: FieldType.string, values: ['l2-supervisory'] },
        { name: 'severity', type: FieldType.string, values: ['low'] },
      ],
    });
    render(<AnomalyTimelinePanel {...props([quiet], { minSeverity: 'high' })} />);
    expect(screen.getByText('No anomalies of high severity or above in this time range.')).toBeInTheDocument();
  });

  it('says what it needs when the lane field is missing', () => {
    render(<AnomalyTimelinePanel {...props([anomalies], { laneBy: 'asset' })} />);

    expect(screen.getByText(/a lane field named "asset"/)).toBeInTheDocument();
  });
});
