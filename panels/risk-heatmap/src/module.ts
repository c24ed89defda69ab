import { FieldConfigProperty, PanelPlugin } from '@grafana/data';

import { RiskHeatmapPanel } from './components/RiskHeatmapPanel';
import { RISK_FIELD_DEFAULTS } from './fieldDefaults';
import type { RiskHeatmapOptions } from './types';

export const plugin = new PanelPlugin<RiskHeatmapOptions>(RiskHeatmapPanel)
  // Saved panels of the first version had `scale` where `levels` is now.
  .setMigrationHandler((panel) => {
    const options = { ...(panel.options as Partial<RiskHeatmapOptions> & { scale?: 3 | 5 }) };
    if (options.scale !== undefined && options.levels === undefined) {
      options.levels = options.scale;
    }
    delete options.scale;
    return options;
  })
  .useFieldConfig({
    standardOptions: {
      [FieldConfigProperty.Color]: { defaultValue: RISK_FIELD_DEFAULTS.color },
      [FieldConfigProperty.Thresholds]: { defaultValue: RISK_FIELD_DEFAULTS.thresholds },
    },
  })
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'mode',
        name: 'Mode',
        description: 'Auto draws the matrix for scores per entity and the timeline for scores over time.',
        defaultValue: 'auto',
        settings: {
          options: [
            { value: 'auto', label: 'Auto' },
            { value: 'matrix', label: 'Matrix' },
            { value: 'timeline', label: 'Timeline' },
          ],
        },
      })
      .addRadio({
        path: 'levels',
        name: 'Matrix levels',
        description: 'Levels of likelihood and impact on each axis; every entity stays on the matrix.',
        defaultValue: 5,
        settings: {
          options: [
            { value: 3, label: '3 x 3' },
            { value: 5, label: '5 x 5' },
          ],
        },
        showIf: (options) => options.mode !== 'timeline',
      })
      .addBooleanSwitch({
        path: 'showCounts',
        name: 'Show counts',
        description: 'Print how many zones or assets fall in each cell of the matrix.',
        defaultValue: true,
        showIf: (options) => options.mode !== 'timeline',
      })
      .addRadio({
        path: 'order',
        name: 'Timeline order',
        description: 'Rows grouped by zone, ordered as the Purdue model is drawn or by peak risk.',
        defaultValue: 'purdue',
        settings: {
          options: [
            { value: 'purdue', label: 'Purdue level' },
            { value: 'peak', label: 'Peak risk' },
          ],
        },
        showIf: (options) => options.mode !== 'matrix',
      })
      .addNumberInput({
        path: 'topN',
        name: 'Top N rows',
        description: 'Keep the rows of highest peak risk; 0 keeps every row.',
        defaultValue: 0,
        settings: { min: 0, integer: true },
        showIf: (options) => options.mode !== 'matrix',
      })
      .addTextInput({
        path: 'zoneVariable',
        name: 'Zone variable',
        description: 'Dashboard variable a click sets to the zones picked (without $); empty sets none.',
        defaultValue: 'zone',
      })
      .addTextInput({
        path: 'assetVariable',
        name: 'Asset variable',
        description: 'Dashboard variable a click sets to the assets picked (without $); empty sets none.',
        defaultValue: 'asset',
      })
      .addBooleanSwitch({
        path: 'showLegend',
        name: 'Legend',
        description: 'The colours of the scores, from the thresholds or colour scheme.',
        defaultValue: true,
      })
  );
