import { css } from '@emotion/css';
import { type Field, FieldType, getDisplayProcessor, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo } from 'react';

import { readPanelData } from '../data/panelData';
import { selectors } from '../selectors';
import type { RiskHeatmapOptions } from '../types';
import { MatrixView } from './MatrixView';
import { RiskLegend } from './RiskLegend';
import { TimelineView } from './TimelineView';
import { useDashboardSelection } from './useDashboardSelection';

type Props = PanelProps<RiskHeatmapOptions>;

const NOTE_HEIGHT = 18;
const LEGEND_HEIGHT = 28;

/** Where risk is (the likelihood x impact matrix) and when it rose (the entity x time timeline), explained on hover. */
export function RiskHeatmapPanel({
  id,
  data,
  width,
  height,
  options,
  fieldConfig,
  timeZone,
  onChangeTimeRange,
}: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const view = useMemo(() => readPanelData(data.series, options), [data.series, options]);
  const onSelect = useDashboardSelection(options.zoneVariable, options.assetVariable);
  // The matrix's colours when its frames carry no value field: the panel's own field config.
  const colourField = useMemo((): Field => {
    const fromFrames =
      view.mode === 'matrix'
        ? view.matrix.valueField
        : view.mode === 'timeline'
          ? view.timeline.rows[0]?.field
          : undefined;
    if (fromFrames?.display) {
      return fromFrames;
    }
    const field: Field = {
      name: 'score',
      type: FieldType.number,
      values: [],
      config: { min: 0, max: 100, ...fieldConfig.defaults },
    };
    return { ...field, display: getDisplayProcessor({ field, theme }) };
  }, [view, fieldConfig.defaults, theme]);

  if (view.mode === 'none') {
    const hasData = data.series.some((frame) => frame.length > 0);
    return (
      <PanelDataErrorView
        panelId={id}
        data={data}
        fieldConfig={fieldConfig}
        needsNumberField={false}
        {...(hasData ? { message: view.message } : {})}
      />
    );
  }
  const problems = view.problems;
  const legend = options.showLegend && (view.mode === 'matrix' || view.timeline.rows.length > 0);
  const hidden = view.mode === 'timeline' && view.timeline.hidden > 0 ? view.timeline.hidden : 0;
  const notes = [
    ...(hidden > 0 ? [`${hidden} more ${hidden === 1 ? 'row' : 'rows'} below the top ${options.topN} by peak`] : []),
    ...problems,
  ];
  const bodyHeight = height - (legend ? LEGEND_HEIGHT : 0) - (notes.length > 0 ? NOTE_HEIGHT : 0);
  return (
    <div className={styles.panel} style={{ width, height }}>
      {view.mode === 'matrix' ? (
        <MatrixView
          model={view.matrix}
          width={width}
          height={bodyHeight}
          colourField={colourField}
          showCounts={options.showCounts}
          onSelect={onSelect}
        />
      ) : (
        <TimelineView
          model={view.timeline}
          width={width}
          height={bodyHeight}
          timeZone={timeZone}
          onSelect={onSelect}
          onChangeTimeRange={onChangeTimeRange}
        />
      )}
      {legend && (
        <div className={styles.legend}>
          <RiskLegend field={colourField} />
        </div>
      )}
      {notes.length > 0 && (
        <div className={styles.note} data-testid={selectors.problems} title={notes.join('\n')}>
          {notes[0]}
          {notes.length > 1 ? ` (and ${notes.length - 1} more)` : ''}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  legend: css({ height: LEGEND_HEIGHT, overflow: 'hidden' }),
  note: css({
    height: NOTE_HEIGHT,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
});
