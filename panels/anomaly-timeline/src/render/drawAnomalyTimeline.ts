/**
 * Draws the anomaly timeline on a 2D canvas: lane stripes, incident bands, each lane's marks (a dot per finding,
 * a bar per episode that lasted, a strip with a count where marks crowd), chains as lines joining their steps
 * across lanes, the active mark's ring and the time axis. Positions come from the layout; nothing here reads
 * Grafana's data.
 */
import { binMarks, type Lane, type MarkBin, type Severity } from '@conduit/core';
import type { GrafanaTheme2, TimeZone } from '@grafana/data';

import { timeTicks } from '../../../common/src/timeAxis';
import type { TimelineChain, TimelineFinding } from '../data/readTimeline';
import { type AnomalyLayout, MIN_MARK_GAP_PX, xOf } from './anomalyLayout';

/** A finding in its lane: `key` is the lane's key (zone, asset, category or technique). */
export interface LaneEntry {
  key: string;
  time: number;
  severity: Severity;
  level?: number;
  finding: TimelineFinding;
}

export type FindingLane = Lane<LaneEntry> & { label: string };

export interface AnomalyDrawing {
  lanes: FindingLane[];
  chains: TimelineChain[];
  incidents: Array<{ from: number; to: number }>;
  layout: AnomalyLayout;
  theme: GrafanaTheme2;
  timeZone: TimeZone;
  colorOf: (finding: TimelineFinding) => string;
  severityColor: (severity: Severity) => string;
  active?: TimelineFinding;
}

const DOT_RADIUS = 4.5;
const BAR_HEIGHT = 8;

/** Each lane's bins at the layout's scale, which hit testing reads too. */
export function laneBins(lanes: readonly FindingLane[], layout: AnomalyLayout): MarkBin[][] {
  return lanes.map((lane) => binMarks(lane.marks, (time) => xOf(layout, time), MIN_MARK_GAP_PX));
}

function drawIncidents(context: CanvasRenderingContext2D, drawing: AnomalyDrawing): void {
  const { layout, theme } = drawing;
  context.fillStyle = theme.visualization.getColorByName('purple');
  context.globalAlpha = theme.isDark ? 0.16 : 0.12;
  for (const incident of drawing.incidents) {
    const x0 = Math.max(0, xOf(layout, incident.from));
    const x1 = Math.min(layout.plotWidth, xOf(layout, incident.to));
    if (x1 > x0 - 2) {
      context.fillRect(x0, 0, Math.max(2, x1 - x0), layout.lanesHeight);
    }
  }
  context.globalAlpha = 1;
}

function drawBin(
  context: CanvasRenderingContext2D,
  drawing: AnomalyDrawing,
  lane: FindingLane,
  bin: MarkBin,
  y: number,
  height: number
): void {
  const { layout, theme } = drawing;
  const middle = y + height / 2;
  if (bin.count === 1) {
    const finding = lane.marks[bin.first].finding;
    context.fillStyle = drawing.colorOf(finding);
    if (finding.end !== undefined) {
      const x1 = Math.min(layout.plotWidth, xOf(layout, finding.end));
      const x0 = bin.x0;
      context.beginPath();
      context.roundRect(x0 - 2, middle - BAR_HEIGHT / 2, Math.max(4, x1 - x0 + 4), BAR_HEIGHT, 3);
      context.fill();
    }
    context.beginPath();
    context.arc(bin.x0, middle, height < 14 ? 3 : DOT_RADIUS, 0, Math.PI * 2);
    context.fill();
    return;
  }
  // A crowd: one strip from its first to its last mark, with the count when it fits.
  const x0 = bin.x0 - DOT_RADIUS;
  const stripWidth = bin.x1 - bin.x0 + DOT_RADIUS * 2;
  const stripHeight = Math.min(height - 4, 14);
  context.fillStyle = drawing.severityColor(bin.worst);
  context.globalAlpha = 0.85;
  context.beginPath();
  context.roundRect(x0, middle - stripHeight / 2, stripWidth, stripHeight, stripHeight / 2);
  context.fill();
  context.globalAlpha = 1;
  const label = String(bin.count);
  context.font = `${theme.typography.bodySmall.fontSize} ${theme.typography.fontFamily}`;
  const labelWidth = context.measureText(label).width;
  if (labelWidth + 6 <= stripWidth && stripHeight >= 10) {
    context.fillStyle = theme.colors.getContrastText(drawing.severityColor(bin.worst));
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText(label, x0 + stripWidth / 2, middle + 0.5);
  }
}

function drawChains(context: CanvasRenderingContext2D, drawing: AnomalyDrawing, where: Map<string, [number, number]>) {
  const { theme } = drawing;
  context.strokeStyle = theme.colors.text.primary;
  context.globalAlpha = 0.75;
  context.lineWidth = 1.5;
  context.setLineDash([5, 3]);
  for (const chain of drawing.chains) {
    const points = chain.findingIds.flatMap((id) => {
      const at = where.get(id);
      return at === undefined ? [] : [at];
    });
    if (points.length < 2) {
      continue;
    }
    context.beginPath();
    points.forEach(([x, y], index) => (index === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
    context.stroke();
  }
  context.setLineDash([]);
  context.globalAlpha = 1;
}

function drawAxis(context: CanvasRenderingContext2D, drawing: AnomalyDrawing): void {
  const { layout, theme, timeZone } = drawing;
  const top = layout.lanesHeight;
  context.strokeStyle = theme.colors.border.medium;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(0, top + 0.5);
  context.lineTo(layout.plotWidth, top + 0.5);
  context.stroke();
  context.fillStyle = theme.colors.text.secondary;
  context.font = `${theme.typography.bodySmall.fontSize} ${theme.typography.fontFamily}`;
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const tick of timeTicks(layout.from, layout.to, layout.plotWidth, timeZone)) {
    const x = xOf(layout, tick.time);
    context.fillRect(Math.round(x), top, 1, 4);
    context.fillText(tick.label, Math.min(Math.max(x, 20), layout.plotWidth - 20), top + 6);
  }
}

export function drawAnomalyTimeline(context: CanvasRenderingContext2D, drawing: AnomalyDrawing): void {
  const { lanes, layout, theme } = drawing;
  lanes.forEach((lane, index) => {
    const { y, height } = layout.lanes[index];
    if (index % 2 === 1) {
      context.fillStyle = theme.colors.background.secondary;
      context.fillRect(0, y, layout.plotWidth, height);
    }
  });
  drawIncidents(context, drawing);
  const where = new Map<string, [number, number]>();
  const bins = laneBins(lanes, layout);
  lanes.forEach((lane, index) => {
    const { y, height } = layout.lanes[index];
    for (const bin of bins[index]) {
      drawBin(context, drawing, lane, bin, y, height);
      for (let mark = bin.first; mark <= bin.last; mark++) {
        const id = lane.marks[mark].finding.id;
        if (id !== undefined) {
          where.set(id, [xOf(layout, lane.marks[mark].time), y + height / 2]);
        }
      }
    }
  });
  drawChains(context, drawing, where);
  if (drawing.active !== undefined) {
    const index = lanes.findIndex((lane) => lane.marks.some((entry) => entry.finding === drawing.active));
    if (index >= 0) {
      const { y, height } = layout.lanes[index];
      context.strokeStyle = theme.colors.text.primary;
      context.lineWidth = 2;
      context.beginPath();
      context.arc(xOf(layout, drawing.active.time), y + height / 2, DOT_RADIUS + 3, 0, Math.PI * 2);
      context.stroke();
    }
  }
  drawAxis(context, drawing);
}
