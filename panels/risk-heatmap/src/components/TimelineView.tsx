import { css } from '@emotion/css';
import {
  type AbsoluteTimeRange,
  dateTimeFormat,
  formattedValueToString,
  type GrafanaTheme2,
  type TimeZone,
} from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { type KeyboardEvent, type PointerEvent, useCallback, useMemo, useRef, useState } from 'react';

import type { TimelineModel, TimelineRow } from '../data/timelineModel';
import { ColorScales } from '../render/colorScale';
import { drawTimeline, imageCanvas } from '../render/drawTimeline';
import { timelineImage } from '../render/timelineImage';
import { cellAt, type CellAt, columnAtX, timelineLayout } from '../render/timelineLayout';
import { selectors } from '../selectors';
import { HoverCard } from './HoverCard';
import { RiskExplanation } from './RiskExplanation';
import { useCanvas } from '../../../common/src/useCanvas';
import type { Selection } from './useDashboardSelection';

interface Props {
  model: TimelineModel;
  width: number;
  height: number;
  timeZone: TimeZone;
  onSelect: (selection: Selection) => void;
  onChangeTimeRange: (range: AbsoluteTimeRange) => void;
}

/** A drag shorter than this is a click. */
const BRUSH_MIN_PX = 5;

function selectionOf(row: TimelineRow): Selection {
  const entity = row.entity;
  if (entity?.kind === 'zone') {
    return { zones: [entity.id], assets: [] };
  }
  return { zones: row.zone === undefined ? [] : [row.zone], assets: entity === undefined ? [] : [entity.id] };
}

function valueText(row: TimelineRow, value: number): string {
  if (Number.isNaN(value)) {
    return 'no value';
  }
  return row.field.display ? formattedValueToString(row.field.display(value)) : value.toFixed(1);
}

export function TimelineView({ model, width, height, timeZone, onSelect, onChangeTimeRange }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const layout = useMemo(() => timelineLayout(model, width, height), [model, width, height]);
  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const image = useMemo(() => {
    const scales = new ColorScales(theme);
    return timelineImage({
      rows: model.rows.map((row) => row.values),
      scales: model.rows.map((row) => scales.of(row.field)),
      columns: model.times.length,
      width: layout.plot.width * ratio,
      height: layout.plot.height * ratio,
    });
  }, [model, theme, layout, ratio]);
  const cells = useMemo(() => imageCanvas(image), [image]);
  const draw = useCallback(
    (context: CanvasRenderingContext2D) => drawTimeline(context, { model, image, layout, theme, timeZone }, cells),
    [model, image, layout, theme, timeZone, cells]
  );
  const canvasRef = useCanvas(width, height, draw);

  const [active, setActive] = useState<CellAt & { x: number; y: number }>();
  const [brush, setBrush] = useState<{ from: number; to: number }>();
  const dragStart = useRef<number>();
  const box = useRef<HTMLDivElement>(null);

  const local = (event: PointerEvent) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const { x, y } = local(event);
    if (dragStart.current !== undefined) {
      setBrush({ from: Math.min(dragStart.current, x), to: Math.max(dragStart.current, x) });
    }
    const cell = cellAt(layout, model, x, y);
    setActive(cell === undefined ? undefined : { ...cell, x: event.clientX, y: event.clientY });
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const { x, y } = local(event);
    if (cellAt(layout, model, x, y) !== undefined) {
      dragStart.current = x;
      event.currentTarget.setPointerCapture?.(event.pointerId);
    }
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const start = dragStart.current;
    dragStart.current = undefined;
    setBrush(undefined);
    if (start === undefined) {
      return;
    }
    const { x, y } = local(event);
    if (Math.abs(x - start) >= BRUSH_MIN_PX) {
      // Grafana's panels zoom to the brushed range through onChangeTimeRange, which the dashboard applies.
      const first = columnAtX(layout, model, Math.min(start, x));
      const last = columnAtX(layout, model, Math.max(start, x));
      const step = model.times.length > 1 ? model.times[1] - model.times[0] : 60_000;
      onChangeTimeRange({ from: model.times[first] - (first === last ? step : 0), to: model.times[last] });
      return;
    }
    const cell = cellAt(layout, model, x, y);
    if (cell !== undefined) {
      onSelect(selectionOf(model.rows[cell.row]));
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = active ?? { row: 0, column: model.times.length - 1 };
    const page = Math.max(1, Math.round(model.times.length / 10));
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      PageUp: [0, -page],
      PageDown: [0, page],
    };
    if (event.key === 'Enter' || event.key === ' ') {
      onSelect(selectionOf(model.rows[current.row]));
      event.preventDefault();
      return;
    }
    if (event.key === 'Escape') {
      setActive(undefined);
      return;
    }
    const move =
      event.key === 'Home' ? [0, -current.column] : event.key === 'End' ? [0, model.times.length] : moves[event.key];
    if (move === undefined) {
      return;
    }
    event.preventDefault();
    const row = Math.max(0, Math.min(model.rows.length - 1, active === undefined ? 0 : current.row + move[0]));
    const column = Math.max(
      0,
      Math.min(model.times.length - 1, active === undefined ? current.column : current.column + move[1])
    );
    const rect = box.current?.getBoundingClientRect();
    setActive({
      row,
      column,
      x: (rect?.left ?? 0) + layout.plot.left + (column + 1) * layout.columnWidth,
      y: (rect?.top ?? 0) + layout.plot.top + row * layout.rowHeight,
    });
  };

  const row = active === undefined ? undefined : model.rows[active.row];
  const value = active === undefined || row === undefined ? Number.NaN : row.values[active.column];
  const time = active === undefined ? undefined : model.times[active.column];
  const timeText = time === undefined ? '' : dateTimeFormat(time, { timeZone });
  const explained = row === undefined || time === undefined ? undefined : model.explainAt?.(row.field.name, time);
  const endText = dateTimeFormat(model.times[model.times.length - 1], { timeZone });
  const description =
    row === undefined ? '' : `${row.name}${row.zone ? ` (${row.zone})` : ''} at ${timeText}: ${valueText(row, value)}`;

  return (
    <div
      ref={box}
      className={styles.box}
      style={{ width, height }}
      role="grid"
      aria-label={selectors.timeline}
      aria-rowcount={model.rows.length}
      aria-colcount={model.times.length}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerMove={onPointerMove}
      onPointerDown={onPointerDown}
      onPointerUp={onPointerUp}
      onPointerLeave={() => dragStart.current === undefined && setActive(undefined)}
      onBlur={() => setActive(undefined)}
    >
      <canvas ref={canvasRef} className={styles.canvas} />
      {active !== undefined && (
        <div
          className={styles.active}
          style={{
            left: layout.plot.left + active.column * layout.columnWidth - 1,
            top: layout.plot.top + active.row * layout.rowHeight - 1,
            width: Math.max(3, layout.columnWidth + 2),
            height: Math.max(3, layout.rowHeight + 2),
          }}
        />
      )}
      {brush !== undefined && (
        <div
          data-testid={selectors.brush}
          className={styles.brush}
          style={{ left: brush.from, top: layout.plot.top, width: brush.to - brush.from, height: layout.plot.height }}
        />
      )}
      <div
        className={styles.visuallyHidden}
        role="status"
        data-testid={selectors.liveRegion}
        data-row={row?.name}
        data-zone={row?.zone}
        data-time={time}
        data-value={Number.isNaN(value) ? undefined : value}
      >
        {description}
      </div>
      {active !== undefined && row !== undefined && brush === undefined && (
        <HoverCard position={{ x: active.x, y: active.y }} title={description}>
          {explained !== undefined ? (
            <RiskExplanation entity={explained} limit={4} />
          ) : (
            row.entity !== undefined && (
              <>
                <div>Factors at the end of the range ({endText}):</div>
                <RiskExplanation entity={row.entity} limit={4} details={false} />
              </>
            )
          )}
          <div>Click to show it on the dashboard, drag across time to zoom</div>
        </HoverCard>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    position: 'relative',
    cursor: 'crosshair',
    touchAction: 'none',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  canvas: css({ position: 'absolute', left: 0, top: 0 }),
  active: css({ position: 'absolute', pointerEvents: 'none', border: `1px solid ${theme.colors.text.primary}` }),
  brush: css({
    position: 'absolute',
    pointerEvents: 'none',
    background: theme.colors.action.selected,
    borderLeft: `1px solid ${theme.colors.primary.border}`,
    borderRight: `1px solid ${theme.colors.primary.border}`,
  }),
  visuallyHidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
