/**
 * The suite's plugins and where each one lands in the installable folder.
 *
 * The app is the one thing an admin installs, so its `dist/` nests the datasource and the panels, each in a
 * folder of its own with its own plugin.json and module.js (Grafana's nested plugins). Ids and types are
 * read from each plugin's `src/plugin.json`, the one place they are written.
 */
export interface PluginBuild {
  /** Workspace folder, relative to the repository root. */
  dir: string;
  /** Folder inside the app's dist; '' for the app itself. */
  nestedPath: string;
}

export const SUITE_DIST = 'app-plugin/dist';

export const PLUGINS: readonly PluginBuild[] = [
  { dir: 'app-plugin', nestedPath: '' },
  { dir: 'datasource', nestedPath: 'datasource' },
  { dir: 'panels/zone-topology', nestedPath: 'panels/zone-topology' },
  { dir: 'panels/risk-heatmap', nestedPath: 'panels/risk-heatmap' },
  { dir: 'panels/anomaly-timeline', nestedPath: 'panels/anomaly-timeline' },
];
