import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from '../components/selectors';
import { FindingAnnotationEditor } from './FindingAnnotationEditor';

describe('FindingAnnotationEditor', () => {
  it('shows findings of high severity and above by default', () => {
    render(<FindingAnnotationEditor query={{ refId: 'Anno' }} onChange={jest.fn()} />);

    expect(screen.getByLabelText('high')).toBeChecked();
    expect(screen.getByLabelText('Findings')).toBeChecked();
  });

  it('sets the severity floor, the zone and chains instead of findings', () => {
    const onChange = jest.fn();
    render(<FindingAnnotationEditor query={{ refId: 'Anno' }} onChange={onChange} />);

    fireEvent.click(screen.getByLabelText('critical'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'Anno', minSeverity: 'critical' });
    fireEvent.click(screen.getByLabelText('Chains'));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'Anno', queryType: 'chains' });
    const zone = screen.getByTestId(selectors.annotation.zone);
    fireEvent.change(zone, { target: { value: 'basic-control' } });
    fireEvent.blur(zone);
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'Anno', zone: 'basic-control' });
  });
});
