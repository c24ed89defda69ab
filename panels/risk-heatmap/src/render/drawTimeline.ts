/**
 * Draws the timeline on a 2D canvas: the cells as one image scaled onto the plot (one pixel per bin, drawn
 * without smoothing), zone separators, row and zone names in the gutter and the time axis.
 */
import type { GrafanaTheme2, TimeZone } from '@grafana/data';

import type { TimelineModel } from '../data/timelineModel';
import type { TimelineImage } from './timelineImage';
import { timeTicks } from '../../../common/src/timeAxis';
import type { TimelineLayout } from './timelineLayout';

export interface TimelineDrawing {
  model: TimelineModel;
  image: TimelineImage;
  layout: TimelineLayout;
  theme: GrafanaTheme2;
  timeZone: TimeZone;
}

/** The image's pixels on a canvas of their own size, which drawImage then scales onto the plot. */
export function imageCanvas(image: TimelineImage): HTMLCanvasElement | undefined {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, image.width);
  canvas.height = Math.max(1, image.height);
  const context = canvas.getContext('2d');
  if (context === null || image.width === 0 || image.height === 0) {
    return undefined;
  }
  const data = context.createImageData(image.width, image.height);
  data.data.set(new Uint8ClampedArray(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength));
  context.putImageData(data, 0, 0);
  return canvas;
}

function ellipsised(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) {
    return text;
  }
  let end = text.length;
  while (end > 1 && context.measureText(`${text.slice(0, end)}…`).width > width) {
    end--;
  }
  return `${text.slice(0, end)}…`;
}

export function drawTimeline(
  context: CanvasRenderingContext2D,
  { model, image, layout, theme, timeZone }: TimelineDrawing,
  cells: HTMLCanvasElement | undefined
): void {
  const { plot } = layout;
  context.fillStyle = theme.colors.background.secondary;
  context.fillRect(plot.left, plot.top, plot.width, plot.height);
  if (cells !== undefined && image.width > 0) {
    context.imageSmoothingEnabled = false;
    context.drawImage(cells, plot.left, plot.top, plot.width, plot.height);
  }
  context.font = `${theme.typography.bodySmall.fontSize} ${theme.typography.fontFamily}`;
  context.textBaseline = 'middle';
  // Zone separators and zone names.
  context.strokeStyle = theme.colors.border.medium;
  context.lineWidth = 1;
  for (const group of model.groups) {
    const top = plot.top + group.first * layout.rowHeight;
    if (group.first > 0) {
      context.beginPath();
      context.moveTo(layout.zoneLabelLeft, Math.round(top) + 0.5);
      context.lineTo(plot.left + plot.width, Math.round(top) + 0.5);
      context.stroke();
    }
    const span = group.count * layout.rowHeight;
    if (group.label !== '' && span >= 11) {
      context.fillStyle = theme.colors.text.primary;
      const y = layout.showNames ? top + layout.rowHeight / 2 : top + span / 2;
      context.fillText(
        ellipsised(context, group.label, layout.nameLeft - layout.zoneLabelLeft - 6),
        layout.zoneLabelLeft,
        y
      );
    }
  }
  if (layout.showNames) {
    context.fillStyle = theme.colors.text.secondary;
    const nameWidth = plot.left - layout.nameLeft - 6;
    model.rows.forEach((row, index) => {
      context.fillText(
        ellipsised(context, row.name, nameWidth),
        layout.nameLeft,
        plot.top + (index + 0.5) * layout.rowHeight
      );
    });
  }
  // Time axis under the plot: a tick at each round time between the first and last column.
  const first = model.times[0];
  const last = model.times[model.times.length - 1];
  context.fillStyle = theme.colors.text.secondary;
  context.textBaseline = 'top';
  context.textAlign = 'center';
  const axisTop = plot.top + plot.height + 4;
  for (const tick of timeTicks(first, last, plot.width, timeZone)) {
    const x = plot.left + ((tick.time - first) / Math.max(1, last - first)) * plot.width;
    context.fillRect(Math.round(x), plot.top + plot.height, 1, 3);
    context.fillText(tick.label, Math.min(plot.left + plot.width - 16, Math.max(plot.left + 16, x)), axisTop);
  }
  context.textAlign = 'start';
}
