import type { DataSourceSettings } from '@grafana/data';
import { fireEvent, render, screen } from '@testing-library/react';

import type { ConduitDataSourceOptions, ConduitSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

function settings(
  overrides: Partial<DataSourceSettings<ConduitDataSourceOptions, ConduitSecureJsonData>> = {}
): DataSourceSettings<ConduitDataSourceOptions, ConduitSecureJsonData> {
  return {
    jsonData: { otUrl: 'http://influxdb-ot:8086' },
    secureJsonFields: {},
    ...overrides,
  } as DataSourceSettings<ConduitDataSourceOptions, ConduitSecureJsonData>;
}

describe('ConfigEditor', () => {
  it('edits the address of one store without touching the other', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);

    fireEvent.change(document.getElementById('it-url')!, { target: { value: 'http://influxdb-it:8086' } });

    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ jsonData: { otUrl: 'http://influxdb-ot:8086', itUrl: 'http://influxdb-it:8086' } })
    );
  });

  it('puts passwords into secureJsonData, never into jsonData', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);

    fireEvent.change(document.getElementById('ot-password')!, { target: { value: 's3cret' } });

    const [changed] = onOptionsChange.mock.calls[0];
    expect(changed.secureJsonData).toEqual({ otPassword: 's3cret' });
    expect(JSON.stringify(changed.jsonData)).not.toContain('s3cret');
  });

  it('shows a stored password as configured and lets the admin reset it', () => {
    const onOptionsChange = jest.fn();
    render(
      <ConfigEditor options={settings({ secureJsonFields: { itPassword: true } })} onOptionsChange={onOptionsChange} />
    );

    expect(screen.getAllByDisplayValue('configured')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));

    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ secureJsonFields: { itPassword: false }, secureJsonData: { itPassword: '' } })
    );
  });
});
