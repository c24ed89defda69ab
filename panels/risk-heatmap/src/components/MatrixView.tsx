import { css } from '@emotion/css';
import { type Field, formattedValueToString, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { type KeyboardEvent, type MouseEvent, useCallback, useMemo, useState } from 'react';

import type { MatrixCell, MatrixEntry, MatrixModel } from '../data/matrixModel';
import { drawMatrix } from '../render/drawMatrix';
import { cellRect, matrixLayout } from '../render/matrixLayout';
import { selectors } from '../selectors';
import { CellEntityList } from './CellEntityList';
import { HoverCard } from './HoverCard';
import { RiskExplanation } from './RiskExplanation';
import { useCanvas } from '../../../common/src/useCanvas';
import type { Selection } from './useDashboardSelection';

interface Props {
  model: MatrixModel;
  width: number;
  height: number;
  colourField: Field;
  showCounts: boolean;
  onSelect: (selection: Selection) => void;
}

/** Up to this many entities are named in a cell's hover card and accessible name. */
const NAMED = 5;

function selectionOf(entries: MatrixEntry[]): Selection {
  return {
    zones: entries.flatMap((entry) =>
      entry.entity === undefined ? [] : [entry.entity.kind === 'zone' ? entry.entity.id : (entry.entity.zone ?? '')]
    ),
    assets: entries.flatMap((entry) => (entry.entity?.kind === 'asset' ? [entry.entity.id] : [])),
  };
}

function describeCell(cell: MatrixCell, valueText: (value: number) => string, kind: MatrixModel['kind']): string {
  if (kind === 'category') {
    return `${cell.label}: ${valueText(cell.colourValue)} (${cell.count} ${cell.count === 1 ? 'row' : 'rows'})`;
  }
  const names = cell.entries.slice(0, NAMED).map((entry) => entry.name);
  const more = cell.count > NAMED ? ` and ${cell.count - NAMED} more` : '';
  return `${cell.label}: ${cell.count} ${cell.count === 1 ? 'entity' : 'entities'}${names.length > 0 ? ` (${names.join(', ')}${more})` : ''}`;
}

/** The list of a selected cell takes the right of a wide panel and the lower half of a narrow one. */
function split(width: number, height: number, listed: boolean) {
  if (!listed) {
    return { matrix: { width, height }, list: { width: 0, height: 0 }, row: true };
  }
  if (width >= 480) {
    const list = Math.max(200, Math.round(width * 0.42));
    return { matrix: { width: width - list, height }, list: { width: list, height }, row: true };
  }
  const list = Math.round(height * 0.5);
  return { matrix: { width, height: height - list }, list: { width, height: list }, row: false };
}

export function MatrixView({ model, width, height, colourField, showCounts, onSelect }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [selected, setSelected] = useState<number>();
  const [focused, setFocused] = useState(0);
  const [hover, setHover] = useState<{ index: number; x: number; y: number }>();
  const parts = split(width, height, selected !== undefined);
  const rowLabelWidth = Math.min(80, Math.max(...model.rowLabels.map((label) => label.length * 7), 14));
  const layout = useMemo(
    () =>
      matrixLayout(
        parts.matrix.width,
        parts.matrix.height,
        model.columnLabels.length,
        model.rowLabels.length,
        rowLabelWidth
      ),
    [parts.matrix.width, parts.matrix.height, model, rowLabelWidth]
  );
  const colours = useMemo(
    () => model.cells.map((cell) => colourField.display?.(cell.colourValue).color ?? theme.colors.text.secondary),
    [model, colourField, theme]
  );
  const valueText = useCallback(
    (value: number) => (colourField.display ? formattedValueToString(colourField.display(value)) : value.toFixed(1)),
    [colourField]
  );
  const texts = useMemo(
    () => model.cells.map((cell) => (model.kind === 'category' ? valueText(cell.colourValue) : String(cell.count))),
    [model, valueText]
  );
  const draw = useCallback(
    (context: CanvasRenderingContext2D) =>
      drawMatrix(context, { model, layout, colours, texts, theme, showCounts, selected }),
    [model, layout, colours, texts, theme, showCounts, selected]
  );
  const canvasRef = useCanvas(parts.matrix.width, parts.matrix.height, draw);

  const select = (index: number) => {
    setSelected(index);
    setFocused(index);
    onSelect(selectionOf(model.cells[index].entries));
  };
  const columns = model.columnLabels.length;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns };
    const move = moves[event.key];
    if (move !== undefined) {
      const next = focused + move;
      const sameRow = Math.floor(next / columns) === Math.floor(focused / columns);
      if (next >= 0 && next < model.cells.length && (Math.abs(move) === columns || sameRow)) {
        setFocused(next);
        (event.currentTarget.querySelector(`[data-cell="${next}"]`) as HTMLElement | null)?.focus();
      }
      event.preventDefault();
    } else if (event.key === 'Enter' || event.key === ' ') {
      select(focused);
      event.preventDefault();
    } else if (event.key === 'Escape') {
      setSelected(undefined);
    }
  };
  const hovered = hover === undefined ? undefined : model.cells[hover.index];

  return (
    <div className={styles.wrapper} style={{ width, height, flexDirection: parts.row ? 'row' : 'column' }}>
      <div className={styles.matrix} style={parts.matrix}>
        <canvas ref={canvasRef} className={styles.canvas} />
        <div role="grid" aria-label={selectors.matrix} className={styles.grid} onKeyDown={onKeyDown}>
          {model.rowLabels.map((rowLabel, row) => (
            <div role="row" key={rowLabel} className={styles.row}>
              {model.columnLabels.map((_, column) => {
                const index = row * columns + column;
                const cell = model.cells[index];
                const rect = cellRect(layout, column, row);
                return (
                  <div
                    key={index}
                    role="gridcell"
                    data-cell={index}
                    tabIndex={index === focused ? 0 : -1}
                    aria-label={describeCell(cell, valueText, model.kind)}
                    aria-selected={index === selected}
                    className={styles.cell}
                    style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }}
                    onMouseMove={(event: MouseEvent) => setHover({ index, x: event.clientX, y: event.clientY })}
                    onMouseLeave={() => setHover(undefined)}
                    onFocus={(event) => {
                      const box = event.currentTarget.getBoundingClientRect();
                      setFocused(index);
                      setHover({ index, x: box.right, y: box.top });
                    }}
                    onBlur={() => setHover(undefined)}
                    onClick={() => select(index)}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
      {selected !== undefined && (
        <div style={parts.list} className={styles.listBox}>
          <CellEntityList
            cell={model.cells[selected]}
            valueField={model.valueField}
            onClose={() => setSelected(undefined)}
            onPick={(entry) => onSelect(selectionOf([entry]))}
          />
        </div>
      )}
      {hover !== undefined && hovered !== undefined && (
        <HoverCard
          position={{ x: hover.x, y: hover.y }}
          title={`${hovered.label}: ${hovered.count} ${hovered.count === 1 ? 'entity' : 'entities'}`}
        >
          {hovered.entries.slice(0, NAMED).map((entry, rank) => (
            <div key={entry.key}>
              <strong>{entry.name}</strong> {valueText(entry.value)}
              {rank === 0 && entry.entity !== undefined && (
                <RiskExplanation entity={entry.entity} limit={3} details={false} />
              )}
            </div>
          ))}
          {hovered.count > NAMED && <div>and {hovered.count - NAMED} more; click to list them all</div>}
          {hovered.count > 0 && hovered.count <= NAMED && <div>Click to list them with every factor</div>}
        </HoverCard>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ display: 'flex', gap: theme.spacing(1) }),
  matrix: css({ position: 'relative', flexShrink: 0 }),
  canvas: css({ position: 'absolute', left: 0, top: 0 }),
  grid: css({ position: 'absolute', inset: 0 }),
  row: css({ display: 'contents' }),
  cell: css({
    position: 'absolute',
    cursor: 'pointer',
    borderRadius: theme.shape.radius.default,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  listBox: css({ display: 'flex', minHeight: 0, minWidth: 0 }),
});
