import { centreOn, fitViewport, MAX_ZOOM, toWorld, zoomAt } from './viewport';

describe('the viewport', () => {
  it('fits the world into the screen without enlarging it', () => {
    expect(fitViewport(2000, 1000, 1000, 1000)).toEqual({ x: 0, y: 250, k: 0.5 });
    expect(fitViewport(100, 100, 1000, 500).k).toBe(1);
  });

  it('keeps the label gutter clear of the fitted world', () => {
    const view = fitViewport(1120, 500, 620, 500, 120);
    expect(view.k).toBe(0.5);
    // World x 120, where zones start, lands at screen x 120, right of the labels.
    expect(120 * view.k + view.x).toBe(120);
  });

  it('keeps the world point under the cursor while zooming', () => {
    const view = zoomAt({ x: 10, y: 20, k: 0.5 }, 300, 200, 2);
    const before = toWorld({ x: 10, y: 20, k: 0.5 }, 300, 200);
    const after = toWorld(view, 300, 200);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomAt(view, 0, 0, 1000).k).toBe(MAX_ZOOM);
  });

  it('centres a box at the current zoom', () => {
    const view = centreOn({ x: 0, y: 0, k: 2 }, { x: 100, y: 50, width: 20, height: 10 }, 400, 200);
    expect(view.x + 110 * 2).toBe(200);
    expect(view.y + 55 * 2).toBe(100);
  });
});
