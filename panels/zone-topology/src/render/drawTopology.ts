import { FLOW_VERDICTS, type LaidOutEdge, ZONE_LAYOUT_METRICS, type ZoneTopologyLayout } from '@conduit/core';

import type { TopologyEntity } from '../types';
import { type TopologyPalette, volumeWidth } from './topologyPalette';
import type { Viewport } from './viewport';

/** What the drawing needs of each box, looked up once per layout rather than per frame. */
export interface TopologyScene {
  layout: ZoneTopologyLayout;
  zoneEntity: Array<TopologyEntity | undefined>;
  assetEntity: Array<TopologyEntity | undefined>;
  /** Edges grouped by how they are stroked (conduits, then verdicts from allowed up to violation), and by width. */
  strokeGroups: Array<{ key: 'conduit' | (typeof FLOW_VERDICTS)[number]; width: number; edges: LaidOutEdge[] }>;
}

export function topologyScene(layout: ZoneTopologyLayout, byId: ReadonlyMap<string, TopologyEntity>): TopologyScene {
  const order = ['conduit', ...[...FLOW_VERDICTS].reverse()] as const;
  const strokeGroups: TopologyScene['strokeGroups'] = [];
  for (const key of order) {
    const byWidth = new Map<number, LaidOutEdge[]>();
    for (const edge of layout.edges) {
      if (key === 'conduit' ? edge.kind === 'conduit' : edge.verdict === key) {
        const width = key === 'conduit' ? 1.5 : Math.max(1, Math.min(6, Math.round(volumeWidth(edge.volume))));
        const list = byWidth.get(width);
        if (list === undefined) {
          byWidth.set(width, [edge]);
        } else {
          list.push(edge);
        }
      }
    }
    for (const width of [...byWidth.keys()].sort((a, b) => a - b)) {
      strokeGroups.push({ key, width, edges: byWidth.get(width) ?? [] });
    }
  }
  return {
    layout,
    zoneEntity: layout.zones.map((zone) => byId.get(zone.id)),
    assetEntity: layout.assets.map((asset) => byId.get(asset.id)),
    strokeGroups,
  };
}

/**
 * Lines per stroke call. One: Chromium's software rasteriser strokes many small paths faster than one path of many
 * overlapping lines (measured by `topology pan`).
 */
const EDGES_PER_STROKE = 1;

/**
 * The part of the segment from (x, y) along (dx, dy) that lies on the screen, a little margin included, as the
 * segment's parameters [from, to] in 0..1 (Liang-Barsky clipping); undefined when none of it does.
 */
export function clipToScreen(
  x: number,
  y: number,
  dx: number,
  dy: number,
  width: number,
  height: number
): [number, number] | undefined {
  const margin = 16;
  let from = 0;
  let to = 1;
  const edges: Array<[number, number]> = [
    [-dx, x + margin],
    [dx, width + margin - x],
    [-dy, y + margin],
    [dy, height + margin - y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) {
        return undefined;
      }
    } else {
      const r = q / p;
      if (p < 0) {
        from = Math.max(from, r);
      } else {
        to = Math.min(to, r);
      }
    }
  }
  return from <= to ? [from, to] : undefined;
}

export interface DrawState {
  hover?: string;
  focus?: string;
  selected?: string;
  showConduits: boolean;
}

/** Text smaller than this on screen is not drawn: boxes alone carry the picture when zoomed out. */
const LEGIBLE_PX = 8;
const ZONE_FONT = 13;
const ASSET_FONT = 11;
const BAND_LABEL_FONT = 12;

/** Titles cut to a width, cached: measuring text is the costly part of a frame. */
export class TextFitter {
  private readonly cache = new Map<string, string>();
  constructor(private readonly context: CanvasRenderingContext2D) {}

  fit(text: string, maxWidth: number, font: string): string {
    const key = `${font}|${Math.round(maxWidth)}|${text}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    this.context.font = font;
    let result = text;
    if (this.context.measureText(text).width > maxWidth) {
      let low = 0;
      let high = text.length;
      while (low < high) {
        const mid = Math.ceil((low + high) / 2);
        if (this.context.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      result = low === 0 ? '' : `${text.slice(0, low)}…`;
    }
    if (this.cache.size > 20_000) {
      this.cache.clear();
    }
    this.cache.set(key, result);
    return result;
  }
}

function roundRect(context: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  if (r <= 0.5 || typeof context.roundRect !== 'function') {
    context.rect(x, y, w, h);
  } else {
    context.roundRect(x, y, w, h, r);
  }
}

function badgeWidth(context: CanvasRenderingContext2D, label: string, fontFamily: string): number {
  context.font = `600 10px ${fontFamily}`;
  return context.measureText(label).width + 8;
}

/** A pill ending at `right`; returns where the next one ends, or `right` unchanged when it would pass `left`. */
function badge(
  context: CanvasRenderingContext2D,
  left: number,
  right: number,
  top: number,
  label: string,
  fill: string,
  textColor: string,
  fontFamily: string
): number {
  const width = badgeWidth(context, label, fontFamily);
  if (right - width < left) {
    return right;
  }
  context.fillStyle = fill;
  context.beginPath();
  roundRect(context, right - width, top, width, 14, 7);
  context.fill();
  context.fillStyle = textColor;
  context.textAlign = 'center';
  context.fillText(label, right - width / 2, top + 7);
  context.textAlign = 'left';
  return right - width - 4;
}

function slGap(entity: TopologyEntity | undefined): string | undefined {
  return entity?.slTarget !== undefined && entity.slAchieved !== undefined && entity.slAchieved < entity.slTarget
    ? `SL ${entity.slAchieved}<${entity.slTarget}`
    : undefined;
}

/**
 * One frame: bands, zones, visible assets, edges, then band labels pinned to the left edge. Boxes and edges outside
 * the screen are skipped; text and badges only where they are legible; edges stroked in one path per style.
 */
export function drawTopology(
  context: CanvasRenderingContext2D,
  scene: TopologyScene,
  view: Viewport,
  width: number,
  height: number,
  palette: TopologyPalette,
  fitter: TextFitter,
  state: DrawState
): void {
  const { layout } = scene;
  const { k } = view;
  const sx = (x: number) => x * k + view.x;
  const sy = (y: number) => y * k + view.y;
  const visible = (x: number, y: number, w: number, h: number) =>
    sx(x) < width && sx(x + w) > 0 && sy(y) < height && sy(y + h) > 0;

  context.textBaseline = 'middle';
  layout.bands.forEach((band, index) => {
    const top = sy(band.y);
    const bottom = sy(band.y + band.height);
    if (bottom > 0 && top < height) {
      context.fillStyle = palette.bandFill[index % 2];
      context.fillRect(0, top, width, bottom - top);
    }
  });

  // Zone titles stay readable at any zoom that leaves room for them; asset titles appear once the boxes are tall.
  const zoneFont = Math.max(11, Math.min(16, ZONE_FONT * k));
  const assetFont = Math.min(14, ASSET_FONT * k, ZONE_LAYOUT_METRICS.assetHeight * k * 0.6);
  layout.zones.forEach((zone, index) => {
    if (!visible(zone.x, zone.y, zone.width, zone.height)) {
      return;
    }
    const entity = scene.zoneEntity[index];
    const x = sx(zone.x);
    const y = sy(zone.y);
    const w = zone.width * k;
    const h = zone.height * k;
    context.beginPath();
    roundRect(context, x, y, w, h, 6 * k);
    context.fillStyle = palette.zoneFill;
    context.fill();
    if (entity?.color !== undefined) {
      context.globalAlpha = zone.collapsed ? 0.45 : 0.18;
      context.fillStyle = entity.color;
      context.fill();
      context.globalAlpha = 1;
    }
    const emphasis = state.selected === zone.id || state.focus === zone.id || state.hover === zone.id;
    context.lineWidth = emphasis ? 2.5 : zone.safety ? 2 : 1;
    context.strokeStyle =
      state.focus === zone.id
        ? palette.focus
        : emphasis
          ? palette.selected
          : zone.safety
            ? palette.safetyBorder
            : palette.zoneBorder;
    context.setLineDash([]);
    context.stroke();
  });

  // Edges: grouped by style and width; each line cut to the screen (the raster cost of a dashed line is its length).
  for (const group of scene.strokeGroups) {
    if (group.key === 'conduit' && !state.showConduits) {
      continue;
    }
    context.strokeStyle = group.key === 'conduit' ? palette.conduit : palette.verdict[group.key];
    const dash = palette.dash[group.key];
    const period = dash.reduce((sum, part) => sum + part, 0);
    context.setLineDash(dash);
    context.globalAlpha = group.key === 'allowed' ? 0.55 : 0.9;
    context.lineWidth = group.width;
    let inPath = 0;
    context.beginPath();
    for (const edge of group.edges) {
      const x1 = sx(edge.x1);
      const y1 = sy(edge.y1);
      const dx = sx(edge.x2) - x1;
      const dy = sy(edge.y2) - y1;
      const cut = clipToScreen(x1, y1, dx, dy, width, height);
      if (cut === undefined) {
        continue;
      }
      const length = Math.hypot(dx, dy);
      // Start the cut on a whole dash period from the line's start, so the pattern does not crawl while panning.
      const start = period > 0 && length > 0 ? (Math.floor((cut[0] * length) / period) * period) / length : cut[0];
      context.moveTo(x1 + dx * start, y1 + dy * start);
      context.lineTo(x1 + dx * cut[1], y1 + dy * cut[1]);
      // An arrowhead where the line ends on screen and is long enough to show its direction.
      if (cut[1] === 1 && length > 40) {
        const ux = dx / length;
        const uy = dy / length;
        const size = 5 + group.width;
        const ex = x1 + dx;
        const ey = y1 + dy;
        context.moveTo(ex - ux * size - uy * size * 0.5, ey - uy * size + ux * size * 0.5);
        context.lineTo(ex, ey);
        context.lineTo(ex - ux * size + uy * size * 0.5, ey - uy * size - ux * size * 0.5);
      }
      if (++inPath === EDGES_PER_STROKE) {
        context.stroke();
        context.beginPath();
        inPath = 0;
      }
    }
    if (inPath > 0) {
      context.stroke();
    }
  }
  context.globalAlpha = 1;
  context.setLineDash([]);

  // Assets: tiny filled boxes when zoomed out, boxes with borders, titles and badges when there is room.
  const detailed = ZONE_LAYOUT_METRICS.assetHeight * k >= 10;
  const assetFontSpec = `${assetFont}px ${palette.fontFamily}`;
  for (let i = 0; i < layout.assets.length; i++) {
    const asset = layout.assets[i];
    if (!asset.visible || !visible(asset.x, asset.y, asset.width, asset.height)) {
      continue;
    }
    const entity = scene.assetEntity[i];
    const x = sx(asset.x);
    const y = sy(asset.y);
    const w = asset.width * k;
    const h = asset.height * k;
    context.fillStyle = entity?.color ?? palette.assetFill;
    if (!detailed) {
      context.fillRect(x, y, Math.max(1, w), Math.max(1, h));
      continue;
    }
    context.beginPath();
    roundRect(context, x, y, w, h, 3 * k);
    context.fillStyle = palette.assetFill;
    context.fill();
    if (entity?.color !== undefined) {
      // The risk colour as a bar on the left, so the title stays on a neutral, legible ground.
      context.fillStyle = entity.color;
      context.fillRect(x, y, Math.max(3, 5 * k), h);
    }
    const emphasis = state.selected === asset.id || state.focus === asset.id || state.hover === asset.id;
    context.lineWidth = emphasis ? 2 : 1;
    context.strokeStyle = state.focus === asset.id ? palette.focus : emphasis ? palette.selected : palette.assetBorder;
    context.stroke();
    let right = x + w - 3;
    const findings = entity?.findingCount ?? 0;
    if (findings > 0 && h >= 14) {
      right = badge(
        context,
        x + w / 2,
        right,
        y + (h - 14) / 2,
        String(findings),
        palette.badge,
        palette.badgeText,
        palette.fontFamily
      );
    }
    if (assetFont >= LEGIBLE_PX) {
      context.font = assetFontSpec;
      context.fillStyle = palette.text;
      context.fillText(fitter.fit(asset.title, right - x - 10, assetFontSpec), x + 8, y + h / 2);
    }
  }

  // Zone titles and badges last, so no line crosses them.
  layout.zones.forEach((zone, index) => {
    if (!visible(zone.x, zone.y, zone.width, zone.height)) {
      return;
    }
    const entity = scene.zoneEntity[index];
    const x = sx(zone.x);
    const y = sy(zone.y);
    const w = zone.width * k;
    const h = zone.height * k;
    const header = zone.collapsed ? h : ZONE_LAYOUT_METRICS.zoneHeader * k;
    if (w >= 48 && header >= zoneFont + 2) {
      let right = x + w - 6;
      const badgeTop = zone.collapsed ? y + 4 : y + (header - 14) / 2;
      if (header >= 16) {
        const findings = entity?.findingCount ?? 0;
        if (findings > 0) {
          right = badge(
            context,
            x + 56,
            right,
            badgeTop,
            String(findings),
            palette.badge,
            palette.badgeText,
            palette.fontFamily
          );
        }
        const gap = slGap(entity);
        if (gap !== undefined) {
          right = badge(context, x + 56, right, badgeTop, gap, palette.gapBadge, '#000', palette.fontFamily);
        }
      }
      const font = `500 ${zoneFont}px ${palette.fontFamily}`;
      const marker = zone.collapsed ? '▸ ' : '▾ ';
      context.font = font;
      context.fillStyle = palette.text;
      const twoLines = zone.collapsed && h >= 2 * zoneFont + 10;
      const titleTop = zone.collapsed ? y + h / 2 - (twoLines ? zoneFont / 2 + 2 : 0) : y + header / 2;
      const titleRight = zone.collapsed && twoLines ? x + w - 6 : right;
      context.fillText(fitter.fit(marker + zone.title, Math.max(0, titleRight - x - 12), font), x + 8, titleTop);
      if (twoLines) {
        const small = `${zoneFont - 1}px ${palette.fontFamily}`;
        context.font = small;
        context.fillStyle = palette.textMuted;
        const summary = `${zone.assetCount} asset${zone.assetCount === 1 ? '' : 's'}`;
        context.fillText(fitter.fit(summary, Math.max(0, right - x - 12), small), x + 8, titleTop + zoneFont + 4);
      }
    }
  });

  // Band labels stay on the left edge whatever the pan, on the band's own colour.
  const labelFont = `${BAND_LABEL_FONT}px ${palette.fontFamily}`;
  context.font = labelFont;
  layout.bands.forEach((band, index) => {
    const top = Math.max(0, sy(band.y));
    const bottom = Math.min(height, sy(band.y + band.height));
    if (bottom - top < BAND_LABEL_FONT + 4) {
      return;
    }
    const label = fitter.fit(band.label, ZONE_LAYOUT_METRICS.labelWidth - 12, labelFont);
    const labelWidth = context.measureText(label).width + 12;
    context.fillStyle = palette.bandFill[index % 2];
    context.globalAlpha = 0.85;
    context.fillRect(0, top, labelWidth, bottom - top);
    context.globalAlpha = 1;
    context.fillStyle = palette.bandLabel;
    context.fillText(label, 6, (top + bottom) / 2);
  });
}
