import { SEVERITIES } from '@conduit/core';
import { PanelPlugin } from '@grafana/data';

import { AnomalyTimelinePanel } from './components/AnomalyTimelinePanel';
import type { AnomalyTimelineOptions } from './types';

export const plugin = new PanelPlugin<AnomalyTimelineOptions>(AnomalyTimelinePanel)
  .useFieldConfig()
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'laneBy',
        name: 'Lanes by',
        description: 'What names a finding’s swimlane. Zones are ordered by Purdue level, top down.',
        defaultValue: 'zone',
        settings: {
          options: [
            { value: 'zone', label: 'Zone' },
            { value: 'asset', label: 'Asset' },
            { value: 'category', label: 'Category' },
            { value: 'technique', label: 'ATT&CK technique' },
          ],
        },
      })
      .addSelect({
        path: 'minSeverity',
        name: 'Minimum severity',
        defaultValue: 'low',
        settings: { options: SEVERITIES.map((severity) => ({ value: severity, label: severity })) },
      })
      .addBooleanSwitch({
        path: 'showChains',
        name: 'Show chains',
        description: 'Join the steps of each correlated chain (add a chains query) with a line across lanes.',
        defaultValue: true,
      })
  );
