import {
  type Field,
  FieldColorModeId,
  formattedValueToString,
  type GrafanaTheme2,
  ThresholdsMode,
} from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { useTheme2, VizLegend, type VizLegendItem } from '@grafana/ui';

import { colorScaleOf } from '../render/colorScale';

function text(field: Field, value: number): string {
  return field.display ? formattedValueToString(field.display(value)) : String(value);
}

/** Legend items of a field's colours: one per threshold step, or the scheme's gradient from min to max. */
export function legendItems(field: Field, theme: GrafanaTheme2): VizLegendItem[] {
  const mode = field.config.color?.mode;
  const steps = field.config.thresholds?.steps ?? [];
  if ((mode === undefined || mode === FieldColorModeId.Thresholds) && steps.length > 0) {
    const percent = field.config.thresholds?.mode === ThresholdsMode.Percentage;
    const label = (value: number) => (percent ? `${value}%` : text(field, value));
    return steps.map((step, index) => {
      const next = steps[index + 1];
      return {
        label:
          index === 0 && next !== undefined
            ? `< ${label(next.value)}`
            : next === undefined
              ? `${label(step.value)}+`
              : `${label(step.value)} to ${label(next.value)}`,
        color: theme.visualization.getColorByName(step.color),
        yAxis: 1,
      };
    });
  }
  const scale = colorScaleOf(field, theme);
  return [
    {
      label: `${text(field, scale.min)} to ${text(field, scale.max)}`,
      gradient: mode,
      color: scale.css[scale.css.length - 1],
      yAxis: 1,
    },
  ];
}

export function RiskLegend({ field }: { field: Field }) {
  const theme = useTheme2();
  return <VizLegend items={legendItems(field, theme)} displayMode={LegendDisplayMode.List} placement="bottom" />;
}
