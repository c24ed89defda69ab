/** Where the parts of the timeline go, and which row and column a point of the plot falls on. */
import type { TimelineModel } from '../data/timelineModel';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface TimelineLayout {
  plot: Rect;
  /** Left of the zone labels and of the row names, in CSS pixels. */
  zoneLabelLeft: number;
  nameLeft: number;
  rowHeight: number;
  columnWidth: number;
  /** Names are drawn when a row is tall enough for text. */
  showNames: boolean;
}

const AXIS_HEIGHT = 20;
const MIN_TEXT_ROW = 11;

export function timelineLayout(model: TimelineModel, width: number, height: number): TimelineLayout {
  const grouped = model.groups.some((group) => group.label !== '');
  const gutter = Math.min(Math.round(width * 0.3), grouped ? 220 : 140);
  const plot = {
    left: gutter,
    top: 4,
    width: Math.max(1, width - gutter - 4),
    height: Math.max(1, height - AXIS_HEIGHT - 4),
  };
  const rowHeight = plot.height / Math.max(1, model.rows.length);
  return {
    plot,
    zoneLabelLeft: 4,
    nameLeft: grouped ? Math.round(gutter * 0.45) : 4,
    rowHeight,
    columnWidth: plot.width / Math.max(1, model.times.length),
    showNames: rowHeight >= MIN_TEXT_ROW,
  };
}

export interface CellAt {
  row: number;
  column: number;
}

/** The cell under a point in CSS pixels of the panel, or undefined outside the plot. */
export function cellAt(layout: TimelineLayout, model: TimelineModel, x: number, y: number): CellAt | undefined {
  const { plot } = layout;
  if (x < plot.left || y < plot.top || x >= plot.left + plot.width || y >= plot.top + plot.height) {
    return undefined;
  }
  const row = Math.min(model.rows.length - 1, Math.floor((y - plot.top) / layout.rowHeight));
  const column = Math.min(model.times.length - 1, Math.floor((x - plot.left) / layout.columnWidth));
  return row < 0 || column < 0 ? undefined : { row, column };
}

/** The column at a horizontal position, clamped to the plot: a brush may end outside it. */
export function columnAtX(layout: TimelineLayout, model: TimelineModel, x: number): number {
  const column = Math.floor((x - layout.plot.left) / layout.columnWidth);
  return Math.max(0, Math.min(model.times.length - 1, column));
}
