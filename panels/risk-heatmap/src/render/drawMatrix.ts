/** Draws the matrix on a 2D canvas: each cell in the colour of its value, its count, and the axes. */
import type { GrafanaTheme2 } from '@grafana/data';

import type { MatrixModel } from '../data/matrixModel';
import { cellRect, type MatrixLayout } from './matrixLayout';

export interface MatrixDrawing {
  model: MatrixModel;
  layout: MatrixLayout;
  /** CSS colour of each cell, in the model's order. */
  colours: string[];
  /** What each cell prints: its count of entities, or a generic matrix's value. */
  texts: string[];
  theme: GrafanaTheme2;
  showCounts: boolean;
  /** Index of the selected cell, outlined. */
  selected?: number;
}

export function drawMatrix(
  context: CanvasRenderingContext2D,
  { model, layout, colours, texts, theme, showCounts, selected }: MatrixDrawing
): void {
  const radius = Number.parseFloat(theme.shape.radius.default) || 2;
  const fontSize = Math.max(11, Math.min(20, Math.round(Math.min(layout.cellWidth, layout.cellHeight) / 3)));
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  model.cells.forEach((cell, index) => {
    const rect = cellRect(layout, cell.column, cell.row);
    // Empty cells keep their band's colour faintly, so the bands read even where nothing falls.
    context.globalAlpha = cell.count > 0 ? 1 : 0.25;
    context.fillStyle = colours[index];
    context.beginPath();
    context.roundRect(rect.left, rect.top, rect.width, rect.height, radius);
    context.fill();
    context.globalAlpha = 1;
    if (showCounts && cell.count > 0 && rect.width >= 14 && rect.height >= 14) {
      context.fillStyle = theme.colors.getContrastText(colours[index]);
      context.font = `${theme.typography.fontWeightMedium} ${fontSize}px ${theme.typography.fontFamily}`;
      context.fillText(texts[index], rect.left + rect.width / 2, rect.top + rect.height / 2);
    }
    if (index === selected) {
      context.strokeStyle = theme.colors.text.primary;
      context.lineWidth = 2;
      context.beginPath();
      context.roundRect(rect.left + 1, rect.top + 1, rect.width - 2, rect.height - 2, radius);
      context.stroke();
    }
  });
  // Axis labels and titles.
  const { plot } = layout;
  context.fillStyle = theme.colors.text.secondary;
  context.font = `${theme.typography.bodySmall.fontSize} ${theme.typography.fontFamily}`;
  model.columnLabels.forEach((label, column) => {
    context.fillText(
      label,
      plot.left + (column + 0.5) * layout.cellWidth,
      plot.top + plot.height + 10,
      layout.cellWidth - 2
    );
  });
  context.textAlign = 'right';
  model.rowLabels.forEach((label, row) => {
    context.fillText(label, plot.left - 6, plot.top + (row + 0.5) * layout.cellHeight, plot.left - 24);
  });
  context.textAlign = 'center';
  context.fillStyle = theme.colors.text.primary;
  context.fillText(`${model.columnTitle} →`, plot.left + plot.width / 2, plot.top + plot.height + 28);
  context.save();
  context.translate(10, plot.top + plot.height / 2);
  context.rotate(-Math.PI / 2);
  context.fillText(`${model.rowTitle} →`, 0, 0);
  context.restore();
  context.textAlign = 'start';
}
