import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from '../components/selectors';
import { VariableQueryEditor } from './VariableQueryEditor';

describe('VariableQueryEditor', () => {
  it('lists zones for a query saved before a kind was chosen', () => {
    render(<VariableQueryEditor query={undefined} onChange={jest.fn()} />);

    expect(screen.getByLabelText('Zones')).toBeChecked();
    expect(screen.queryByText('Store')).not.toBeInTheDocument();
  });

  it('offers the zone of assets, which may be a zone variable', () => {
    const onChange = jest.fn();
    render(<VariableQueryEditor query={{ refId: 'v', kind: 'assets' }} onChange={onChange} />);

    const zone = screen.getByTestId(selectors.variable.zone);
    fireEvent.change(zone, { target: { value: '$zone' } });
    fireEvent.blur(zone);

    expect(onChange).toHaveBeenCalledWith({ refId: 'v', kind: 'assets', zone: '$zone' });
  });

  it('asks for a measurement and a key for tag values, and a store', () => {
    const onChange = jest.fn();
    render(<VariableQueryEditor query={{ refId: 'v', kind: 'tagValues' }} onChange={onChange} />);

    expect(screen.getByTestId(selectors.variable.measurement)).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('OT store'));

    expect(onChange).toHaveBeenCalledWith({ refId: 'v', kind: 'tagValues', store: 'ot' });
  });
});
