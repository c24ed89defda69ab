import { ALERT_SEVERITIES } from '@conduit/core';
import { PanelPlugin } from '@grafana/data';

import { AnomalyTimelinePanel } from './components/AnomalyTimelinePanel';
import type { AnomalyTimelineOptions } from './types';

export const plugin = new PanelPlugin<AnomalyTimelineOptions>(AnomalyTimelinePanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'laneBy',
      name: 'Lanes by',
      description: 'Which field of an anomaly names its swimlane.',
      defaultValue: 'zone',
      settings: {
        options: [
          { value: 'zone', label: 'Zone' },
          { value: 'asset', label: 'Asset' },
          { value: 'category', label: 'Category' },
        ],
      },
    })
    .addSelect({
      path: 'minSeverity',
      name: 'Minimum severity',
      defaultValue: 'low',
      settings: { options: ALERT_SEVERITIES.map((severity) => ({ value: severity, label: severity })) },
    })
);
