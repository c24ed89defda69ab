import { fireEvent, screen } from '@testing-library/react';

import { enterZone, renderQueryEditor } from '../../../test/renderQueryEditor';
import { QueryEditorFindings } from './QueryEditorFindings';

describe('QueryEditorFindings', () => {
  it('sets the severity floor and runs the query', () => {
    const { onChange, onRunQuery } = renderQueryEditor(QueryEditorFindings, { refId: 'A', queryType: 'findings' });

    fireEvent.click(screen.getByLabelText('high'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'findings', minSeverity: 'high' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('limits the findings to a zone', () => {
    const { onChange } = renderQueryEditor(QueryEditorFindings, { refId: 'A', queryType: 'findings' });

    enterZone('basic-control');

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'findings', zone: 'basic-control' });
  });
});
