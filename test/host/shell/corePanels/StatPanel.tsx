import {
  type DisplayValueAlignmentFactors,
  type FieldDisplay,
  getDisplayValueAlignmentFactors,
  getFieldDisplayValues,
  type PanelProps,
  PanelPlugin,
  type ReduceDataOptions,
  VizOrientation,
} from '@grafana/data';
import type { PercentChangeColorMode, VizTextDisplayOptions } from '@grafana/schema';
import {
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  commonOptionsBuilder,
  useTheme2,
  VizRepeater,
  type VizRepeaterRenderValueProps,
} from '@grafana/ui';
import { useCallback } from 'react';

import { addOptionDefault } from './corePanelOptions';

/** The options of Grafana's stat panel (public/app/plugins/panel/stat/panelcfg.cue). */
interface StatOptions {
  reduceOptions: ReduceDataOptions;
  orientation: VizOrientation;
  text?: VizTextDisplayOptions;
  colorMode: BigValueColorMode;
  graphMode: BigValueGraphMode;
  justifyMode: BigValueJustifyMode;
  textMode: BigValueTextMode;
  wideLayout: boolean;
  showPercentChange: boolean;
  percentChangeColorMode?: PercentChangeColorMode;
}

/** Grafana's stat panel: each reduced value a @grafana/ui BigValue, laid out by VizRepeater. */
function StatPanel({
  data,
  options,
  fieldConfig,
  replaceVariables,
  timeZone,
  width,
  height,
  renderCounter,
}: PanelProps<StatOptions>) {
  const theme = useTheme2();
  const getValues = useCallback(
    (): FieldDisplay[] =>
      getFieldDisplayValues({
        fieldConfig,
        reduceOptions: options.reduceOptions,
        replaceVariables,
        theme,
        data: data.series,
        sparkline: options.graphMode !== BigValueGraphMode.None,
        percentChange: options.showPercentChange,
        timeZone,
      }),
    [data.series, fieldConfig, options, replaceVariables, theme, timeZone]
  );
  const renderValue = ({
    value,
    alignmentFactors,
    width: valueWidth,
    height: valueHeight,
    count,
  }: VizRepeaterRenderValueProps<FieldDisplay, DisplayValueAlignmentFactors>) => (
    <BigValue
      value={value.display}
      count={count}
      sparkline={value.sparkline}
      colorMode={options.colorMode}
      graphMode={options.graphMode}
      justifyMode={options.justifyMode}
      textMode={options.textMode}
      alignmentFactors={alignmentFactors}
      text={options.text}
      width={valueWidth}
      height={valueHeight}
      theme={theme}
      percentChangeColorMode={options.percentChangeColorMode}
      disableWideLayout={!options.wideLayout}
    />
  );
  return (
    <VizRepeater
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={renderValue}
      width={width}
      height={height}
      source={data}
      itemSpacing={3}
      renderCounter={renderCounter}
      autoGrid={true}
      orientation={options.orientation}
    />
  );
}

/** The stat panel with Grafana's defaults (public/app/plugins/panel/stat/module.tsx): the last value, coloured. */
export function statPanelPlugin(): PanelPlugin<StatOptions> {
  return new PanelPlugin<StatOptions>(StatPanel).useFieldConfig().setPanelOptions((builder) => {
    addOptionDefault(builder, 'reduceOptions', { values: false, calcs: ['lastNotNull'], fields: '' });
    addOptionDefault(builder, 'orientation', VizOrientation.Auto);
    commonOptionsBuilder.addTextSizeOptions(builder);
    addOptionDefault(builder, 'textMode', BigValueTextMode.Auto);
    addOptionDefault(builder, 'wideLayout', true);
    addOptionDefault(builder, 'colorMode', BigValueColorMode.Value);
    addOptionDefault(builder, 'graphMode', BigValueGraphMode.Area);
    addOptionDefault(builder, 'justifyMode', BigValueJustifyMode.Auto);
    addOptionDefault(builder, 'showPercentChange', false);
    addOptionDefault(builder, 'percentChangeColorMode', 'standard');
  });
}
