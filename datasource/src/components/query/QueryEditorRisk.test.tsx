import { fireEvent, screen } from '@testing-library/react';

import { enterZone, renderQueryEditor } from '../../../test/renderQueryEditor';
import type { ConduitQuery } from '../../types';
import { selectors } from '../selectors';
import { QueryEditorRisk } from './QueryEditorRisk';

describe('QueryEditorRisk', () => {
  it('asks how many series only for risk over time', () => {
    renderQueryEditor(QueryEditorRisk, { refId: 'A', queryType: 'risk' });

    expect(screen.queryByTestId(selectors.query.riskLimit)).not.toBeInTheDocument();
  });

  it('sets the number of series of risk over time', () => {
    const query: ConduitQuery = { refId: 'A', queryType: 'risk', riskView: 'overTime' };
    const { onChange } = renderQueryEditor(QueryEditorRisk, query);

    const limit = screen.getByTestId(selectors.query.riskLimit);
    fireEvent.change(limit, { target: { value: '5' } });
    fireEvent.blur(limit);

    expect(onChange).toHaveBeenCalledWith({ ...query, riskLimit: 5 });
  });

  it('asks for the factors per bucket of risk over time', () => {
    const query: ConduitQuery = { refId: 'A', queryType: 'risk', riskView: 'overTime' };
    const { onChange } = renderQueryEditor(QueryEditorRisk, query);

    fireEvent.click(screen.getByTestId(selectors.query.riskFactors));

    expect(onChange).toHaveBeenCalledWith({ ...query, riskFactors: true });
  });

  it('switches to zones', () => {
    const { onChange } = renderQueryEditor(QueryEditorRisk, { refId: 'A', queryType: 'risk' });

    fireEvent.click(screen.getByLabelText('Zones'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'risk', riskEntity: 'zone' });
  });

  it('clears the zone filter when the field is emptied', () => {
    const { onChange } = renderQueryEditor(QueryEditorRisk, { refId: 'A', queryType: 'risk', zone: 'basic-control' });

    enterZone('');

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'risk', zone: undefined });
  });
});
