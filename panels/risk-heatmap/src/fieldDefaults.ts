import { FieldColorModeId, type FieldConfig, ThresholdsMode } from '@grafana/data';

/** The panel's colours unless the field config says otherwise: the risk bands of the 0 to 100 score. */
export const RISK_FIELD_DEFAULTS: Pick<FieldConfig, 'color' | 'thresholds'> = {
  color: { mode: FieldColorModeId.Thresholds },
  thresholds: {
    mode: ThresholdsMode.Absolute,
    steps: [
      { value: -Infinity, color: 'green' },
      { value: 25, color: 'yellow' },
      { value: 50, color: 'orange' },
      { value: 75, color: 'red' },
    ],
  },
};
