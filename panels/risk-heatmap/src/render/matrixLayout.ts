/** Where the matrix's cells and axis labels go, shared by the canvas drawing and the focusable cells above it. */
import type { Rect } from './timelineLayout';

export interface MatrixLayout {
  plot: Rect;
  cellWidth: number;
  cellHeight: number;
  gap: number;
}

const AXIS_LABELS = 18;
const AXIS_TITLE = 18;

export function matrixLayout(
  width: number,
  height: number,
  columns: number,
  rows: number,
  rowLabelWidth: number
): MatrixLayout {
  const left = AXIS_TITLE + rowLabelWidth + 4;
  const bottom = AXIS_LABELS + AXIS_TITLE;
  const plot = { left, top: 4, width: Math.max(1, width - left - 4), height: Math.max(1, height - bottom - 4) };
  const gap = columns > 20 || rows > 20 ? 1 : 2;
  return {
    plot,
    cellWidth: plot.width / Math.max(1, columns),
    cellHeight: plot.height / Math.max(1, rows),
    gap,
  };
}

export function cellRect(layout: MatrixLayout, column: number, row: number): Rect {
  return {
    left: layout.plot.left + column * layout.cellWidth + layout.gap / 2,
    top: layout.plot.top + row * layout.cellHeight + layout.gap / 2,
    width: Math.max(1, layout.cellWidth - layout.gap),
    height: Math.max(1, layout.cellHeight - layout.gap),
  };
}
