import '../../../test/canvasMeasureText';

import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';

import type { ConduitDataSource } from '../../datasource';
import type { ConduitQuery } from '../../types';
import { selectors } from '../selectors';
import { QueryEditorTelemetry } from './QueryEditorTelemetry';

function renderEditor(query: ConduitQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditorTelemetry
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
      datasource={{} as ConduitDataSource}
    />
  );
  return { onChange, onRunQuery };
}

const builder: ConduitQuery = {
  refId: 'A',
  queryType: 'telemetry',
  store: 'ot',
  measurement: 'flow',
  field: 'bytes_out',
  aggregation: 'sum',
};

describe('QueryEditorTelemetry', () => {
  it('builds from parts by default: measurement, field, GROUP BY and filters', () => {
    renderEditor(builder);

    expect(screen.getByTestId(selectors.query.interval)).toBeInTheDocument();
    expect(screen.getByTestId(selectors.query.addTagFilter)).toBeInTheDocument();
    expect(screen.queryByTestId(selectors.query.rawQuery)).not.toBeInTheDocument();
  });

  it('adds a tag filter with the first tag of the measurement', () => {
    const { onChange } = renderEditor(builder);

    fireEvent.click(screen.getByTestId(selectors.query.addTagFilter));

    expect(onChange).toHaveBeenCalledWith({
      ...builder,
      tagFilters: [{ id: expect.stringMatching(/^filter-/), tag: 'src_ip', operator: '=', value: '' }],
    });
  });

  it('takes a filter value, a variable included, as it is typed, and runs the query when the field is left', () => {
    const query = { ...builder, tagFilters: [{ tag: 'dst_zone', operator: '=' as const, value: '' }] };
    const { onChange, onRunQuery } = renderEditor(query);

    const value = screen.getByTestId(selectors.query.tagFilterValue(0));
    fireEvent.change(value, { target: { value: '$zone' } });
    expect(onRunQuery).not.toHaveBeenCalled();
    fireEvent.blur(value);

    expect(onChange).toHaveBeenCalledWith({
      ...query,
      tagFilters: [{ id: 'filter-at-0', tag: 'dst_zone', operator: '=', value: '$zone' }],
    });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('removes a filter', () => {
    const query = { ...builder, tagFilters: [{ tag: 'dst_zone', operator: '=' as const, value: 'a' }] };
    const { onChange } = renderEditor(query);

    fireEvent.click(screen.getByLabelText('Remove filter 1'));

    expect(onChange).toHaveBeenCalledWith({ ...query, tagFilters: [] });
  });

  it('removes the middle of three filters and shows and saves the other two as they were', () => {
    let saved: ConduitQuery | undefined;
    function Stateful() {
      const [query, setQuery] = useState<ConduitQuery>({
        ...builder,
        tagFilters: [
          { tag: 'src_zone', operator: '=', value: 'office' },
          { tag: 'dst_zone', operator: '!=', value: 'dmz' },
          { tag: 'service', operator: '=', value: 'modbus' },
        ],
      });
      const change = (next: ConduitQuery) => {
        saved = next;
        setQuery(next);
      };
      return (
        <QueryEditorTelemetry
          query={query}
          onChange={change}
          onRunQuery={jest.fn()}
          datasource={{} as ConduitDataSource}
        />
      );
    }
    render(<Stateful />);
    // Typed into the middle row but not yet left: the text must go with the row.
    fireEvent.change(screen.getByTestId(selectors.query.tagFilterValue(1)), { target: { value: 'dmz-typed' } });

    fireEvent.click(screen.getByLabelText('Remove filter 2'));

    const shown = [0, 1].map((row) => [
      (screen.getByTestId(selectors.query.tagFilterTag(row)) as HTMLInputElement).value,
      (screen.getByTestId(selectors.query.tagFilterValue(row)) as HTMLInputElement).value,
    ]);
    expect(shown).toEqual([
      ['src_zone', 'office'],
      ['service', 'modbus'],
    ]);
    expect(screen.queryByTestId(selectors.query.tagFilterValue(2))).not.toBeInTheDocument();
    expect(saved?.tagFilters?.map(({ tag, operator, value }) => ({ tag, operator, value }))).toEqual([
      { tag: 'src_zone', operator: '=', value: 'office' },
      { tag: 'service', operator: '=', value: 'modbus' },
    ]);
  });

  it('drops the values a multi-value variable stood for once a value is typed by hand', () => {
    const query: ConduitQuery = {
      ...builder,
      tagFilters: [{ id: 'f1', tag: 'dst_zone', operator: '=', value: 'a, b', values: ['a', 'b'] }],
    };
    const { onChange } = renderEditor(query);

    fireEvent.change(screen.getByTestId(selectors.query.tagFilterValue(0)), { target: { value: 'c' } });

    expect(onChange).toHaveBeenCalledWith({
      ...query,
      tagFilters: [{ id: 'f1', tag: 'dst_zone', operator: '=', value: 'c' }],
    });
  });

  it('switches to InfluxQL', () => {
    const { onChange } = renderEditor(builder);

    fireEvent.click(screen.getByLabelText('InfluxQL'));

    expect(onChange).toHaveBeenCalledWith({ ...builder, editorMode: 'raw' });
  });

  it('says before running that a statement that writes will not be sent, and why', () => {
    renderEditor({ refId: 'A', editorMode: 'raw', rawQuery: 'DROP MEASUREMENT "flow"' });

    expect(screen.getByText('This statement will not be sent')).toBeInTheDocument();
    expect(screen.getByText(/statement 1 starts with DROP/)).toBeInTheDocument();
  });

  it('says nothing about a statement that only reads', () => {
    renderEditor({ refId: 'A', editorMode: 'raw', rawQuery: 'SELECT count(*) FROM "flow" WHERE $timeFilter' });

    expect(screen.queryByText('This statement will not be sent')).not.toBeInTheDocument();
  });

  it('runs a raw statement when the editor loses focus', () => {
    const { onRunQuery } = renderEditor({ refId: 'A', editorMode: 'raw', rawQuery: 'SHOW MEASUREMENTS' });

    fireEvent.blur(screen.getByTestId(selectors.query.rawQuery));

    expect(onRunQuery).toHaveBeenCalled();
  });
});
