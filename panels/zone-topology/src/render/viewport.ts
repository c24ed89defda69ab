/** Pan and zoom: a screen point is `world * k + (x, y)`. */
export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 4;

function clampZoom(k: number): number {
  return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, k));
}

/**
 * The whole world in a `width` x `height` screen, centred, never enlarged past 1. The world's left `gutter` units (the
 * band labels' column) map onto the screen's left `gutter` pixels, where the labels are drawn at every zoom.
 */
export function fitViewport(
  worldWidth: number,
  worldHeight: number,
  width: number,
  height: number,
  gutter = 0
): Viewport {
  const contentWidth = worldWidth - gutter;
  const screenWidth = width - gutter;
  if (contentWidth <= 0 || worldHeight <= 0 || screenWidth <= 0 || height <= 0) {
    return { x: 0, y: 0, k: 1 };
  }
  const k = clampZoom(Math.min(1, screenWidth / contentWidth, height / worldHeight));
  return { x: gutter + (screenWidth - contentWidth * k) / 2 - gutter * k, y: (height - worldHeight * k) / 2, k };
}

/** Zoom by `factor` keeping the world point under the screen point (sx, sy) where it is. */
export function zoomAt(view: Viewport, sx: number, sy: number, factor: number): Viewport {
  const k = clampZoom(view.k * factor);
  const wx = (sx - view.x) / view.k;
  const wy = (sy - view.y) / view.k;
  return { x: sx - wx * k, y: sy - wy * k, k };
}

export function toWorld(view: Viewport, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - view.x) / view.k, y: (sy - view.y) / view.k };
}

/** The view moved so that the world box is in the middle of the screen, zoom kept. */
export function centreOn(
  view: Viewport,
  box: { x: number; y: number; width: number; height: number },
  width: number,
  height: number
): Viewport {
  return {
    k: view.k,
    x: width / 2 - (box.x + box.width / 2) * view.k,
    y: height / 2 - (box.y + box.height / 2) * view.k,
  };
}
