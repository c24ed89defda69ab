import type { PanelPlugin } from '@grafana/data';

import { type CorePanelId, isCorePanelId } from './corePanelCatalog';
import { nodeGraphPanelPlugin } from './NodeGraphPanel';
import { statPanelPlugin } from './StatPanel';
import { tablePanelPlugin } from './TablePanel';
import { textPanelPlugin } from './TextPanel';
import { timeSeriesPanelPlugin } from './TimeSeriesPanel';

const MAKERS: Record<CorePanelId, () => PanelPlugin> = {
  table: tablePanelPlugin,
  timeseries: timeSeriesPanelPlugin,
  stat: statPanelPlugin,
  text: textPanelPlugin,
  nodeGraph: nodeGraphPanelPlugin,
};

const made = new Map<CorePanelId, PanelPlugin>();

/**
 * The host's plugin for a Grafana core panel, made once, as Grafana keeps its built-in panel plugins
 * (public/app/features/plugins/built_in_plugins.ts); undefined for a type the host does not draw.
 */
export function corePanelPlugin(id: string): PanelPlugin | undefined {
  if (!isCorePanelId(id)) {
    return undefined;
  }
  let plugin = made.get(id);
  if (!plugin) {
    plugin = MAKERS[id]();
    made.set(id, plugin);
  }
  return plugin;
}
