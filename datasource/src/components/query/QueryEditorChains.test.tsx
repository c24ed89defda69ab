import { fireEvent, screen } from '@testing-library/react';

import { enterZone, renderQueryEditor } from '../../../test/renderQueryEditor';
import { QueryEditorChains } from './QueryEditorChains';

describe('QueryEditorChains', () => {
  it('sets the severity floor of the chains', () => {
    const { onChange } = renderQueryEditor(QueryEditorChains, { refId: 'A', queryType: 'chains' });

    fireEvent.click(screen.getByLabelText('critical'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'chains', minSeverity: 'critical' });
  });

  it('limits the chains to those through a zone', () => {
    const { onChange } = renderQueryEditor(QueryEditorChains, { refId: 'A', queryType: 'chains' });

    enterZone('$zone');

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'chains', zone: '$zone' });
  });
});
