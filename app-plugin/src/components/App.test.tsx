import type { AppPluginMeta, AppRootProps } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';

import { PLUGIN_BASE_URL, prefixRoute, ROUTES } from '../routes';
import type { AppSettings } from '../types';
import { App } from './App';

function renderAt(url: string) {
  const props: AppRootProps<AppSettings> = {
    basename: PLUGIN_BASE_URL,
    meta: { id: 'conduit-itot-app', jsonData: {} } as AppPluginMeta<AppSettings>,
    path: url,
    query: {},
    onNavChanged: jest.fn(),
  };
  // Grafana mounts an app's root page under its own router at /a/<id>/*.
  return render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route path={`${PLUGIN_BASE_URL}/*`} element={<App {...props} />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('App', () => {
  it.each([
    [ROUTES.Incidents, 'No incidents yet'],
    [ROUTES.DetectionRules, 'No detection rules yet'],
    [ROUTES.ZoneModel, 'No zone model loaded'],
  ])('shows the %s page at its own address', (route, heading) => {
    renderAt(prefixRoute(route));

    expect(screen.getByText(heading)).toBeInTheDocument();
  });

  it.each([PLUGIN_BASE_URL, `${PLUGIN_BASE_URL}/no-such-page`])(
    'opens on incidents, the default page, at %s',
    (url) => {
      renderAt(url);

      expect(screen.getByText('No incidents yet')).toBeInTheDocument();
    }
  );
});
