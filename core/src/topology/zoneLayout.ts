/**
 * Where the zone topology panel draws a plant of thousands of assets: Purdue levels as horizontal bands (the highest
 * on top, the industrial DMZ at 3.5, zones without a level in a last band), zones as containers side by side in their
 * band (safety zones after the others, beside the level they protect), each expanded zone's assets packed in a grid
 * inside it, and the observed flows summed onto what is visible: zone to zone, asset to asset inside expanded zones.
 *
 * The layout is in world units (the panel pans and zooms over it) and deterministic: the same input gives the same
 * picture, whatever the order of the input lists. A pinned zone keeps its world position, a pinned asset its place in
 * its zone (kept inside the zone's box). It runs in O(n log n) for n assets and flows: one sort, one pass each.
 */
import { isPublicAddress } from '../detectors/publicAddress';

export interface TopologyZoneInput {
  id: string;
  title: string;
  /** The Purdue level (3.5 for the industrial DMZ); none puts the zone in the last band, `Unassigned`. */
  level?: number;
  safety?: boolean;
}

export interface TopologyAssetInput {
  id: string;
  title: string;
  /** The id of the zone node it belongs to; an asset of no listed zone goes into the `No zone` container. */
  zone?: string;
  /** Its address, which tells an internet end from an unknown one. */
  ip?: string;
}

/** How live traffic fares against the conduit policy; `internet` is an unknown end with a public address. */
export type FlowVerdict = 'allowed' | 'violation' | 'unknown' | 'internet';
export const FLOW_VERDICTS: readonly FlowVerdict[] = ['violation', 'internet', 'unknown', 'allowed'];

export interface TopologyLinkInput {
  id: string;
  kind: 'conduit' | 'flow';
  /** Zone or asset ids. */
  source: string;
  target: string;
  /** Flows only; a flow without a verdict counts as `unknown`. */
  verdict?: FlowVerdict;
  /** Conduits only: a two-way conduit is drawn on the pair's centre line, a one-way one on its direction's side. */
  twoWay?: boolean;
  /** Connections (or any volume): what a drawn edge sums and its width shows. */
  volume?: number;
}

export interface PinnedPosition {
  x: number;
  y: number;
}

export interface ZoneLayoutOptions {
  /** Zone ids drawn collapsed: one box, their assets' flows summed onto it. */
  collapsed?: ReadonlySet<string>;
  /** Zone id to the world position of its top-left corner; asset id to its place relative to its zone's top-left. */
  pinned?: Readonly<Record<string, PinnedPosition>>;
}

export interface LaidOutBand {
  /** `L3.5`, ... or `unassigned`: stable across renders. */
  key: string;
  level?: number;
  /** `L3.5 DMZ`, `L1 Basic control`, ... or `Unassigned`. */
  label: string;
  y: number;
  height: number;
}

export interface LaidOutZone {
  id: string;
  title: string;
  band: number;
  x: number;
  y: number;
  width: number;
  height: number;
  safety: boolean;
  collapsed: boolean;
  pinned: boolean;
  /** Index range of its assets in `ZoneTopologyLayout.assets`. */
  firstAsset: number;
  assetCount: number;
}

export interface LaidOutAsset {
  id: string;
  title: string;
  /** Index into `ZoneTopologyLayout.zones`. */
  zone: number;
  x: number;
  y: number;
  width: number;
  height: number;
  pinned: boolean;
  /** False inside a collapsed zone: not drawn, its flows drawn from the zone. */
  visible: boolean;
}

export interface LaidOutEdge {
  /** `kind:source>target[:verdict]`, stable across renders. */
  id: string;
  kind: 'conduit' | 'flow';
  /** Drawn ends: zone or asset ids. */
  source: string;
  target: string;
  verdict?: FlowVerdict;
  twoWay: boolean;
  /** Summed volume of the input links drawn as this edge. */
  volume: number;
  /** How many input links it sums. */
  links: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface ZoneTopologyLayout {
  width: number;
  height: number;
  bands: LaidOutBand[];
  zones: LaidOutZone[];
  assets: LaidOutAsset[];
  edges: LaidOutEdge[];
  /** Flows between two assets of one collapsed zone: not drawn, counted per zone id. */
  hiddenWithinZones: Record<string, number>;
}

export const NO_ZONE_ID = 'no-zone';
export const NO_ZONE_TITLE = 'No zone';

/** World measures, in CSS pixels at zoom 1. */
export const ZONE_LAYOUT_METRICS = {
  labelWidth: 120,
  bandPadding: 24,
  zoneGap: 32,
  zoneHeader: 28,
  zonePadding: 8,
  collapsedWidth: 176,
  collapsedHeight: 64,
  assetWidth: 132,
  assetHeight: 26,
  assetGap: 6,
  /** Between the two directions of one pair of ends. */
  laneOffset: 5,
} as const;

const BAND_NAMES: ReadonlyMap<number, string> = new Map([
  [5, 'External'],
  [4, 'Enterprise'],
  [3.5, 'DMZ'],
  [3, 'Operations'],
  [2, 'Supervisory'],
  [1, 'Basic control'],
  [0, 'Process'],
]);

/** `L3.5 DMZ` for a level the Purdue model names, `L7` for one it does not, `Unassigned` without a level. */
export function bandLabel(level: number | undefined): string {
  if (level === undefined) {
    return 'Unassigned';
  }
  const name = BAND_NAMES.get(level);
  return name === undefined ? `L${level}` : `L${level} ${name}`;
}

/** `Cell 2` before `Cell 10`; a fixed locale, so the order is the same in every browser. */
const TITLE_ORDER = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function byTitle(a: { id: string; title: string }, b: { id: string; title: string }): number {
  return TITLE_ORDER.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function pinOf(pinned: ZoneLayoutOptions['pinned'], id: string): PinnedPosition | undefined {
  const pin = pinned !== undefined && Object.prototype.hasOwnProperty.call(pinned, id) ? pinned[id] : undefined;
  return pin !== undefined && finite(pin.x) !== undefined && finite(pin.y) !== undefined ? pin : undefined;
}

/** Columns of an expanded zone's asset grid: about three times as wide as tall, as panels are wide. */
function gridColumns(count: number): number {
  const m = ZONE_LAYOUT_METRICS;
  const ratio = (m.assetHeight + m.assetGap) / (m.assetWidth + m.assetGap);
  return Math.max(1, Math.ceil(Math.sqrt(count * ratio * 3)));
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/** Where the segment from the box's centre towards (dx, dy) leaves the box. */
function borderPoint(
  x: number,
  y: number,
  width: number,
  height: number,
  dx: number,
  dy: number
): { x: number; y: number } {
  const cx = x + width / 2;
  const cy = y + height / 2;
  const tx = dx === 0 ? Infinity : width / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : height / 2 / Math.abs(dy);
  const t = Math.min(tx, ty, 0.5);
  return { x: cx + dx * t, y: cy + dy * t };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Lays out zones, their assets and the links between them. Never throws: repeated ids keep their first entry, links
 * with an end that is neither a zone nor an asset, and loops, are left out.
 */
export function zoneTopologyLayout(
  zoneInput: readonly TopologyZoneInput[],
  assetInput: readonly TopologyAssetInput[],
  links: readonly TopologyLinkInput[],
  options: ZoneLayoutOptions = {}
): ZoneTopologyLayout {
  const m = ZONE_LAYOUT_METRICS;
  const collapsed = options.collapsed ?? new Set<string>();

  const zonesById = new Map<string, TopologyZoneInput>();
  for (const zone of zoneInput) {
    if (typeof zone?.id === 'string' && !zonesById.has(zone.id)) {
      zonesById.set(zone.id, zone);
    }
  }
  const assetsById = new Map<string, TopologyAssetInput>();
  for (const asset of assetInput) {
    if (typeof asset?.id === 'string' && !assetsById.has(asset.id) && !zonesById.has(asset.id)) {
      assetsById.set(asset.id, asset);
    }
  }
  const members = new Map<string, TopologyAssetInput[]>();
  for (const asset of assetsById.values()) {
    const zone = asset.zone !== undefined && zonesById.has(asset.zone) ? asset.zone : NO_ZONE_ID;
    const list = members.get(zone);
    if (list === undefined) {
      members.set(zone, [asset]);
    } else {
      list.push(asset);
    }
  }
  if (members.has(NO_ZONE_ID) && !zonesById.has(NO_ZONE_ID)) {
    zonesById.set(NO_ZONE_ID, { id: NO_ZONE_ID, title: NO_ZONE_TITLE });
  }

  // Bands, highest level first, unassigned last; zones in a band by title, safety zones after the others.
  const levelOf = (zone: TopologyZoneInput) => finite(zone.level);
  const levelSet = new Set([...zonesById.values()].map(levelOf));
  const levels: Array<number | undefined> = [...levelSet]
    .filter((level): level is number => level !== undefined)
    .sort((a, b) => b - a);
  if (levelSet.has(undefined)) {
    levels.push(undefined);
  }
  const bands: LaidOutBand[] = [];
  const zones: LaidOutZone[] = [];
  const assets: LaidOutAsset[] = [];
  const sortedMembers = new Map<string, TopologyAssetInput[]>();
  let bandTop = 0;
  let widest: number = m.labelWidth;
  levels.forEach((level, bandIndex) => {
    const bandZones = [...zonesById.values()]
      .filter((zone) => levelOf(zone) === level)
      .sort((a, b) => Number(a.safety === true) - Number(b.safety === true) || byTitle(a, b));
    let x = m.labelWidth;
    let tallest = 0;
    for (const zone of bandZones) {
      const list = (members.get(zone.id) ?? []).slice().sort(byTitle);
      sortedMembers.set(zone.id, list);
      const isCollapsed = collapsed.has(zone.id) || list.length === 0;
      const columns = gridColumns(list.length);
      const rows = Math.ceil(list.length / columns);
      const width = isCollapsed
        ? m.collapsedWidth
        : Math.max(m.collapsedWidth, 2 * m.zonePadding + columns * m.assetWidth + (columns - 1) * m.assetGap);
      const height = isCollapsed
        ? m.collapsedHeight
        : m.zoneHeader + m.zonePadding + rows * m.assetHeight + (rows - 1) * m.assetGap;
      zones.push({
        id: zone.id,
        title: typeof zone.title === 'string' ? zone.title : zone.id,
        band: bandIndex,
        x,
        y: 0,
        width,
        height,
        safety: zone.safety === true,
        collapsed: isCollapsed,
        pinned: false,
        firstAsset: 0,
        assetCount: list.length,
      });
      x += width + m.zoneGap;
      tallest = Math.max(tallest, height);
    }
    const height = tallest + 2 * m.bandPadding;
    for (let i = zones.length - bandZones.length; i < zones.length; i++) {
      zones[i].y = bandTop + m.bandPadding;
    }
    bands.push({
      key: level === undefined ? 'unassigned' : `L${level}`,
      ...(level === undefined ? {} : { level }),
      label: bandLabel(level),
      y: bandTop,
      height,
    });
    bandTop += height;
    widest = Math.max(widest, x - m.zoneGap + m.bandPadding);
  });

  // Pins, then assets in their zone's grid (or pinned place, kept inside the zone).
  zones.forEach((zone, zoneIndex) => {
    const pin = pinOf(options.pinned, zone.id);
    if (pin !== undefined) {
      zone.x = pin.x;
      zone.y = pin.y;
      zone.pinned = true;
    }
    const list = sortedMembers.get(zone.id) ?? [];
    const columns = gridColumns(list.length);
    zone.firstAsset = assets.length;
    list.forEach((asset, index) => {
      // In a collapsed zone every asset sits at the first place of the grid, hidden.
      let ax = m.zonePadding + (zone.collapsed ? 0 : (index % columns) * (m.assetWidth + m.assetGap));
      let ay = m.zoneHeader + (zone.collapsed ? 0 : Math.floor(index / columns) * (m.assetHeight + m.assetGap));
      const assetPin = zone.collapsed ? undefined : pinOf(options.pinned, asset.id);
      if (assetPin !== undefined) {
        ax = clamp(assetPin.x, 0, zone.width - m.assetWidth);
        ay = clamp(assetPin.y, m.zoneHeader, zone.height - m.assetHeight);
      }
      assets.push({
        id: asset.id,
        title: typeof asset.title === 'string' ? asset.title : asset.id,
        zone: zoneIndex,
        x: zone.x + ax,
        y: zone.y + ay,
        width: m.assetWidth,
        height: m.assetHeight,
        pinned: assetPin !== undefined,
        visible: !zone.collapsed,
      });
    });
  });

  // Each link's ends onto what is drawn: an asset of a collapsed zone is drawn as its zone. Ends are numbered (zones,
  // then assets, in layout order) so that edges are summed and ordered by number, without a string per link.
  const zoneCount = zones.length;
  const endCount = zoneCount + assets.length;
  const endIndex = new Map<string, number>();
  zones.forEach((zone, index) => endIndex.set(zone.id, index));
  assets.forEach((asset, index) => endIndex.set(asset.id, zoneCount + index));
  const drawnEnd = (index: number): number => {
    if (index < zoneCount) {
      return index;
    }
    const zone = assets[index - zoneCount].zone;
    return zones[zone].collapsed ? zone : index;
  };
  const zoneOfEnd = (index: number): number => (index < zoneCount ? index : assets[index - zoneCount].zone);
  const boxOf = (index: number): LaidOutZone | LaidOutAsset =>
    index < zoneCount ? zones[index] : assets[index - zoneCount];
  const idOf = (index: number): string => boxOf(index).id;
  const kinds = FLOW_VERDICTS.length + 1;
  const summed = new Map<number, LaidOutEdge>();
  const hiddenWithinZones: Record<string, number> = {};
  for (const link of links) {
    const source = link === undefined || link === null ? undefined : endIndex.get(link.source);
    const target = link === undefined || link === null ? undefined : endIndex.get(link.target);
    if (source === undefined || target === undefined || source === target) {
      continue;
    }
    const from = drawnEnd(source);
    const to = drawnEnd(target);
    if (from === to) {
      const zone = zones[zoneOfEnd(from)].id;
      hiddenWithinZones[zone] = (hiddenWithinZones[zone] ?? 0) + 1;
      continue;
    }
    const verdict = link.kind === 'flow' ? (link.verdict ?? 'unknown') : undefined;
    const kind = verdict === undefined ? 0 : 1 + Math.max(0, FLOW_VERDICTS.indexOf(verdict));
    const key = (from * endCount + to) * kinds + kind;
    const volume = Math.max(0, finite(link.volume) ?? 0);
    const twoWay = link.kind === 'conduit' && link.twoWay === true;
    const edge = summed.get(key);
    if (edge === undefined) {
      // One shape for every edge (ids filled in once summed), so the loop stays monomorphic.
      summed.set(key, {
        id: '',
        kind: verdict === undefined ? 'conduit' : 'flow',
        source: '',
        target: '',
        verdict,
        twoWay,
        volume,
        links: 1,
        x1: 0,
        y1: 0,
        x2: 0,
        y2: 0,
      });
    } else {
      edge.volume += volume;
      edge.links += 1;
      edge.twoWay ||= twoWay;
    }
  }
  const keys = [...summed.keys()].sort((a, b) => a - b);
  const edges: LaidOutEdge[] = [];
  for (const key of keys) {
    const edge = summed.get(key) as LaidOutEdge;
    const from = Math.floor(key / kinds / endCount);
    const to = Math.floor(key / kinds) % endCount;
    edge.source = idOf(from);
    edge.target = idOf(to);
    edge.id = `${edge.kind}:${edge.source}>${edge.target}${edge.verdict === undefined ? '' : `:${edge.verdict}`}`;
    if (edge.verdict === undefined) {
      delete edge.verdict;
    }
    placeEdge(edge, boxOf(from), boxOf(to));
    edges.push(edge);
  }

  let right: number = widest;
  let bottom = bandTop;
  for (const zone of zones) {
    right = Math.max(right, zone.x + zone.width + m.bandPadding);
    bottom = Math.max(bottom, zone.y + zone.height + m.bandPadding);
  }
  return { width: right, height: bottom, bands, zones, assets, edges, hiddenWithinZones };
}

/**
 * Segment between the borders of the two boxes. The two directions of one pair run on either side of the centre
 * line (a flow a→b on one side, b→a on the other), so they never hide each other; a two-way conduit runs on it.
 */
function placeEdge(edge: LaidOutEdge, a: Box, b: Box): void {
  const dx = b.x + b.width / 2 - (a.x + a.width / 2);
  const dy = b.y + b.height / 2 - (a.y + a.height / 2);
  const from = borderPoint(a.x, a.y, a.width, a.height, dx, dy);
  const to = borderPoint(b.x, b.y, b.width, b.height, -dx, -dy);
  const length = Math.hypot(dx, dy) || 1;
  // The normal of the edge's own direction: the reverse edge's normal points the other way, so it runs apart.
  const lanes = edge.kind === 'conduit' ? (edge.twoWay ? 0 : 1) : 2;
  const shift = lanes * ZONE_LAYOUT_METRICS.laneOffset;
  const ox = (-dy / length) * shift;
  const oy = (dx / length) * shift;
  edge.x1 = from.x + ox;
  edge.y1 = from.y + oy;
  edge.x2 = to.x + ox;
  edge.y2 = to.y + oy;
}

/** `internet` for an unknown end with a public address; otherwise the verdict as it came. */
export function flowVerdict(
  verdict: string | undefined,
  unknownEndIps: ReadonlyArray<string | undefined>
): FlowVerdict {
  if (verdict === 'allowed' || verdict === 'violation') {
    return verdict;
  }
  if (verdict === 'internet') {
    return 'internet';
  }
  return unknownEndIps.some((ip) => ip !== undefined && isPublicAddress(ip)) ? 'internet' : 'unknown';
}
