/**
 * The Grafana core panels the host draws, by plugin id, with the name and description Grafana gives each
 * (public/app/plugins/panel/<id>/plugin.json). The server lists them in the frontend settings with a
 * `core:plugin/<id>` module, as Grafana lists its built-in panels; a type missing here stays a placeholder
 * that says the host does not draw it.
 */
export interface CorePanel {
  name: string;
  description: string;
  /** Grafana runs no queries for it (plugin.json `skipDataQuery`). */
  skipDataQuery?: boolean;
}

export const CORE_PANELS = {
  table: { name: 'Table', description: 'Supports many column styles' },
  timeseries: { name: 'Time series', description: 'Time based line, area and bar charts' },
  stat: { name: 'Stat', description: 'Big stat values & sparklines' },
  text: { name: 'Text', description: 'Supports markdown and html content', skipDataQuery: true },
  nodeGraph: { name: 'Node Graph', description: 'Node graph panel' },
} as const satisfies Record<string, CorePanel>;

export type CorePanelId = keyof typeof CORE_PANELS;

/** Grafana's module path for a built-in plugin (public/app/features/plugins/built_in_plugins.ts). */
export const CORE_MODULE_PREFIX = 'core:plugin/';

export function isCorePanelId(id: string): id is CorePanelId {
  return Object.prototype.hasOwnProperty.call(CORE_PANELS, id);
}
