/**
 * @jest-environment jsdom
 *
 * Loads each built module.js as Grafana's plugin loader does: an AMD module whose dependencies are the
 * modules Grafana shares (`react-router` being Grafana's v6 router, react-router-dom-v5-compat) plus the
 * loader's own `module` record. Needs `npm run build:plugins` first.
 */
// What jsdom lacks and @grafana/ui touches at import time, as for the plugins' own tests.
import '../../.config/jest/setupPlugins';

import { AppPlugin, DataSourcePlugin, PanelPlugin, standardEditorsRegistry } from '@grafana/data';
import { type DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import fs from 'fs';
import path from 'path';
import { createElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom-v5-compat';

const APP_DIST = path.resolve(__dirname, '../../app-plugin/dist');

/** What Grafana's loader hands a plugin for each shared name (see sharedDependencies.ts). */
const SHARED_AS: Record<string, string> = { 'react-router': 'react-router-dom-v5-compat' };

interface Loaded {
  exports: Record<string, unknown>;
  publicPath: string;
}

function loadPlugin(nested: string, id: string): Loaded {
  const file = path.join(APP_DIST, nested, 'module.js');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run npm run build first (npm run build:plugins builds the plugins)`);
  }
  let exports: Record<string, unknown> = {};
  const uri = `http://grafana.test/public/plugins/${id}/module.js`;
  const define = (dependencies: string[], factory: (...modules: unknown[]) => Record<string, unknown>) => {
    exports = factory(
      ...dependencies.map((name) => (name === 'module' ? { id, uri } : require(SHARED_AS[name] ?? name)))
    );
  };
  // The bundle runs as a script would, with the loader's define in scope.
  new Function('define', fs.readFileSync(file, 'utf8'))(Object.assign(define, { amd: {} }));
  return { exports, publicPath: uri.slice(0, uri.lastIndexOf('/') + 1) };
}

// Grafana core fills the option editors registry; panels' option builders look their editors up in it.
const EDITORS = ['number', 'slider', 'text', 'strings', 'select', 'multi-select', 'radio', 'boolean', 'color', 'unit'];
standardEditorsRegistry.setInit(() => EDITORS.map((id) => ({ id, name: id, editor: () => null })));

describe('a built plugin loaded like Grafana loads it', () => {
  it.each([
    [
      'panels/zone-topology',
      'conduit-zonetopology-panel',
      {
        assetVariable: 'asset',
        collapseAbove: 40,
        colorField: 'color',
        findingsUrl: '/d/conduit-risk?var-zone=${zone}&var-asset=${asset}',
        incidentUrl: '/a/conduit-itot-app/incidents?new=1&zone=${zone}&asset=${asset}',
        pinned: {},
        showConduits: true,
        zoneVariable: 'zone',
      },
    ],
    [
      'panels/risk-heatmap',
      'conduit-riskheatmap-panel',
      {
        assetVariable: 'asset',
        levels: 5,
        mode: 'auto',
        order: 'purdue',
        showCounts: true,
        showLegend: true,
        topN: 0,
        zoneVariable: 'zone',
      },
    ],
    [
      'panels/anomaly-timeline',
      'conduit-anomalytimeline-panel',
      { laneBy: 'zone', minSeverity: 'low', showChains: true },
    ],
  ])('%s exports a panel plugin with its option defaults', (nested, id, defaults) => {
    const { plugin } = loadPlugin(nested, id).exports;

    expect(plugin).toBeInstanceOf(PanelPlugin);
    expect((plugin as PanelPlugin).defaults).toEqual(defaults);
  });

  it('datasource exports a datasource plugin with config and query editors', () => {
    const { plugin } = loadPlugin('datasource', 'conduit-telemetry-datasource').exports;

    expect(plugin).toBeInstanceOf(DataSourcePlugin);
    const components = (plugin as DataSourcePlugin<never>).components;
    expect(components.ConfigEditor).toBeDefined();
    expect(components.QueryEditor).toBeDefined();
  });

  it('app routes its pages with the router Grafana shares', () => {
    const { plugin } = loadPlugin('', 'conduit-itot-app').exports;
    expect(plugin).toBeInstanceOf(AppPlugin);
    const Root = (plugin as AppPlugin).root;
    expect(Root).toBeDefined();
    // Grafana's datasource service, with no Conduit datasource set up yet.
    setDataSourceSrv({ getList: () => [] } as unknown as DataSourceSrv);

    render(
      createElement(
        MemoryRouter,
        {
          initialEntries: ['/a/conduit-itot-app/zone-model'],
          future: { v7_startTransition: true, v7_relativeSplatPath: true },
        },
        createElement(
          Routes,
          null,
          createElement(Route, { path: '/a/conduit-itot-app/*', element: Root ? createElement(Root as never) : null })
        )
      )
    );

    expect(screen.getByText('No Conduit datasource')).toBeInTheDocument();
  });
});
