import { fireEvent, screen } from '@testing-library/react';

import { enterZone, renderQueryEditor } from '../../../test/renderQueryEditor';
import { QueryEditorTopology } from './QueryEditorTopology';

describe('QueryEditorTopology', () => {
  it('switches between zones and assets and runs the query', () => {
    const { onChange, onRunQuery } = renderQueryEditor(QueryEditorTopology, { refId: 'A', queryType: 'topology' });

    fireEvent.click(screen.getByLabelText('Assets'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'topology', topologyLevel: 'asset' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('limits the graph to a zone or a zone variable when the field loses focus', () => {
    const { onChange } = renderQueryEditor(QueryEditorTopology, { refId: 'A', queryType: 'topology' });

    enterZone(' $zone ');

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'topology', zone: '$zone' });
  });
});
