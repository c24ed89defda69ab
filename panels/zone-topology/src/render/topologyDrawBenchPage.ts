/**
 * The browser side of `topology draw` and `topology pan` (topology.bench.ts): the panel's drawing of 5,000 assets in
 * 12 zones with 20,000 flows against a bare canvas loop that draws the same rectangles and lines in the same stroke
 * styles (every one, no culling, no text, no level of detail), on one canvas of the same size, each call ending with a pixel read so the canvas really drew.
 */
import { zoneTopologyLayout } from '@conduit/core';
import { createTheme } from '@grafana/data';

import { syntheticTopology } from '../../../../core/src/topology/testdata/syntheticTopology';
import type { TopologyEntity } from '../types';
import { drawTopology, TextFitter, topologyScene } from './drawTopology';
import { topologyPalette, volumeWidth } from './topologyPalette';
import { fitViewport, type Viewport } from './viewport';

export interface TopologyDrawBench {
  /** Milliseconds of `runs` first draws (cold text cache) of the whole plant, panel and bare loop interleaved. */
  first(runs: number): { panel: number[]; bare: number[] };
  /** Milliseconds of `frames` pan frames at zoom 1, panel and bare loop interleaved. */
  pan(frames: number): { panel: number[]; bare: number[] };
}

declare global {
  interface Window {
    topologyBench?: TopologyDrawBench;
  }
}

const WIDTH = 1400;
const HEIGHT = 800;

const plant = syntheticTopology(12, 5_000, 20_000, 7);
const layout = zoneTopologyLayout(plant.zones, plant.assets, plant.links);
const palette = topologyPalette(createTheme({ colors: { mode: 'dark' } }));
const colors = ['#73BF69', '#FADE2A', '#FF9830', '#F2495C'];
const byId = new Map<string, TopologyEntity>(
  [...plant.zones, ...plant.assets].map((node, index) => [
    node.id,
    {
      id: node.id,
      kind: node.id.startsWith('zone:') ? 'zone' : 'asset',
      title: node.title,
      name: node.title,
      safety: false,
      findingCount: index % 17 === 0 ? 3 : 0,
      color: colors[index % colors.length],
      details: [],
      links: () => [],
    },
  ])
);
const scene = topologyScene(layout, byId);

const canvas = document.createElement('canvas');
canvas.width = WIDTH;
canvas.height = HEIGHT;
document.body.appendChild(canvas);
const context = canvas.getContext('2d') as CanvasRenderingContext2D;
const state = { showConduits: true };

function panelDraw(view: Viewport, fitter: TextFitter): number {
  const start = performance.now();
  context.clearRect(0, 0, WIDTH, HEIGHT);
  drawTopology(context, scene, view, WIDTH, HEIGHT, palette, fitter, state);
  context.getImageData(0, 0, 1, 1);
  return performance.now() - start;
}

/** The same shapes, each drawn on its own: zone and asset rectangles filled and stroked, every edge a line. */
function bareDraw(view: Viewport): number {
  const start = performance.now();
  context.clearRect(0, 0, WIDTH, HEIGHT);
  context.setTransform(view.k, 0, 0, view.k, view.x, view.y);
  for (const zone of layout.zones) {
    context.fillStyle = palette.zoneFill;
    context.fillRect(zone.x, zone.y, zone.width, zone.height);
    context.strokeStyle = palette.zoneBorder;
    context.strokeRect(zone.x, zone.y, zone.width, zone.height);
  }
  layout.assets.forEach((asset, index) => {
    context.fillStyle = colors[index % colors.length];
    context.fillRect(asset.x, asset.y, asset.width, asset.height);
    context.strokeStyle = palette.assetBorder;
    context.strokeRect(asset.x, asset.y, asset.width, asset.height);
  });
  for (const edge of layout.edges) {
    // The same stroke styles as the panel: colour, dash, alpha and width by volume.
    const style = edge.kind === 'conduit' ? 'conduit' : (edge.verdict ?? 'unknown');
    context.strokeStyle = style === 'conduit' ? palette.conduit : palette.verdict[style];
    context.setLineDash(palette.dash[style].map((part) => part / view.k));
    context.globalAlpha = style === 'allowed' ? 0.55 : 0.9;
    context.lineWidth = volumeWidth(edge.volume) / view.k;
    context.beginPath();
    context.moveTo(edge.x1, edge.y1);
    context.lineTo(edge.x2, edge.y2);
    context.stroke();
  }
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.setLineDash([]);
  context.globalAlpha = 1;
  context.getImageData(0, 0, 1, 1);
  return performance.now() - start;
}

window.topologyBench = {
  first(runs) {
    const view = fitViewport(layout.width, layout.height, WIDTH, HEIGHT, 120);
    const panel: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      panel.push(panelDraw(view, new TextFitter(context)));
      bare.push(bareDraw(view));
    }
    return { panel, bare };
  },
  pan(frames) {
    const fitter = new TextFitter(context);
    const panel: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < frames; i++) {
      // Zoom 1 over the middle of the plant, moving 7 px a frame as a drag does.
      const view = { k: 1, x: -layout.width / 2 + WIDTH / 2 - 7 * i, y: -layout.height / 2 + HEIGHT / 2 };
      panel.push(panelDraw(view, fitter));
      bare.push(bareDraw(view));
    }
    return { panel, bare };
  },
};
