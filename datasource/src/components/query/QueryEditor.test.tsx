import '../../../test/canvasMeasureText';

import { fireEvent, render, screen } from '@testing-library/react';

import type { ConduitDataSource } from '../../datasource';
import type { ConduitQuery } from '../../types';
import { selectors } from '../selectors';
import { QueryEditor } from './QueryEditor';

function renderEditor(query: ConduitQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(
    <QueryEditor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={{} as ConduitDataSource} />
  );
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it.each(['telemetry', 'topology', 'risk', 'findings', 'chains', 'inventory'] as const)(
    'shows the editor of its own type for a %s query',
    (queryType) => {
      renderEditor({ refId: 'A', queryType });

      expect(screen.getByTestId(selectors.query.editor(queryType))).toBeInTheDocument();
    }
  );

  it('shows the telemetry editor for a query saved without a type', () => {
    renderEditor({ refId: 'A' });

    expect(screen.getByTestId(selectors.query.editor('telemetry'))).toBeInTheDocument();
  });

  it('switches the query type and runs the query', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', queryType: 'telemetry', zone: 'basic-control' });

    fireEvent.click(screen.getByLabelText('Risk'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'risk', zone: 'basic-control' });
    expect(onRunQuery).toHaveBeenCalled();
  });
});
