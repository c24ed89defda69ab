import { PanelPlugin } from '@grafana/data';

import { ZoneTopologyPanel } from './components/ZoneTopologyPanel';
import type { ZoneTopologyOptions } from './types';

export const plugin = new PanelPlugin<ZoneTopologyOptions>(ZoneTopologyPanel)
  // Saved panels of the first version had a node width; the map now sizes boxes itself and zooms.
  .setMigrationHandler((panel) => {
    const options = { ...(panel.options as Partial<ZoneTopologyOptions> & { nodeWidth?: number }) };
    delete options.nodeWidth;
    return options;
  })
  .useFieldConfig()
  .setPanelOptions((builder) =>
    builder
      .addBooleanSwitch({
        path: 'showConduits',
        name: 'Show conduits',
        description: 'Draw the conduits, the declared zone-to-zone policy, as dashed blue lines.',
        defaultValue: true,
      })
      .addNumberInput({
        path: 'collapseAbove',
        name: 'Collapse zones above',
        description: 'Zones with more assets than this start collapsed; double-click a zone to expand it.',
        defaultValue: 40,
        settings: { min: 0, integer: true },
      })
      .addTextInput({
        path: 'colorField',
        name: 'Colour field',
        description:
          'The numeric node field whose thresholds or colour scheme (Standard options) colour zones and assets.',
        defaultValue: 'color',
      })
      .addTextInput({
        path: 'zoneVariable',
        name: 'Zone variable',
        description: 'The dashboard variable a click on a zone or asset sets to its zone; empty sets none.',
        defaultValue: 'zone',
      })
      .addTextInput({
        path: 'assetVariable',
        name: 'Asset variable',
        description: 'The dashboard variable a click on an asset sets to its name; empty sets none.',
        defaultValue: 'asset',
      })
      .addTextInput({
        path: 'findingsUrl',
        name: 'Findings link',
        description: 'Where "Findings for this asset" goes; ${zone} and ${asset} are filled in.',
        defaultValue: '/d/conduit-risk?var-zone=${zone}&var-asset=${asset}',
      })
      .addTextInput({
        path: 'incidentUrl',
        name: 'Incident link',
        description: 'Where "Open incident" goes, the entity prefilled; ${zone} and ${asset} are filled in.',
        defaultValue: '/a/conduit-itot-app/incidents?new=1&zone=${zone}&asset=${asset}',
      })
      .addCustomEditor({
        id: 'pinned',
        path: 'pinned',
        name: 'Pinned positions',
        description: 'Zones and assets dragged on the map keep their place; right-click one to unpin it.',
        defaultValue: {},
        editor: () => null,
      })
  );
