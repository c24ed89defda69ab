/**
 * Where the zone topology panel draws each zone: horizontal bands by Purdue level, the highest level on top (the
 * way control rooms and OT engineers read a plant network), zones of one level side by side in a stable order, and
 * safety zones at the end of the band of the level they protect. Everything fits the given area: a crowded band
 * narrows its boxes and, when even the narrowest do not fit one row, wraps onto more rows; when the rows do not fit
 * the height every vertical measure shrinks in proportion, so boxes never overlap and never leave the area.
 *
 * Pure geometry in the area's own units (the panel passes pixels); it measures no text.
 */

/** One box to place: a zone, or an asset drawn in its zone's band. */
export interface LayoutNode {
  id: string;
  title: string;
  /** The Purdue level as the zone model gives it (3.5 for the industrial DMZ); none puts the node in `Unassigned`. */
  level?: number;
  safety?: boolean;
  /** The node id of the zone containing this node: a node without a level of its own takes its band from there. */
  parent?: string;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export interface LayoutArea {
  width: number;
  height: number;
}

export interface PurdueLayoutOptions {
  /** The widest a box gets; boxes narrow below this only when a band is crowded. Default 140. */
  maxBoxWidth?: number;
  /** The narrowest a box gets before its band wraps onto another row. Default 56. */
  minBoxWidth?: number;
  /** The height of a box when the area has room. Default 32. */
  boxHeight?: number;
  /** The column on the left that holds the band labels; at most 30% of the width. Default 112. */
  labelWidth?: number;
}

export interface PlacedBox {
  id: string;
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Index into `PurdueLayout.bands`. */
  band: number;
  safety: boolean;
}

export interface PurdueBand {
  /** `L3.5` and so on, or `unassigned`: stable across renders, for React keys and tests. */
  key: string;
  level?: number;
  /** `L3.5 DMZ`, `L1 Basic control`, ... or `Unassigned`. */
  label: string;
  y: number;
  height: number;
  /** The ids of the band's boxes, left to right and top to bottom. */
  nodeIds: string[];
}

/**
 * A zone drawn around its own box and the boxes of its assets (the asset-level topology): one rectangle per row the
 * zone's boxes take in its band, so a zone whose assets wrap onto a second row gets a second rectangle.
 */
export interface ZoneContainer {
  /** The zone's node id. */
  id: string;
  title: string;
  /** Index into `PurdueLayout.bands`. */
  band: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A conduit as a straight segment from the border of one box to the border of the other. */
export interface EdgeSegment {
  id: string;
  source: string;
  target: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PurdueLayout {
  width: number;
  height: number;
  /** Band labels are drawn left of this x; boxes lie right of it. */
  labelWidth: number;
  bands: PurdueBand[];
  boxes: PlacedBox[];
  /** Drawn behind the boxes; only zones with assets of their own in the layout have one. */
  containers: ZoneContainer[];
  edges: EdgeSegment[];
}

const BAND_NAMES: ReadonlyMap<number, string> = new Map([
  [5, 'External'],
  [4, 'Enterprise'],
  [3.5, 'DMZ'],
  [3, 'Operations'],
  [2, 'Supervisory'],
  [1, 'Basic control'],
  [0, 'Process'],
]);

export const UNASSIGNED_BAND_LABEL = 'Unassigned';

const DEFAULTS = { maxBoxWidth: 140, minBoxWidth: 56, boxHeight: 32, labelWidth: 112 } as const;
const MARGIN = 4;
const COLUMN_GAP = 12;
const ROW_GAP = 8;
const BAND_PADDING = 8;
const BAND_GAP = 4;
/** Between parallel edges of one pair of boxes (a conduit and the traffic it carried). */
const PARALLEL_SPACING = 4;

/** `L3.5 DMZ` for a level the Purdue model names, `L7` for one it does not, `Unassigned` without a level. */
export function purdueBandLabel(level: number | undefined): string {
  if (level === undefined || !Number.isFinite(level)) {
    return UNASSIGNED_BAND_LABEL;
  }
  const name = BAND_NAMES.get(level);
  return name === undefined ? `L${level}` : `L${level} ${name}`;
}

function size(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function finiteLevel(level: unknown): number | undefined {
  return typeof level === 'number' && Number.isFinite(level) ? level : undefined;
}

interface Entry {
  node: LayoutNode;
  level?: number;
  safety: boolean;
}

/** Each node once (the first of a repeated id), with the level and safety flag it is drawn with. */
function entries(nodes: readonly LayoutNode[]): Entry[] {
  const byId = new Map<string, LayoutNode>();
  for (const node of Array.isArray(nodes) ? nodes : []) {
    if (typeof node?.id === 'string' && !byId.has(node.id)) {
      byId.set(node.id, node);
    }
  }
  const parentOf = (node: LayoutNode) => (node.parent === undefined ? undefined : byId.get(node.parent));
  return [...byId.values()].map((node) => {
    const parent = parentOf(node);
    const own = finiteLevel(node.level);
    return {
      node,
      level: own ?? finiteLevel(parent?.level),
      safety: node.safety === true || (own === undefined && parent?.safety === true),
    };
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `Cell 2` before `Cell 10`; a fixed locale, so the order is the same in every browser. */
const TITLE_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareNodes(a: LayoutNode, b: LayoutNode): number {
  const title = (node: LayoutNode) => (typeof node.title === 'string' ? node.title : node.id);
  return TITLE_ORDER.compare(title(a), title(b)) || compareText(title(a), title(b)) || compareText(a.id, b.id);
}

/**
 * The band's nodes left to right: zones by title (then id), each followed by the nodes it contains, safety zones
 * after the others so they sit beside the level they protect.
 */
function bandOrder(band: readonly Entry[]): Entry[] {
  const ids = new Set(band.map((entry) => entry.node.id));
  const isChild = (entry: Entry) =>
    entry.node.parent !== undefined && entry.node.parent !== entry.node.id && ids.has(entry.node.parent);
  const roots = band
    .filter((entry) => !isChild(entry))
    .sort((a, b) => Number(a.safety) - Number(b.safety) || compareNodes(a.node, b.node));
  const children = band.filter(isChild).sort((a, b) => compareNodes(a.node, b.node));
  return roots.flatMap((root) => [root, ...children.filter((child) => child.node.parent === root.node.id)]);
}

function bandsOf(list: readonly Entry[]): Array<{ level?: number; entries: Entry[] }> {
  const levels = [...new Set(list.flatMap((entry) => (entry.level === undefined ? [] : [entry.level])))].sort(
    (a, b) => b - a
  );
  const bands: Array<{ level?: number; entries: Entry[] }> = levels.map((level) => ({
    level,
    entries: bandOrder(list.filter((entry) => entry.level === level)),
  }));
  const unassigned = list.filter((entry) => entry.level === undefined);
  if (unassigned.length > 0) {
    bands.push({ entries: bandOrder(unassigned) });
  }
  return bands;
}

interface Grid {
  columns: number;
  rows: number;
  boxWidth: number;
}

/**
 * One row at the widest box width if it fits; otherwise the fewest rows that fit at the narrowest width, with the
 * band's boxes spread evenly over them (so the rows are as wide as they can be).
 */
function grid(count: number, available: number, minWidth: number, maxWidth: number): Grid {
  const fit = Math.max(1, Math.floor((available + COLUMN_GAP) / (minWidth + COLUMN_GAP)));
  const rows = Math.max(1, Math.ceil(count / fit));
  const columns = Math.max(1, Math.ceil(count / rows));
  const boxWidth = Math.max(0, Math.min(maxWidth, (available - (columns - 1) * COLUMN_GAP) / columns));
  return { columns, rows, boxWidth };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the segment from the box's centre towards (dx, dy) leaves the box. */
function borderPoint(box: Box, dx: number, dy: number): { x: number; y: number } {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const tx = dx === 0 ? Infinity : box.width / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : box.height / 2 / Math.abs(dy);
  const t = Math.min(tx, ty, 0.5);
  return { x: cx + dx * t, y: cy + dy * t };
}

function segments(edges: readonly LayoutEdge[], boxes: ReadonlyMap<string, PlacedBox>): EdgeSegment[] {
  const drawable = (Array.isArray(edges) ? edges : []).filter(
    (edge) => edge?.source !== edge?.target && boxes.has(edge?.source) && boxes.has(edge?.target)
  );
  const pairKey = (edge: LayoutEdge) =>
    edge.source < edge.target ? `${edge.source}\u0000${edge.target}` : `${edge.target}\u0000${edge.source}`;
  const pairs = new Map<string, number>();
  for (const edge of drawable) {
    pairs.set(pairKey(edge), (pairs.get(pairKey(edge)) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return drawable.map((edge) => {
    const key = pairKey(edge);
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    // Oriented by the pair, not the edge, so a two-way pair's lines do not cross.
    const [first, second] = edge.source < edge.target ? [edge.source, edge.target] : [edge.target, edge.source];
    const a = boxes.get(first) as PlacedBox;
    const b = boxes.get(second) as PlacedBox;
    const dx = b.x + b.width / 2 - (a.x + a.width / 2);
    const dy = b.y + b.height / 2 - (a.y + a.height / 2);
    const from = borderPoint(a, dx, dy);
    const to = borderPoint(b, -dx, -dy);
    const length = Math.hypot(dx, dy) || 1;
    const shift = (index - ((pairs.get(key) ?? 1) - 1) / 2) * PARALLEL_SPACING;
    const ox = (-dy / length) * shift;
    const oy = (dx / length) * shift;
    const [start, end] = first === edge.source ? [from, to] : [to, from];
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      x1: start.x + ox,
      y1: start.y + oy,
      x2: end.x + ox,
      y2: end.y + oy,
    };
  });
}

/**
 * The containers of one band's zones that have assets in it: `entries` in band order (a zone, then its assets) and
 * their `boxes`, one per entry; a zone's boxes on one row get one rectangle around them, `padX`/`padY` wider.
 */
function zoneContainers(
  entries: readonly Entry[],
  boxes: readonly PlacedBox[],
  band: number,
  padX: number,
  padY: number
): ZoneContainer[] {
  const containers: ZoneContainer[] = [];
  entries.forEach((entry, index) => {
    const zone = boxes[index];
    let end = index + 1;
    while (end < entries.length && entries[end].node.parent === entry.node.id) {
      end++;
    }
    if (end === index + 1) {
      return;
    }
    // bandOrder keeps a zone's assets right after it, so each row holds one unbroken run of them.
    let start = index;
    while (start < end) {
      let stop = start + 1;
      while (stop < end && boxes[stop].y === boxes[start].y) {
        stop++;
      }
      const first = boxes[start];
      const last = boxes[stop - 1];
      containers.push({
        id: zone.id,
        title: zone.title,
        band,
        x: first.x - padX,
        y: first.y - padY,
        width: last.x + last.width - first.x + 2 * padX,
        height: first.height + 2 * padY,
      });
      start = stop;
    }
  });
  return containers;
}

/**
 * Lays zones out in Purdue bands within `area`. Nodes without a level (and no parent with one) form a last band,
 * `Unassigned`; edges whose ends are not both placed, and loops, are left out. Never throws: a missing or negative
 * size counts as 0, a repeated node id keeps its first node.
 */
export function purdueLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  area: LayoutArea,
  options: PurdueLayoutOptions = {}
): PurdueLayout {
  const width = size(area?.width, 0);
  const height = size(area?.height, 0);
  const maxBoxWidth = Math.max(1, size(options.maxBoxWidth, DEFAULTS.maxBoxWidth));
  const minBoxWidth = Math.min(maxBoxWidth, Math.max(1, size(options.minBoxWidth, DEFAULTS.minBoxWidth)));
  const boxHeight = size(options.boxHeight, DEFAULTS.boxHeight);
  const margin = Math.min(MARGIN, width / 4, height / 4);
  const labelWidth = Math.min(size(options.labelWidth, DEFAULTS.labelWidth), width * 0.3);
  const boxesLeft = labelWidth;
  const available = Math.max(0, width - labelWidth - margin);

  const bands = bandsOf(entries(nodes)).map((band) => ({
    ...band,
    grid: grid(band.entries.length, available, minBoxWidth, maxBoxWidth),
  }));

  const contentHeight = (grids: Grid[]) =>
    grids.reduce((sum, g) => sum + 2 * BAND_PADDING + g.rows * boxHeight + (g.rows - 1) * ROW_GAP, 0) +
    Math.max(0, grids.length - 1) * BAND_GAP;
  const natural = contentHeight(bands.map((band) => band.grid));
  const room = Math.max(0, height - 2 * margin);
  // Too tall: every vertical measure shrinks alike. Room to spare: the bands share it, boxes keep their height.
  const scale = natural > room && natural > 0 ? room / natural : 1;
  const spare = natural > room || bands.length === 0 ? 0 : (room - natural) / bands.length;

  const placed: PlacedBox[] = [];
  const containers: ZoneContainer[] = [];
  // Less than half the gaps, so containers of neighbouring zones stay apart; within the margin, so inside the area.
  const padX = Math.min(COLUMN_GAP / 3, margin);
  const padY = (Math.min(ROW_GAP, BAND_PADDING, MARGIN) * scale) / 3;
  const layoutBands: PurdueBand[] = [];
  let y = margin;
  bands.forEach((band, bandIndex) => {
    const { columns, rows, boxWidth } = band.grid;
    const boxH = boxHeight * scale;
    const rowGap = ROW_GAP * scale;
    const bandHeight = (2 * BAND_PADDING + rows * boxHeight + (rows - 1) * ROW_GAP) * scale + spare;
    const top = y + (bandHeight - rows * boxH - (rows - 1) * rowGap) / 2;
    band.entries.forEach((entry, index) => {
      const row = Math.floor(index / columns);
      const inRow = Math.min(columns, band.entries.length - row * columns);
      const rowWidth = inRow * boxWidth + (inRow - 1) * COLUMN_GAP;
      const left = boxesLeft + (available - rowWidth) / 2;
      placed.push({
        id: entry.node.id,
        title: typeof entry.node.title === 'string' ? entry.node.title : entry.node.id,
        x: left + (index - row * columns) * (boxWidth + COLUMN_GAP),
        y: top + row * (boxH + rowGap),
        width: boxWidth,
        height: boxH,
        band: bandIndex,
        safety: entry.safety,
      });
    });
    containers.push(
      ...zoneContainers(band.entries, placed.slice(placed.length - band.entries.length), bandIndex, padX, padY)
    );
    layoutBands.push({
      key: band.level === undefined ? 'unassigned' : `L${band.level}`,
      ...(band.level === undefined ? {} : { level: band.level }),
      label: purdueBandLabel(band.level),
      y,
      height: bandHeight,
      nodeIds: band.entries.map((entry) => entry.node.id),
    });
    y += bandHeight + BAND_GAP * scale;
  });

  const byId = new Map(placed.map((box) => [box.id, box]));
  return { width, height, labelWidth, bands: layoutBands, boxes: placed, containers, edges: segments(edges, byId) };
}
