/**
 * The browser side of `timeline draw` and `timeline zoom` (anomalyTimeline.bench.ts): the panel's drawing of
 * 100,000 findings in 12 lanes over a week, first at the whole week and then one zoom step in, against a bare
 * canvas loop that draws every one of the same marks as a dot, on one canvas of the same size. Each call ends with
 * a pixel read so that the canvas has really drawn.
 */
import { assignLanes, SEVERITIES, type Severity } from '@conduit/core';
import { createTheme } from '@grafana/data';

import type { TimelineFinding } from '../data/readTimeline';
import { anomalyLayout, xOf } from './anomalyLayout';
import { drawAnomalyTimeline, type FindingLane } from './drawAnomalyTimeline';

export interface AnomalyDrawBench {
  /** Milliseconds of each of `runs` calls, interleaved: first draw, one zoom frame, and the bare loop. */
  run(runs: number): { draw: number[]; zoom: number[]; bare: number[] };
}

declare global {
  interface Window {
    anomalyDrawBench?: AnomalyDrawBench;
  }
}

const WEEK = 7 * 24 * 3_600_000;
const START = Date.UTC(2026, 0, 5);
const COLORS: Record<Severity, string> = {
  info: '#5794F2',
  low: '#73BF69',
  medium: '#FADE2A',
  high: '#FF9830',
  critical: '#F2495C',
};

function findings(count: number): TimelineFinding[] {
  let seed = 62443;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, (_, index): TimelineFinding => {
    const lane = Math.floor(random() * 12);
    // Bursts as well as a spread: a quarter of the findings fall in a few busy hours.
    const time = random() < 0.25 ? START + WEEK * 0.6 + random() * 3 * 3_600_000 : START + random() * WEEK;
    return {
      uid: String(index),
      id: `f${index}`,
      time,
      severity: SEVERITIES[Math.floor(random() * SEVERITIES.length)],
      level: 4 - (lane % 5),
      title: `finding ${index}`,
      text: '',
      category: 'reconnaissance',
      zone: `zone-${lane}`,
      asset: `asset-${index % 300}`,
      technique: '',
      evidenceQuery: '',
      store: 'ot',
      frame: { fields: [], length: 0 },
      row: index,
    };
  });
}

function setUp(width: number, height: number, count: number): AnomalyDrawBench {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.appendChild(canvas);
  const context = canvas.getContext('2d');
  if (context === null) {
    throw new Error('no 2D context');
  }
  const theme = createTheme({ colors: { mode: 'dark' } });
  const all = findings(count);
  const lanes: FindingLane[] = assignLanes(
    all.map((finding) => ({
      key: finding.zone,
      time: finding.time,
      severity: finding.severity,
      level: finding.level,
      finding,
    })),
    'zone'
  ).map((lane) => ({ ...lane, label: lane.key }));
  const collapsed = lanes.map(() => false);
  const drawAt = (from: number, to: number) => {
    const layout = anomalyLayout({ from, to }, width, height, collapsed);
    drawAnomalyTimeline(context, {
      lanes,
      chains: [],
      incidents: [],
      layout,
      theme,
      timeZone: 'utc',
      colorOf: (finding) => COLORS[finding.severity],
      severityColor: (severity) => COLORS[severity],
    });
    context.getImageData(0, 0, 1, 1);
  };
  const bare = () => {
    const layout = anomalyLayout({ from: START, to: START + WEEK }, width, height, collapsed);
    context.clearRect(0, 0, width, height);
    lanes.forEach((lane, index) => {
      const middle = layout.lanes[index].y + layout.lanes[index].height / 2;
      for (const entry of lane.marks) {
        context.fillStyle = COLORS[entry.severity];
        context.beginPath();
        context.arc(xOf(layout, entry.time), middle, 4.5, 0, Math.PI * 2);
        context.fill();
      }
    });
    context.getImageData(0, 0, 1, 1);
  };
  const timed = (work: () => void): number => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };
  return {
    run(runs) {
      const result = { draw: [] as number[], zoom: [] as number[], bare: [] as number[] };
      for (let run = 0; run < runs; run++) {
        context.clearRect(0, 0, width, height);
        result.draw.push(timed(() => drawAt(START, START + WEEK)));
        // One zoom step: a fifth of the range cut from each side, around the busy hours.
        context.clearRect(0, 0, width, height);
        result.zoom.push(timed(() => drawAt(START + WEEK * 0.2, START + WEEK * 0.8)));
        result.bare.push(timed(bare));
      }
      return result;
    },
  };
}

window.anomalyDrawBench = setUp(1400, 800, 100_000);
