import {
  AppPlugin,
  type AppPluginMeta,
  type DataQuery,
  type DataSourceApi,
  type DataSourceJsonData,
  type DataSourcePlugin,
  type DataSourcePluginMeta,
  PanelPlugin,
  type PanelPluginMeta,
} from '@grafana/data';

import { coreDataSourcePlugin } from './coreDataSources/coreDataSourcePlugins';
import { CORE_MODULE_PREFIX } from './corePanels/corePanelCatalog';
import { corePanelPlugin } from './corePanels/corePanelPlugins';

type GenericDataSourcePlugin = DataSourcePlugin<DataSourceApi<DataQuery, DataSourceJsonData>>;

const modules = new Map<string, Promise<Record<string, unknown>>>();

/**
 * Imports a plugin's module.js with SystemJS, as Grafana's plugin loader does (importPluginModule): the
 * bundle is AMD, its dependencies resolve through the import map of shared modules, and the AMD `module`
 * dependency carries the module URL, from which webpack derives where the plugin's lazy chunks are.
 */
export function importPluginModule(path: string): Promise<Record<string, unknown>> {
  const url = new URL(path.startsWith('/') ? path : `/${path}`, window.location.origin).href;
  let loading = modules.get(url);
  if (!loading) {
    loading = System.import(url) as Promise<Record<string, unknown>>;
    modules.set(url, loading);
    // A failed import is not cached: a later attempt (after a fix, in the preview) tries again.
    loading.catch(() => modules.delete(url));
  }
  return loading;
}

function pluginExport(exports: Record<string, unknown>, id: string): unknown {
  if (!('plugin' in exports)) {
    throw new Error(`the module of ${id} has no "plugin" export`);
  }
  return exports.plugin;
}

const panels = new Map<string, Promise<PanelPlugin>>();

/** A core panel's plugin, as Grafana resolves a `core:plugin/<id>` module to its built-in plugin. */
async function importCorePanelPlugin(meta: PanelPluginMeta): Promise<PanelPlugin> {
  const plugin = corePanelPlugin(meta.module.slice(CORE_MODULE_PREFIX.length));
  if (!plugin) {
    throw new Error(`${meta.module} is not a core panel the host draws`);
  }
  plugin.meta = { ...plugin.meta, ...meta };
  return plugin;
}

/**
 * Grafana's importPanelPlugin: the module's `plugin` export, which must be a PanelPlugin, given its meta; for
 * a core panel, the host's own plugin.
 */
export function importPanelPlugin(meta: PanelPluginMeta): Promise<PanelPlugin> {
  let loading = panels.get(meta.id);
  if (!loading && meta.module.startsWith(CORE_MODULE_PREFIX)) {
    loading = importCorePanelPlugin(meta);
    panels.set(meta.id, loading);
  }
  if (!loading) {
    loading = importPluginModule(meta.module).then((exports) => {
      const plugin = pluginExport(exports, meta.id);
      if (!(plugin instanceof PanelPlugin)) {
        throw new Error(`the "plugin" export of ${meta.id} is not a PanelPlugin of the shared @grafana/data`);
      }
      plugin.meta = { ...plugin.meta, ...meta };
      return plugin;
    });
    panels.set(meta.id, loading);
    loading.catch(() => panels.delete(meta.id));
  }
  return loading;
}

/** The `plugin` export of a core datasource's module (`core:plugin/<id>`): the host's own, if it runs that type. */
function coreDataSourceExport(meta: DataSourcePluginMeta): unknown {
  const plugin = coreDataSourcePlugin(meta.id);
  if (!plugin) {
    throw new Error(`Grafana core datasource ${meta.id}: not part of the test host`);
  }
  return plugin;
}

/** Grafana's importDataSourcePlugin, core datasources included. */
export async function importDataSourcePlugin(meta: DataSourcePluginMeta): Promise<GenericDataSourcePlugin> {
  const exported = meta.module.startsWith(CORE_MODULE_PREFIX)
    ? coreDataSourceExport(meta)
    : pluginExport(await importPluginModule(meta.module), meta.id);
  const plugin = exported as GenericDataSourcePlugin;
  if (typeof plugin !== 'object' || plugin === null || typeof plugin.DataSourceClass !== 'function') {
    throw new Error(`the "plugin" export of ${meta.id} is not a DataSourcePlugin`);
  }
  plugin.meta = meta;
  return plugin;
}

/** Grafana's importAppPlugin: loads the module, then `init(meta)` as AppRootPage does. */
export async function importAppPlugin(meta: AppPluginMeta): Promise<AppPlugin> {
  const plugin = pluginExport(await importPluginModule(meta.module), meta.id);
  if (!(plugin instanceof AppPlugin)) {
    throw new Error(`the "plugin" export of ${meta.id} is not an AppPlugin of the shared @grafana/data`);
  }
  plugin.meta = meta;
  plugin.init(meta);
  return plugin;
}
