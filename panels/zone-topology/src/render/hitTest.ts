import type { LaidOutEdge, ZoneTopologyLayout } from '@conduit/core';

export type Hit =
  { kind: 'zone'; index: number } | { kind: 'asset'; index: number } | { kind: 'edge'; edge: LaidOutEdge };

function contains(box: { x: number; y: number; width: number; height: number }, x: number, y: number): boolean {
  return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
}

function distanceToSegment(edge: LaidOutEdge, x: number, y: number): number {
  const dx = edge.x2 - edge.x1;
  const dy = edge.y2 - edge.y1;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((x - edge.x1) * dx + (y - edge.y1) * dy) / length));
  return Math.hypot(edge.x1 + t * dx - x, edge.y1 + t * dy - y);
}

/**
 * What is under the world point (x, y): an asset of an expanded zone, else the zone, else the nearest edge within
 * `tolerance` world units (violations first, as they are drawn on top). Zones are tried last-drawn first.
 */
export function hitTest(
  layout: ZoneTopologyLayout,
  x: number,
  y: number,
  tolerance: number,
  showConduits: boolean
): Hit | undefined {
  for (let z = layout.zones.length - 1; z >= 0; z--) {
    const zone = layout.zones[z];
    if (!contains(zone, x, y)) {
      continue;
    }
    if (!zone.collapsed) {
      for (let a = zone.firstAsset + zone.assetCount - 1; a >= zone.firstAsset; a--) {
        if (contains(layout.assets[a], x, y)) {
          return { kind: 'asset', index: a };
        }
      }
    }
    return { kind: 'zone', index: z };
  }
  let best: LaidOutEdge | undefined;
  let bestDistance = tolerance;
  for (const edge of layout.edges) {
    if (edge.kind === 'conduit' && !showConduits) {
      continue;
    }
    const distance = distanceToSegment(edge, x, y);
    if (distance < bestDistance || (distance === bestDistance && edge.verdict === 'violation')) {
      best = edge;
      bestDistance = distance;
    }
  }
  return best === undefined ? undefined : { kind: 'edge', edge: best };
}
