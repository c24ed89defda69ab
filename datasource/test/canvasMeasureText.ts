/**
 * jsdom has no canvas, and @grafana/ui's Combobox measures its option texts on one. Tests that render a Combobox
 * import this first: a 2D context that measures every character as 8 pixels wide.
 */
function context(): Pick<CanvasRenderingContext2D, 'measureText' | 'font'> {
  return {
    font: '',
    measureText: (text: string) => ({ width: text.length * 8 }) as TextMetrics,
  };
}

Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
  configurable: true,
  value: context,
});
