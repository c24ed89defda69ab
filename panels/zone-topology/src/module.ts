import { PanelPlugin } from '@grafana/data';

import { ZoneTopologyPanel } from './components/ZoneTopologyPanel';
import type { ZoneTopologyOptions } from './types';

export const plugin = new PanelPlugin<ZoneTopologyOptions>(ZoneTopologyPanel).setPanelOptions((builder) =>
  builder
    .addBooleanSwitch({
      path: 'showConduits',
      name: 'Show conduits',
      description: 'Draw the conduits between zones and assets.',
      defaultValue: true,
    })
    .addSliderInput({
      path: 'nodeWidth',
      name: 'Node width',
      description: 'The widest a node box gets; boxes narrow and wrap when a Purdue level has many zones.',
      defaultValue: 120,
      settings: { min: 60, max: 240, step: 10 },
    })
);
