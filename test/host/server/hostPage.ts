import { corePanelMetas, corePluginMeta, type PluginEntry, pluginMeta } from './pluginCatalog';
import { permissionMap } from './permissions';
import type { AppSettingsRecord, DataSourceRecord } from './provisioning';
import type { HostUser } from './users';

export interface HostState {
  grafanaVersion: string;
  flavour: string;
  plugins: ReadonlyMap<string, PluginEntry>;
  dataSources: readonly DataSourceRecord[];
  apps: Map<string, AppSettingsRecord>;
  appUrl: string;
}

export function dataSourceMeta(state: HostState, type: string): Record<string, unknown> {
  const plugin = state.plugins.get(type);
  return plugin ? pluginMeta(plugin) : corePluginMeta(type);
}

/** The instance settings of one datasource as /api/frontend/settings lists them (no secure values). */
function instanceSettings(state: HostState, ds: DataSourceRecord): Record<string, unknown> {
  const meta = dataSourceMeta(state, ds.type);
  return {
    id: ds.id,
    uid: ds.uid,
    type: ds.type,
    name: ds.name,
    meta,
    url: `/api/datasources/proxy/uid/${ds.uid}`,
    isDefault: ds.isDefault,
    access: ds.access,
    jsonData: ds.jsonData,
    readOnly: ds.readOnly,
    preload: false,
    module: meta.module,
    database: ds.database,
  };
}

/**
 * Grafana's frontend settings (pkg/api/frontendsettings.go), the part plugins and @grafana/runtime read:
 * datasources by name with their plugin meta and proxy URL, the default datasource, panel plugins, apps,
 * build info. The same object is the boot data's `settings`.
 */
export function frontendSettings(state: HostState): Record<string, unknown> {
  const datasources = Object.fromEntries(state.dataSources.map((ds) => [ds.name, instanceSettings(state, ds)]));
  // Grafana lists its built-in panels with the installed ones; here, the core panels the page draws.
  const panels = {
    ...corePanelMetas(),
    ...Object.fromEntries(
      [...state.plugins.values()]
        .filter((plugin) => plugin.type === 'panel')
        .map((plugin) => [plugin.id, pluginMeta(plugin)])
    ),
  };
  const apps = Object.fromEntries(
    [...state.plugins.values()]
      .filter((plugin) => plugin.type === 'app' && state.apps.get(plugin.id)?.enabled)
      .map((plugin) => {
        const meta = pluginMeta(plugin);
        const info = (plugin.json.info ?? {}) as { version?: string };
        return [
          plugin.id,
          {
            id: plugin.id,
            path: meta.module,
            version: info.version ?? '',
            preload: false,
            angular: { detected: false },
            loadingStrategy: 'script',
            extensions: {
              addedLinks: [],
              addedComponents: [],
              exposedComponents: [],
              extensionPoints: [],
              addedFunctions: [],
            },
            dependencies: plugin.json.dependencies ?? {},
          },
        ];
      })
  );
  return {
    datasources,
    defaultDatasource: state.dataSources.find((ds) => ds.isDefault)?.name ?? state.dataSources[0]?.name,
    panels,
    apps,
    appUrl: state.appUrl,
    appSubUrl: '',
    buildInfo: {
      version: state.grafanaVersion,
      commit: 'conduit-test-host',
      env: 'production',
      edition: 'Open Source',
      latestVersion: '',
      hasUpdate: false,
      hideVersion: false,
    },
    featureToggles: {},
    unifiedAlertingEnabled: true,
    unifiedAlerting: { minInterval: '10s' },
    minRefreshInterval: '5s',
    rendererAvailable: false,
    pluginAdminEnabled: false,
    anonymousEnabled: false,
    licenseInfo: { edition: 'Open Source', stateInfo: '', licenseUrl: '' },
    namespace: 'default',
  };
}

/** `user` of the boot data and GET /api/user (pkg/api/dtos/models.go CurrentUser). */
export function currentUser(user: HostUser, theme: 'light' | 'dark'): Record<string, unknown> {
  return {
    isSignedIn: true,
    id: user.id,
    uid: user.uid,
    login: user.login,
    email: user.email,
    name: user.name,
    theme,
    lightTheme: theme === 'light',
    orgCount: 1,
    orgId: 1,
    orgName: 'Main Org.',
    orgRole: user.role,
    isGrafanaAdmin: user.role === 'Admin',
    gravatarUrl: '',
    timezone: 'browser',
    weekStart: 'browser',
    locale: 'en-US',
    language: 'en-US',
    helpFlags1: 0,
    hasEditPermissionInFolders: user.role !== 'Viewer',
    permissions: permissionMap(user.role),
    analytics: { identifier: user.login },
    fiscalYearStartMonth: 0,
  };
}

function scriptJson(value: unknown): string {
  // Safe inside <script>: no "</script>" or HTML comment can appear.
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The one HTML page every route of the host serves, as Grafana's index.html: boot data and public path set
 * before any script runs, SystemJS with its AMD and named-register extras, then the flavour's shared bundle.
 */
export function hostPageHtml(
  state: HostState,
  user: HostUser,
  theme: 'light' | 'dark',
  omitSharedModules: readonly string[]
): string {
  const bootData = { settings: frontendSettings(state), user: currentUser(user, theme), navTree: [], assets: {} };
  const host = { flavour: state.flavour, omitSharedModules };
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Grafana</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/public/build/shared.css" />
    <script>
      window.__grafana_public_path__ = '/public/';
      window.grafanaBootData = ${scriptJson(bootData)};
      window.__conduitHost = ${scriptJson(host)};
      window.MonacoEnvironment = { getWorkerUrl: () => 'data:text/javascript,' };
    </script>
    <script src="/public/systemjs/system.js"></script>
    <script src="/public/systemjs/extras/amd.js"></script>
    <script src="/public/systemjs/extras/named-register.js"></script>
  </head>
  <body class="theme-${theme}">
    <div id="reactRoot"></div>
    <script src="/public/build/shared.js"></script>
  </body>
</html>
`;
}
