import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { CORE_MODULE_PREFIX, CORE_PANELS, type CorePanel } from '../shell/corePanels/corePanelCatalog';

/** A built plugin found on disk: its plugin.json and the folder served as public/plugins/<id>/. */
export interface PluginEntry {
  id: string;
  type: 'app' | 'datasource' | 'panel' | string;
  name: string;
  dir: string;
  json: Record<string, unknown>;
}

/** Grafana core plugins the provisioning may name, which the host knows by name only (no module to load). */
const CORE_PLUGINS: Record<string, { name: string; type: string }> = {
  influxdb: { name: 'InfluxDB', type: 'datasource' },
  prometheus: { name: 'Prometheus', type: 'datasource' },
  loki: { name: 'Loki', type: 'datasource' },
  grafana: { name: '-- Grafana --', type: 'datasource' },
};

function findPluginJsons(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') {
      continue;
    }
    if (statSync(path).isDirectory()) {
      found.push(...findPluginJsons(path));
    } else if (name === 'plugin.json') {
      found.push(path);
    }
  }
  return found;
}

/**
 * Every plugin.json under the given folders (the app's dist holds the nested datasource and panels, each
 * in its own folder), as Grafana's plugin finder walks a plugin folder. A plugin id seen twice is an error.
 */
export function scanPlugins(dirs: readonly string[]): Map<string, PluginEntry> {
  const plugins = new Map<string, PluginEntry>();
  for (const file of dirs.flatMap(findPluginJsons)) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const id = String(json.id ?? '');
    if (id === '') {
      throw new Error(`${file}: plugin.json has no id`);
    }
    if (plugins.has(id)) {
      throw new Error(`${file}: plugin id ${id} is also in ${plugins.get(id)?.dir}`);
    }
    plugins.set(id, { id, type: String(json.type), name: String(json.name ?? id), dir: join(file, '..'), json });
  }
  return plugins;
}

export function baseUrl(id: string): string {
  return `public/plugins/${id}`;
}

/** The plugin meta Grafana puts into its frontend settings and datasource settings (plugin.json plus paths). */
export function pluginMeta(entry: PluginEntry): Record<string, unknown> {
  return {
    ...entry.json,
    id: entry.id,
    type: entry.type,
    name: entry.name,
    module: `${baseUrl(entry.id)}/module.js`,
    baseUrl: baseUrl(entry.id),
    signature: 'unsigned',
    angular: { detected: false },
    loadingStrategy: 'script',
    hideFromList: false,
    sort: 100,
    skipDataQuery: entry.json.skipDataQuery === true,
    state: entry.json.state ?? '',
  };
}

/** Meta for a core plugin type named in the provisioning: enough for lists, no module to load. */
export function corePluginMeta(id: string): Record<string, unknown> {
  const core = CORE_PLUGINS[id] ?? { name: id, type: 'datasource' };
  return {
    id,
    type: core.type,
    name: core.name,
    info: {
      author: { name: 'Grafana Labs' },
      description: `Grafana core plugin ${id}`,
      logos: { small: '', large: '' },
      links: [],
      screenshots: [],
      version: '',
      updated: '',
    },
    module: `core:plugin/${id}`,
    baseUrl: `public/app/plugins/datasource/${id}`,
    builtIn: true,
    metrics: true,
    annotations: true,
    alerting: true,
    backend: true,
  };
}

/** Meta of a Grafana core panel the host draws: its module is `core:plugin/<id>`, which the page resolves. */
function corePanelMeta(id: string, panel: CorePanel): Record<string, unknown> {
  return {
    id,
    type: 'panel',
    name: panel.name,
    info: {
      author: { name: 'Grafana Labs', url: 'https://grafana.com' },
      description: panel.description,
      logos: { small: '', large: '' },
      links: [],
      screenshots: [],
      version: '',
      updated: '',
    },
    module: `${CORE_MODULE_PREFIX}${id}`,
    baseUrl: `public/app/plugins/panel/${id}`,
    signature: 'internal',
    angular: { detected: false },
    loadingStrategy: 'script',
    hideFromList: false,
    sort: 100,
    skipDataQuery: panel.skipDataQuery === true,
    state: '',
  };
}

/** Every core panel the host draws, by id, as the frontend settings list panels. */
export function corePanelMetas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(CORE_PANELS).map(([id, panel]) => [id, corePanelMeta(id, panel)]));
}
