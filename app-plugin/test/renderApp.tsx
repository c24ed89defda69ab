import type { AppPluginMeta, AppRootProps } from '@grafana/data';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { MemoryRouter as GrafanaRouter } from 'react-router-dom-v5-compat';

import { App } from '../src/components/App';
import { PLUGIN_BASE_URL } from '../src/routes';
import type { AppSettings } from '../src/types';

/**
 * Grafana's UI measures text on a canvas (Combobox), which jsdom lacks: text measures as empty, which layout in
 * these tests does not depend on.
 */
export function measureTextAsEmpty(): void {
  jest
    .spyOn(HTMLCanvasElement.prototype, 'getContext')
    .mockReturnValue({ measureText: () => ({ width: 0 }), font: '' } as unknown as CanvasRenderingContext2D);
}

/**
 * The app's root at `url`, mounted as Grafana mounts it: under its own router at /a/<id>/*, inside Grafana's
 * router (which @grafana/ui's links use; in Grafana both are one module, here they are two).
 */
export function renderApp(url: string, jsonData: AppSettings = {}) {
  const props: AppRootProps<AppSettings> = {
    basename: PLUGIN_BASE_URL,
    meta: { id: 'conduit-itot-app', jsonData } as AppPluginMeta<AppSettings>,
    path: url,
    query: {},
    onNavChanged: jest.fn(),
  };
  return render(
    <GrafanaRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Routes>
          <Route path={`${PLUGIN_BASE_URL}/*`} element={<App {...props} />} />
        </Routes>
      </MemoryRouter>
    </GrafanaRouter>
  );
}
