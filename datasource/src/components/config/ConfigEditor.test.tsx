import type { DataSourceSettings } from '@grafana/data';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';

import { ZONE_MODEL_TEXT } from '../../../test/cannedInflux';
import type { ConduitDataSourceOptions, ConduitSecureJsonData } from '../../types';
import { selectors } from '../selectors';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<ConduitDataSourceOptions, ConduitSecureJsonData>;

function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    jsonData: { otUrl: 'http://influxdb-ot:8086' },
    secureJsonFields: {},
    ...overrides,
  } as Settings;
}

function renderEditor(options: Settings = settings()) {
  const onOptionsChange = jest.fn();
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  return {
    onOptionsChange,
    changed: (): Settings => onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0],
  };
}

describe('ConfigEditor: stores', () => {
  it('edits the address of one store without touching the other', () => {
    const { changed } = renderEditor();

    fireEvent.change(screen.getByTestId(selectors.config.storeUrl('it')), {
      target: { value: 'http://influxdb-it:8086' },
    });

    expect(changed().jsonData).toEqual({ otUrl: 'http://influxdb-ot:8086', itUrl: 'http://influxdb-it:8086' });
  });

  it('puts the user and password into secureJsonData as Basic credentials, never into jsonData', () => {
    const { changed } = renderEditor(settings({ jsonData: { otAuth: 'password', otUser: 'grafana' } }));

    fireEvent.change(screen.getByTestId(selectors.config.storePassword('ot')), { target: { value: 's3cret' } });

    expect(changed().secureJsonData).toEqual({ otBasicAuth: btoa('grafana:s3cret') });
    expect(JSON.stringify(changed().jsonData)).not.toContain('s3cret');
  });

  it('encodes the credentials again when the user changes after the password was typed', () => {
    const onChange = jest.fn();
    render(
      <EditorWithState initial={settings({ jsonData: { otAuth: 'password', otUser: 'graf' } })} onChange={onChange} />
    );
    const section = within(otStore());

    fireEvent.change(section.getByTestId(selectors.config.storePassword('ot')), { target: { value: 's3cret' } });
    fireEvent.change(section.getByTestId(selectors.config.storeUser('ot')), { target: { value: 'grafana' } });

    expect(section.getByTestId(selectors.config.storeUser('ot'))).toHaveValue('grafana');
    const saved: Settings = onChange.mock.calls[onChange.mock.calls.length - 1][0];
    expect(saved.secureJsonData).toEqual({ otBasicAuth: btoa('grafana:s3cret') });
  });

  it('asks for the password again when the user of stored credentials changes', () => {
    const { changed } = renderEditor(
      settings({ jsonData: { otAuth: 'password', otUser: 'grafana' }, secureJsonFields: { otBasicAuth: true } })
    );

    fireEvent.change(screen.getByTestId(selectors.config.storeUser('ot')), { target: { value: 'reader' } });

    expect(changed()).toMatchObject({
      jsonData: { otUser: 'reader' },
      secureJsonFields: { otBasicAuth: false },
      secureJsonData: { otBasicAuth: '' },
    });
  });

  it('refuses a user with a colon, which Basic authentication cannot carry', () => {
    renderEditor(settings({ jsonData: { otAuth: 'password', otUser: 'corp:reader' } }));

    fireEvent.change(screen.getByTestId(selectors.config.storePassword('ot')), { target: { value: 'x' } });

    expect(screen.getByText(/contains ":", which Basic authentication cannot carry/)).toBeInTheDocument();
  });

  it('trims a trailing slash from a store URL when the field is left', () => {
    const { changed } = renderEditor(settings({ jsonData: { otUrl: 'http://influxdb-ot:8086/' } }));

    fireEvent.blur(screen.getByTestId(selectors.config.storeUrl('ot')));

    expect(changed().jsonData.otUrl).toBe('http://influxdb-ot:8086');
  });

  it('shows a stored secret as configured and lets the admin reset it', () => {
    const { changed } = renderEditor(settings({ jsonData: { itAuth: 'token' }, secureJsonFields: { itToken: true } }));

    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));

    expect(changed()).toMatchObject({ secureJsonFields: { itToken: false }, secureJsonData: { itToken: '' } });
  });

  it('forgets the password when the store switches to a token, so the route sends only the token', () => {
    const { changed } = renderEditor(
      settings({ jsonData: { otAuth: 'password', otUser: 'grafana' }, secureJsonFields: { otBasicAuth: true } })
    );

    fireEvent.click(screen.getAllByLabelText('Token')[1]);

    expect(changed().jsonData).toMatchObject({ otAuth: 'token', otUser: '' });
    expect(changed().secureJsonFields).toMatchObject({ otBasicAuth: false });
    expect(changed().secureJsonData).toMatchObject({ otBasicAuth: '' });
  });

  it('keeps a timeout in seconds as a number', () => {
    const { changed } = renderEditor();

    fireEvent.change(screen.getByTestId(selectors.config.storeTimeout('ot')), { target: { value: '45' } });

    expect(changed().jsonData.otTimeoutSeconds).toBe(45);
  });

  it('goes back to the default timeout when the field is emptied', () => {
    const { changed } = renderEditor(settings({ jsonData: { otTimeoutSeconds: 45 } }));

    fireEvent.change(screen.getByTestId(selectors.config.storeTimeout('ot')), { target: { value: '' } });

    expect(changed().jsonData.otTimeoutSeconds).toBeUndefined();
  });

  it('chooses POST', () => {
    const { changed } = renderEditor();

    fireEvent.click(screen.getAllByLabelText('POST')[1]);

    expect(changed().jsonData.otHttpMethod).toBe('POST');
  });
});

/** The IT store's part of the page (the first of the two store sections). */
function itStore(): HTMLElement {
  const legend = screen.getByText('IT store', { selector: 'legend' });
  return legend.closest('fieldset') as HTMLElement;
}

function otStore(): HTMLElement {
  const legend = screen.getByText('OT store', { selector: 'legend' });
  return legend.closest('fieldset') as HTMLElement;
}

function secretInputs(section: HTMLElement): Element[] {
  return [...section.querySelectorAll('input[type="password"], input[value="configured"]')];
}

/** The editor as Grafana hosts it: every change is handed back as the new settings. */
function EditorWithState({ initial, onChange }: { initial: Settings; onChange?: (options: Settings) => void }) {
  const [options, setOptions] = useState(initial);
  const change = (next: Settings) => {
    setOptions(next);
    onChange?.(next);
  };
  return <ConfigEditor options={options} onOptionsChange={change} />;
}

describe('ConfigEditor: store authentication as jsonData says', () => {
  it('shows no credential fields for a store provisioned with itAuth: none', () => {
    renderEditor(settings({ jsonData: { itUrl: 'http://influxdb-it:8086', itAuth: 'none', otAuth: 'none' } }));
    const section = within(itStore());

    expect(section.getByLabelText('None')).toBeChecked();
    expect(section.queryByTestId(selectors.config.storeUser('it'))).not.toBeInTheDocument();
    expect(section.queryByTestId(selectors.config.storePassword('it'))).not.toBeInTheDocument();
    expect(section.queryByTestId(selectors.config.storeToken('it'))).not.toBeInTheDocument();
    expect(section.queryByText('Password')).not.toBeInTheDocument();
    expect(secretInputs(itStore())).toHaveLength(0);
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);
  });

  it('shows the user and a password kept in secureJsonData for itAuth: password', () => {
    renderEditor(
      settings({
        jsonData: { itAuth: 'password', itUser: 'grafana' },
        secureJsonFields: { itBasicAuth: true },
      })
    );
    const section = within(itStore());

    expect(section.getByLabelText('User and password')).toBeChecked();
    expect(section.getByTestId(selectors.config.storeUser('it'))).toHaveValue('grafana');
    expect(section.getByText('Password')).toBeInTheDocument();
    expect(section.getByDisplayValue('configured')).toBeInTheDocument();
    expect(section.queryByTestId(selectors.config.storeToken('it'))).not.toBeInTheDocument();
  });

  it('shows the user and password for itAuth: basic, the word Grafana uses', () => {
    renderEditor(settings({ jsonData: { itAuth: 'basic' as never } }));
    const section = within(itStore());

    expect(section.getByLabelText('User and password')).toBeChecked();
    expect(section.getByTestId(selectors.config.storeUser('it'))).toBeInTheDocument();
    expect(section.getByTestId(selectors.config.storePassword('it'))).toBeInTheDocument();
  });

  it('shows only a token field for itAuth: token', () => {
    renderEditor(settings({ jsonData: { itAuth: 'token' } }));
    const section = within(itStore());

    expect(section.getByLabelText('Token')).toBeChecked();
    expect(section.getByTestId(selectors.config.storeToken('it'))).toBeInTheDocument();
    expect(section.queryByTestId(selectors.config.storeUser('it'))).not.toBeInTheDocument();
    expect(section.queryByTestId(selectors.config.storePassword('it'))).not.toBeInTheDocument();
  });

  it('shows each store its own method', () => {
    renderEditor(settings({ jsonData: { itAuth: 'none', otAuth: 'token' } }));

    expect(screen.queryByTestId(selectors.config.storeToken('it'))).not.toBeInTheDocument();
    expect(screen.getByTestId(selectors.config.storeToken('ot'))).toBeInTheDocument();
  });

  it('names the key of a method it does not know and shows no credential fields', () => {
    renderEditor(settings({ jsonData: { itAuth: 'ldap' as never } }));
    const section = within(itStore());

    expect(section.getByText(/itAuth is "ldap", which is not one of none, password, token/)).toBeInTheDocument();
    for (const label of ['None', 'User and password', 'Token']) {
      expect(section.getByLabelText(label)).not.toBeChecked();
    }
    expect(secretInputs(itStore())).toHaveLength(0);
  });

  it('switches from none to user and password, then to token, with the selector', () => {
    render(<EditorWithState initial={settings({ jsonData: { itAuth: 'none' } })} />);
    const section = within(itStore());

    fireEvent.click(section.getByLabelText('User and password'));
    expect(section.getByTestId(selectors.config.storeUser('it'))).toBeInTheDocument();
    expect(section.getByTestId(selectors.config.storePassword('it'))).toBeInTheDocument();

    fireEvent.click(section.getByLabelText('Token'));
    expect(section.getByTestId(selectors.config.storeToken('it'))).toBeInTheDocument();
    expect(section.queryByTestId(selectors.config.storePassword('it'))).not.toBeInTheDocument();

    fireEvent.click(section.getByLabelText('None'));
    expect(secretInputs(itStore())).toHaveLength(0);
  });

  it('warns that credentials stored behind none are still sent, and removes them', () => {
    const { changed } = renderEditor(
      settings({ jsonData: { itAuth: 'none' }, secureJsonFields: { itBasicAuth: true } })
    );

    expect(within(itStore()).getByText(/Grafana still holds a user and password for this store/)).toBeInTheDocument();
    fireEvent.click(within(itStore()).getByRole('button', { name: 'Remove the unused secret' }));

    expect(changed()).toMatchObject({ secureJsonFields: { itBasicAuth: false }, secureJsonData: { itBasicAuth: '' } });
  });

  it('does not warn about the secret the method uses', () => {
    renderEditor(settings({ jsonData: { itAuth: 'password' }, secureJsonFields: { itBasicAuth: true } }));

    expect(screen.queryByText(/still holds/)).not.toBeInTheDocument();
  });

  it('asks for a password saved alone by an older version again, since it is no longer sent', () => {
    const { changed } = renderEditor(
      settings({ jsonData: { itAuth: 'password', itUser: 'grafana' }, secureJsonFields: { itPassword: true } })
    );

    expect(within(itStore()).getByText(/It is no longer sent/)).toBeInTheDocument();
    fireEvent.click(within(itStore()).getByRole('button', { name: 'Remove the old password' }));

    expect(changed()).toMatchObject({ secureJsonFields: { itPassword: false }, secureJsonData: { itPassword: '' } });
  });
});

describe('ConfigEditor: zone model', () => {
  it('sums up a valid zone model', () => {
    renderEditor(settings({ jsonData: { zoneModel: ZONE_MODEL_TEXT } }));

    expect(screen.getByTestId(selectors.config.zoneModelSummary)).toHaveTextContent(
      'synthetic: 3 zones, 2 conduits, 0 assets'
    );
  });

  it('lists the validator problems of a broken zone model with their paths as the admin types', () => {
    renderEditor(
      settings({
        jsonData: {
          zoneModel:
            'zones:\n  - id: a\n    name: A\n    purdueLevel: 1\n    slTarget: 2\nconduits:\n  - id: c\n    from: a\n    to: nowhere\n    direction: one-way\n    controlType: firewall\n    slTarget: 2\n',
        },
      })
    );

    expect(screen.getByTestId(selectors.config.zoneModelProblems)).toHaveTextContent(
      /conduits\[0\]\.to \(c\), line 9: .*nowhere/
    );
  });

  it('names the line and column of a syntax error', () => {
    renderEditor(settings({ jsonData: { zoneModel: '{"zones": [' } }));

    expect(screen.getByTestId(selectors.config.zoneModelProblems)).toHaveTextContent(/^line 1, column \d+/);
  });

  it('writes the text into jsonData', () => {
    const { changed } = renderEditor();

    fireEvent.change(screen.getByTestId(selectors.config.zoneModel), { target: { value: 'zones: []' } });

    expect(changed().jsonData.zoneModel).toBe('zones: []');
  });
});

describe('ConfigEditor: detection', () => {
  it('shows what the zone model sets as the placeholder of each setting', () => {
    const model = JSON.stringify({ ...JSON.parse(ZONE_MODEL_TEXT), detection: { baseline: { hours: 12 } } });
    renderEditor(settings({ jsonData: { zoneModel: model } }));

    expect(screen.getByTestId(selectors.config.detectionSetting('baseline', 'hours'))).toHaveAttribute(
      'placeholder',
      '12'
    );
  });

  it('writes an override into jsonData.detection', () => {
    const { changed } = renderEditor();
    const threshold = screen.getByTestId(selectors.config.detectionSetting('process-anomaly', 'threshold'));

    fireEvent.change(threshold, { target: { value: '6' } });
    expect(changed().jsonData.detection).toEqual({ 'process-anomaly': { threshold: 6 } });
  });

  it('removes an override when its field is emptied', () => {
    const { changed } = renderEditor(settings({ jsonData: { detection: { 'process-anomaly': { threshold: 6 } } } }));

    fireEvent.change(screen.getByTestId(selectors.config.detectionSetting('process-anomaly', 'threshold')), {
      target: { value: '' },
    });

    expect(changed().jsonData.detection).toBeUndefined();
  });

  it('warns about a setting the core would ignore', () => {
    renderEditor(settings({ jsonData: { detection: { 'brute-force': { minFailures: -3 } } } }));

    expect(screen.getByText(/detection\.brute-force\.minFailures: must not be negative/)).toBeInTheDocument();
  });

  it('sets how far apart findings may be to form a chain', () => {
    const { changed } = renderEditor();

    fireEvent.change(screen.getByTestId(selectors.config.chainMaxGap), { target: { value: '30' } });

    expect(changed().jsonData.chainMaxGapMinutes).toBe(30);
  });
});
