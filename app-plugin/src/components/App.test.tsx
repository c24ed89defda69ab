import { detectionAlertRules, parseZoneModel } from '@conduit/core';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { screen, within } from '@testing-library/react';

import { GrafanaBackend } from '../../test/grafanaBackend';
import { measureTextAsEmpty, renderApp } from '../../test/renderApp';
import { PLUGIN_BASE_URL, prefixRoute, ROUTES } from '../routes';

const renderAt = (url: string) => renderApp(url);

/** The Conduit datasources Grafana lists to the page, with the zone model text of their settings. */
function conduitDataSources(zoneModels: string[]): void {
  const list = zoneModels.map(
    (zoneModel, index) =>
      ({
        uid: `conduit-${index}`,
        name: `Conduit ${index}`,
        type: 'conduit-telemetry-datasource',
        isDefault: false,
        jsonData: { zoneModel },
      }) as unknown as DataSourceInstanceSettings
  );
  setDataSourceSrv({ getList: () => list } as unknown as DataSourceSrv);
}

const MODEL = `
site: Riverside
zones:
  - { id: office, name: Office, purdueLevel: 4, slTarget: 1, cidrs: [10.1.0.0/16] }
  - { id: field, name: Field, purdueLevel: 1, slTarget: 3, slAchieved: 2, cidrs: [10.40.2.0/24] }
conduits:
  - { id: ops, from: office, to: field, direction: one-way, controlType: firewall, slTarget: 2,
      services: [{ protocol: modbus, port: 502, functionCodes: [3] }] }
assets:
  - { name: plc-1, address: 10.40.2.20, role: plc, criticality: 5 }
`;

describe('App', () => {
  beforeEach(() => {
    conduitDataSources(['']);
    new GrafanaBackend().install('Editor');
  });

  it.each([
    [ROUTES.Incidents, 'No incidents yet'],
    [ROUTES.DetectionRules, 'No zone model to generate rules from'],
    [ROUTES.ZoneModel, 'No zone model loaded'],
  ])('shows the %s page at its own address', async (route, heading) => {
    renderAt(prefixRoute(route));

    expect(await screen.findByText(heading, {}, { timeout: 5000 })).toBeInTheDocument();
  });

  it.each([PLUGIN_BASE_URL, `${PLUGIN_BASE_URL}/no-such-page`])(
    'opens on incidents, the default page, at %s',
    async (url) => {
      renderAt(url);

      expect(await screen.findByText('No incidents yet', {}, { timeout: 5000 })).toBeInTheDocument();
    }
  );

  it("shows the datasource's zone model read only: zones top down, conduits with their services, assets", () => {
    conduitDataSources([MODEL]);
    renderAt(prefixRoute(ROUTES.ZoneModel));

    expect(screen.getByText(/Riverside in Conduit 0: 2 zones, 1 conduits, 1 assets/)).toBeInTheDocument();
    const zones = within(screen.getByRole('region', { name: 'Zones' })).getAllByRole('row');
    expect(zones.map((row) => row.textContent)).toEqual([
      'LevelZoneSL-TSL-AAddress rangesOwner',
      'L4Office office1not assessed10.1.0.0/16',
      'L1Field field3210.40.2.0/24',
    ]);
    expect(screen.getByRole('region', { name: 'Conduits' })).toHaveTextContent('modbus/502 · FC 3');
    expect(screen.getByRole('link', { name: /Change it in Conduit 0/ })).toHaveAttribute(
      'href',
      '/connections/datasources/edit/conduit-0'
    );
  });

  it('names what the validator refuses in a model, and where there is no Conduit datasource says so', () => {
    conduitDataSources(['zones: [{ id: a }]']);
    const { unmount } = renderAt(prefixRoute(ROUTES.ZoneModel));
    expect(screen.getByText('The validator refuses the model')).toBeInTheDocument();
    unmount();

    conduitDataSources([]);
    renderAt(prefixRoute(ROUTES.ZoneModel));
    expect(screen.getByText('No Conduit datasource')).toBeInTheDocument();
  });

  it('lists the rules the zone model generates; an Editor may apply them, a Viewer is told why not', () => {
    measureTextAsEmpty();
    conduitDataSources([MODEL]);
    const parsed = parseZoneModel(MODEL);
    const rules = parsed.ok ? detectionAlertRules(parsed.model) : [];
    expect(rules.length).toBeGreaterThan(0);
    const { unmount } = renderAt(prefixRoute(ROUTES.DetectionRules));
    expect(screen.getByText(new RegExp(`${rules.length} rules from Riverside in Conduit 0`))).toBeInTheDocument();
    for (const rule of rules) {
      expect(screen.getByRole('article', { name: rule.title })).toHaveAttribute('data-rule-uid', rule.uid);
    }
    expect(screen.getByRole('button', { name: /Apply to Grafana/ })).toBeInTheDocument();
    unmount();

    new GrafanaBackend().install('Viewer');
    renderAt(prefixRoute(ROUTES.DetectionRules));
    expect(screen.getByText('You can read and preview these rules but not apply them')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Apply to Grafana/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Export YAML/ })).toBeInTheDocument();
  });
});
