import { PanelPlugin } from '@grafana/data';

import { RiskHeatmapPanel } from './components/RiskHeatmapPanel';
import type { RiskHeatmapOptions } from './types';

export const plugin = new PanelPlugin<RiskHeatmapOptions>(RiskHeatmapPanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'scale',
      name: 'Scale',
      description: 'Levels of likelihood and impact on each axis.',
      defaultValue: 5,
      settings: {
        options: [
          { value: 3, label: '3 x 3' },
          { value: 5, label: '5 x 5' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showCounts',
      name: 'Show counts',
      description: 'Print how many zones or assets fall in each cell.',
      defaultValue: true,
    })
);
