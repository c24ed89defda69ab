/**
 * The browser side of `heatmap draw` (timeline.bench.ts): the panel's drawing of a timeline against a bare canvas
 * loop that fills the same rectangles in the same colours, on one canvas of the same size, each call ending with
 * a pixel read so that the canvas has really drawn.
 */
import { createTheme, type DataFrame, type Field, FieldType } from '@grafana/data';

import type { TimelineModel } from '../data/timelineModel';
import { RISK_FIELD_DEFAULTS } from '../fieldDefaults';
import { ColorScales, stepOf } from './colorScale';
import { drawTimeline, imageCanvas } from './drawTimeline';
import { timelineImage } from './timelineImage';
import { timelineLayout } from './timelineLayout';

export interface DrawBench {
  /** Milliseconds of each of `runs` calls of the panel's drawing and of the bare loop, interleaved. */
  run(runs: number): { panel: number[]; bare: number[] };
}

declare global {
  interface Window {
    drawBench?: DrawBench;
  }
}

function model(rows: number, columns: number): TimelineModel {
  const start = Date.UTC(2026, 0, 1);
  const times = Float64Array.from({ length: columns }, (_, c) => start + c * 60_000);
  const field: Field = {
    name: 'score',
    type: FieldType.number,
    values: [],
    config: { min: 0, max: 100, ...RISK_FIELD_DEFAULTS },
  };
  const frame: DataFrame = { fields: [field], length: 0 };
  return {
    times,
    rows: Array.from({ length: rows }, (_, r) => {
      // A base level per row, a slow wave and a few peaks: every colour of the scale appears.
      const values = Float64Array.from({ length: columns }, (_, c) =>
        Math.min(100, ((r * 37) % 60) + 20 * Math.sin((c + r) / 90) + (c % (97 + r) === 0 ? 40 : 0))
      );
      return { key: String(r), name: `asset-${r}`, zone: `zone-${r % 12}`, values, peak: 100, field, frame };
    }),
    groups: Array.from({ length: 12 }, (_, g) => ({
      label: `zone-${g}`,
      first: Math.floor((g * rows) / 12),
      count: rows / 12,
    })),
    hidden: 0,
  };
}

function setUp(width: number, height: number, rows: number, columns: number): DrawBench {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.appendChild(canvas);
  const context = canvas.getContext('2d');
  if (context === null) {
    throw new Error('no 2D canvas');
  }
  const theme = createTheme({ colors: { mode: 'dark' } });
  const timeline = model(rows, columns);
  const layout = timelineLayout(timeline, width, height);
  const scale = new ColorScales(theme).of(timeline.rows[0].field);
  const flush = () => context.getImageData(0, 0, 1, 1);

  const panel = () => {
    const scales = new ColorScales(theme);
    const image = timelineImage({
      rows: timeline.rows.map((row) => row.values),
      scales: timeline.rows.map((row) => scales.of(row.field)),
      columns,
      width: layout.plot.width,
      height: layout.plot.height,
    });
    context.clearRect(0, 0, width, height);
    drawTimeline(context, { model: timeline, image, layout, theme, timeZone: 'utc' }, imageCanvas(image));
    flush();
  };
  const bare = () => {
    context.clearRect(0, 0, width, height);
    const { plot, rowHeight, columnWidth } = layout;
    for (let r = 0; r < rows; r++) {
      const values = timeline.rows[r].values;
      for (let c = 0; c < columns; c++) {
        context.fillStyle = scale.css[stepOf(scale, values[c])];
        context.fillRect(plot.left + c * columnWidth, plot.top + r * rowHeight, columnWidth, rowHeight);
      }
    }
    flush();
  };
  const time = (fn: () => void) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  return {
    run(runs) {
      const result = { panel: [] as number[], bare: [] as number[] };
      for (let i = 0; i < runs; i++) {
        result.panel.push(time(panel));
        result.bare.push(time(bare));
      }
      return result;
    },
  };
}

window.drawBench = setUp(1400, 800, 500, 1440);
