import {
  type DataFrame,
  type Field,
  FieldColorModeId,
  FieldType,
  formattedValueToString,
  getFieldDisplayName,
  type PanelProps,
  PanelPlugin,
} from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import type { GraphFieldConfig, VizLegendOptions, VizTooltipOptions } from '@grafana/schema';
import {
  commonOptionsBuilder,
  SeriesTable,
  type SeriesTableRowProps,
  StackingMode,
  TimeSeries,
  TooltipDisplayMode,
  TooltipPlugin2,
} from '@grafana/ui';
import { type ComponentProps, useMemo } from 'react';

import { AnnotationMarks } from './AnnotationMarks';
import { addFieldOptionDefault } from './corePanelOptions';

/** The options of Grafana's time series panel (public/app/plugins/panel/timeseries/panelcfg.cue) the host uses. */
interface TimeSeriesOptions {
  legend: VizLegendOptions;
  tooltip: VizTooltipOptions;
}

type HoverMode = ComponentProps<typeof TooltipPlugin2>['hoverMode'];
// TooltipHoverMode is a const enum @grafana/ui does not export: its members xOne and xAll by value.
const HOVER_ONE_SERIES: HoverMode = 0;
const HOVER_ALL_SERIES: HoverMode = 1;

/**
 * What a time series can draw, as Grafana's prepareGraphableFields decides in brief: frames with a time field
 * and number fields, booleans as 0 and 1; other fields left out, frames without both left out.
 */
export function graphableFrames(series: DataFrame[]): DataFrame[] {
  return series.flatMap((frame) => {
    const time = frame.fields.find((field) => field.type === FieldType.time);
    const values = frame.fields.flatMap((field): Field[] => {
      if (field.type === FieldType.number) {
        return [field];
      }
      if (field.type === FieldType.boolean) {
        const numbers = field.values.map((value) => (value === null || value === undefined ? null : value ? 1 : 0));
        return [{ ...field, type: FieldType.number, values: numbers }];
      }
      return [];
    });
    return time && values.length > 0 ? [{ ...frame, fields: [time, ...values] }] : [];
  });
}

/** The series' values at the hovered time, in the table Grafana's graph tooltips use. */
function HoverValues({
  frame,
  dataIdxs,
  seriesIdx,
  mode,
}: {
  frame: DataFrame;
  dataIdxs: Array<number | null>;
  seriesIdx: number | null;
  mode: TooltipDisplayMode;
}) {
  const timeIndex = dataIdxs[0];
  if (timeIndex === null || timeIndex === undefined) {
    return null;
  }
  const [time, ...fields] = frame.fields;
  const shown = fields
    .map((field, index) => ({ field, fieldIndex: index + 1 }))
    .filter(({ field, fieldIndex }) => {
      const hovered = dataIdxs[fieldIndex];
      const hidden = Boolean(field.config.custom?.hideFrom?.tooltip);
      return !hidden && hovered !== null && (mode === TooltipDisplayMode.Multi || fieldIndex === seriesIdx);
    });
  const rows: SeriesTableRowProps[] = shown.map(({ field, fieldIndex }) => {
    const value = field.values[dataIdxs[fieldIndex] ?? timeIndex];
    const display = field.display?.(value);
    return {
      label: getFieldDisplayName(field, frame),
      value: display ? formattedValueToString(display) : String(value),
      color: display?.color,
      isActive: fieldIndex === seriesIdx,
    };
  });
  const timeDisplay = time.display?.(time.values[timeIndex]);
  return <SeriesTable timestamp={timeDisplay ? formattedValueToString(timeDisplay) : undefined} series={rows} />;
}

/**
 * Grafana's time series panel drawn with @grafana/ui's TimeSeries (uPlot), its legend, TooltipPlugin2 and the
 * dashboard's annotations.
 */
function TimeSeriesPanel({
  id,
  data,
  timeRange,
  timeZone,
  width,
  height,
  options,
  fieldConfig,
  onChangeTimeRange,
}: PanelProps<TimeSeriesOptions>) {
  const frames = useMemo(() => graphableFrames(data.series), [data.series]);
  if (frames.length === 0) {
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} needsTimeField needsNumberField />;
  }
  const tooltipMode = options.tooltip?.mode ?? TooltipDisplayMode.Single;
  return (
    <TimeSeries
      frames={frames}
      structureRev={data.structureRev}
      timeRange={timeRange}
      timeZone={timeZone}
      width={width}
      height={height}
      legend={options.legend}
      options={options}
    >
      {(uplotConfig, alignedFrame) => (
        <>
          <AnnotationMarks config={uplotConfig} annotations={data.annotations} />
          {tooltipMode !== TooltipDisplayMode.None && (
            <TooltipPlugin2
              config={uplotConfig}
              hoverMode={tooltipMode === TooltipDisplayMode.Multi ? HOVER_ALL_SERIES : HOVER_ONE_SERIES}
              queryZoom={onChangeTimeRange}
              clientZoom={true}
              render={(_plot, dataIdxs, seriesIdx) => (
                <HoverValues frame={alignedFrame} dataIdxs={dataIdxs} seriesIdx={seriesIdx} mode={tooltipMode} />
              )}
            />
          )}
        </>
      )}
    </TimeSeries>
  );
}

const numeric = (field: Field) => field.type === FieldType.number;

/**
 * The time series panel with Grafana's defaults (public/app/plugins/panel/timeseries/config.ts,
 * defaultGraphConfig): lines of width 1 without fill or stacking, points shown when sparse, classic palette.
 */
export function timeSeriesPanelPlugin(): PanelPlugin<TimeSeriesOptions, GraphFieldConfig> {
  return new PanelPlugin<TimeSeriesOptions, GraphFieldConfig>(TimeSeriesPanel)
    .useFieldConfig({
      standardOptions: { color: { defaultValue: { mode: FieldColorModeId.PaletteClassic } } },
      useCustomConfig: (builder) => {
        addFieldOptionDefault(builder, 'drawStyle', 'line');
        addFieldOptionDefault(builder, 'lineInterpolation', 'linear');
        addFieldOptionDefault(builder, 'barAlignment', 0);
        addFieldOptionDefault(builder, 'barWidthFactor', 0.6);
        addFieldOptionDefault(builder, 'lineWidth', 1);
        addFieldOptionDefault(builder, 'fillOpacity', 0);
        addFieldOptionDefault(builder, 'gradientMode', 'none');
        addFieldOptionDefault(builder, 'lineStyle', { fill: 'solid' }, numeric);
        addFieldOptionDefault(builder, 'spanNulls', false, (field) => field.type !== FieldType.time);
        addFieldOptionDefault(builder, 'insertNulls', false, (field) => field.type !== FieldType.time);
        addFieldOptionDefault(builder, 'showPoints', 'auto');
        addFieldOptionDefault(builder, 'pointSize', 5);
        addFieldOptionDefault(builder, 'thresholdsStyle', { mode: 'off' });
        commonOptionsBuilder.addStackingConfig(builder, { mode: StackingMode.None, group: 'A' });
        commonOptionsBuilder.addAxisConfig(builder, {
          axisGridShow: true,
          axisCenteredZero: false,
          axisBorderShow: false,
        });
        commonOptionsBuilder.addHideFrom(builder);
      },
    })
    .setPanelOptions((builder) => {
      commonOptionsBuilder.addTooltipOptions(builder);
      commonOptionsBuilder.addLegendOptions(builder);
    });
}
