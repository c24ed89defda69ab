import { css } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps, getFrameDisplayName, PanelPlugin } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import type { TableCellHeight } from '@grafana/schema';
import {
  commonOptionsBuilder,
  Select,
  Table,
  type TableFooterCalc,
  type TableSortByFieldState,
  useStyles2,
} from '@grafana/ui';
import { useState } from 'react';

import { addFieldOptionDefault, addOptionDefault } from './corePanelOptions';

/** The options of Grafana's table panel (public/app/plugins/panel/table/panelcfg.cue) the host uses. */
interface TableOptions {
  showHeader: boolean;
  cellHeight?: TableCellHeight;
  footer?: TableFooterCalc;
  sortBy?: TableSortByFieldState[];
  frameIndex: number;
  showTypeIcons?: boolean;
}

const FRAME_SELECT_HEIGHT = 40;

/**
 * Grafana's table panel drawn with @grafana/ui's Table: one frame at a time, with a picker when the queries
 * return several, as the core panel does.
 */
function TablePanel({
  id,
  data,
  width,
  height,
  options,
  fieldConfig,
  timeRange,
  replaceVariables,
}: PanelProps<TableOptions>) {
  const styles = useStyles2(getStyles);
  const [chosenFrame, setChosenFrame] = useState<number | undefined>(undefined);
  const frames = data.series;
  if (frames.length === 0 || frames.every((frame) => frame.fields.length === 0)) {
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} />;
  }
  const frameIndex = Math.min(chosenFrame ?? options.frameIndex ?? 0, frames.length - 1);
  const picker = frames.length > 1;
  const table = (
    <Table
      data={frames[frameIndex]}
      width={width}
      height={picker ? height - FRAME_SELECT_HEIGHT : height}
      noHeader={!options.showHeader}
      showTypeIcons={options.showTypeIcons}
      cellHeight={options.cellHeight}
      footerOptions={options.footer}
      enablePagination={options.footer?.enablePagination}
      initialSortBy={options.sortBy}
      fieldConfig={fieldConfig}
      timeRange={timeRange}
      replaceVariables={replaceVariables}
    />
  );
  if (!picker) {
    return table;
  }
  return (
    <div className={styles.wrapper}>
      {table}
      <div className={styles.picker}>
        <Select
          aria-label="Frame"
          value={frameIndex}
          options={frames.map((frame, index) => ({ value: index, label: getFrameDisplayName(frame, index) }))}
          onChange={(selected) => setChosenFrame(selected.value ?? 0)}
        />
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', flexDirection: 'column', justifyContent: 'space-between', height: '100%' }),
  picker: css({ height: FRAME_SELECT_HEIGHT, paddingTop: theme.spacing(1) }),
});

/** The table panel with Grafana's defaults (public/app/plugins/panel/table/module.tsx). */
export function tablePanelPlugin(): PanelPlugin<TableOptions> {
  return new PanelPlugin<TableOptions>(TablePanel)
    .useFieldConfig({
      useCustomConfig: (builder) => {
        // No default, as in Grafana: a column is as wide as the table gives it unless a width is set.
        addFieldOptionDefault(builder, 'minWidth', undefined);
        addFieldOptionDefault(builder, 'width', undefined);
        addFieldOptionDefault(builder, 'align', 'auto');
        addFieldOptionDefault(builder, 'cellOptions', { type: 'auto' });
        addFieldOptionDefault(builder, 'inspect', false);
        addFieldOptionDefault(builder, 'filterable', false);
        commonOptionsBuilder.addHideFrom(builder);
      },
    })
    .setPanelOptions((builder) => {
      addOptionDefault(builder, 'showHeader', true);
      addOptionDefault(builder, 'cellHeight', 'sm');
      addOptionDefault(builder, 'showTypeIcons', false);
      addOptionDefault(builder, 'frameIndex', 0);
      addOptionDefault(builder, 'footer', { show: false, reducer: [], countRows: false });
    });
}
