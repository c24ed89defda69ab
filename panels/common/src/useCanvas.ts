import { useCallback, useEffect, useRef } from 'react';

/**
 * A canvas of `width` x `height` CSS pixels backed by device pixels, redrawn by `draw` whenever it changes;
 * `draw` gets a context scaled to CSS pixels.
 */
export function useCanvas(
  width: number,
  height: number,
  draw: (context: CanvasRenderingContext2D) => void
): (canvas: HTMLCanvasElement | null) => void {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const paint = useCallback(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d') ?? null;
    if (canvas === null || context === null) {
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    draw(context);
  }, [width, height, draw]);
  useEffect(paint, [paint]);
  return useCallback(
    (canvas: HTMLCanvasElement | null) => {
      canvasRef.current = canvas;
      paint();
    },
    [paint]
  );
}
